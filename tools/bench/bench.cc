// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// tools:bench's driver (see bench.h). Under each load condition it runs the
// rows one after another; within a row every repetition runs each variant
// (gosync, the peers, the floor) once, starting one further along each time
// (A B C, B C A, C A B, ...), so that drift on a shared machine hits all of
// them alike. Then Go's own benchmarks, never at the same time as ours.

#include "tools/bench/bench.h"

#include <benchmark/benchmark.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

ABSL_FLAG(bool, json, false, "print Google Benchmark's JSON and a summary");
ABSL_FLAG(std::string, filter, "", "only rows whose id or label matches");
ABSL_FLAG(bool, quick, false, "3 repetitions of 0.02 s, Go -count=1");
ABSL_FLAG(bool, go, true, "run Go's benchmarks (--no-go: do not)");
ABSL_FLAG(int, repetitions, 0, "repetitions per benchmark (default 5)");
ABSL_FLAG(double, min_time, 0, "seconds per repetition (default 0.1)");
ABSL_FLAG(bool, list, false, "print the rows and their benchmarks");
ABSL_FLAG(std::vector<std::string>, load,
          std::vector<std::string>({"0", "cpus"}),
          "load conditions: CPU-bound threads beside the run");

namespace go::tools::bench {
namespace {

constexpr char kUsage[] =
    "usage: tools/bazel run //tools:bench -- [--json] [--filter=REGEX] "
    "[--quick] [--no-go] [--load=N,...] [--repetitions=N] "
    "[--min_time=SECONDS] [--list] [--help]";

constexpr char kHelp[] =
    R"(tools:bench: is gosync fast, next to what you would use instead?

One table per load condition, a row per scenario of //tests:*_benchmarks:
the median ns/op (or rate) of gosync, its peers (the std:: and absl types
you would use instead; n/a: cannot express it) and the raw floor, run in
turn (A/B/A/B), the spread (min-max) under each; gosync / fastest peer and
/ floor; Go's figure if `go` is on PATH; the targets as PASS/MISS (not in
the exit status). Tables to stdout, progress to stderr. About 7 minutes.

  --json            Google Benchmark's JSON of every run, Go's figures and
                    the targets' verdicts
  --filter=REGEX    only rows whose id or label matches (ids: see --list)
  --quick           3 repetitions of 0.02 s, Go -count=1: a rough table fast
  --no-go           do not run Go's benchmarks
  --load=N,...      one table per condition, each beside N CPU-bound threads
                    in a separate process; `cpus` = the CPUs this process may
                    use (default 0,cpus: quiet, then one per CPU)
  --repetitions=N   repetitions per benchmark (default 5; the median is kept)
  --min_time=S      seconds per repetition (default 0.1)
  --list            print the rows and the benchmarks behind them; run nothing
  --help            this text
)";

using Clock = std::chrono::steady_clock;

struct Settings {
  int repetitions;
  double min_time;
  bool go, json;
  const char* go_benchtime;
  int go_count;
};

// The cells of a row: gosync, the peers, the floor (Row::bench's order).
enum { kGosync, kFloor = kNumPeers + 1, kCells };

const char* Header(const Row& row, int cell) {
  if (cell == kGosync) return "gosync";
  if (cell == kFloor) return "floor";
  return (*row.peers)[cell - 1];
}

int Cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return CPU_COUNT(&set);
}

void Spin() {
  for (;;) asm volatile("" ::: "memory");  // a side effect: not elided
}

// Starts a child process that keeps `threads` threads busy until Measure
// kills it, or the kernel does (PR_SET_PDEATHSIG) if this process dies any
// other way. A process of its own, so that the load is scheduled as a
// neighbour, not as our threads.
pid_t StartLoad(int threads) {
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(0);  // the parent died before prctl
    for (int i = 1; i < threads; ++i) std::thread(Spin).detach();
    Spin();
  }
  if (pid < 0) std::abort();
  std::cerr << "tools:bench: load: " << threads
            << " spinning threads in process " << pid << "\n";
  return pid;
}

// One variant of a row: each repetition (ns per iteration, or the row's
// counter) or whether it failed; then its figures per operation.
struct Cell {
  std::vector<double> ns;
  bool failed = false;
  int threads = 1;
  std::optional<double> median, min, max;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// Keeps the runs of one call in `cell` (their time, or `counter`) and
// passes them on to `json`. Without a cell it only counts: Google Benchmark
// runs nothing when ReportContext returns false.
class Collector : public benchmark::BenchmarkReporter {
 public:
  Collector(Cell* cell, benchmark::JSONReporter* json, const char* counter)
      : cell_(cell), json_(json), counter_(counter) {}
  bool ReportContext(const Context&) override { return cell_ != nullptr; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      cell_->threads = static_cast<int>(run.threads);
      if (run.error_occurred) {
        cell_->failed = true;
      } else if (counter_ != nullptr) {
        auto it = run.counters.find(counter_);
        if (it != run.counters.end()) cell_->ns.push_back(it->second.value);
      } else {
        cell_->ns.push_back(run.GetAdjustedRealTime() /
                            benchmark::GetTimeUnitMultiplier(run.time_unit) *
                            1e9);
      }
    }
    if (json_ != nullptr) json_->ReportRuns(runs);
  }

 private:
  Cell* cell_;
  benchmark::JSONReporter* json_;
  const char* counter_;
};

// Every name in the table must be registered: a renamed benchmark is an
// error here, not an empty cell.
bool CheckTable(const std::vector<Row>& rows) {
  Collector count_only(nullptr, nullptr, nullptr);
  std::ostringstream ignored;
  count_only.SetErrorStream(&ignored);
  bool ok = true;
  for (const Row& row : rows) {
    for (const std::string& name : row.bench) {
      if (!name.empty() && benchmark::RunSpecifiedBenchmarks(
                               &count_only, "^" + name + "$") == 0) {
        std::cerr << "tools:bench: row " << row.id << " names " << name
                  << ", which no linked benchmark registers\n";
        ok = false;
      }
    }
  }
  return ok;
}

struct GoRun {
  std::string version = {};
  std::map<std::string, std::vector<double>> ns = {};  // by `Row::go`
  std::vector<std::string> report = {};  // the table's lines about Go
};

// Runs `command` with a shell; returns its exit status and output.
int Shell(const std::string& command, std::string& output) {
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) {
    output.append(buf, n);
  }
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Go's benchmarks that the rows name: `go test` in package runtime
// (BenchmarkSemTable needs export_test.go's SemTable) and in package sync.
// `go` runs with its own cache under $TMPDIR (kept between runs: it saves
// compiling Go's runtime tests), can download nothing, and each command is
// killed with everything it started after 150 s (coreutils `timeout`
// signals its process group).
GoRun RunGo(const std::vector<const Row*>& rows, const Settings& s) {
  GoRun go;
  if (!s.go) return {.report = {"Go: not run (--no-go)"}};
  const char* tmp = std::getenv("TMPDIR");
  const std::string home =
      std::string(tmp && *tmp ? tmp : "/tmp") + "/gosync-bench-go";
  const std::string command = absl::StrCat(
      "mkdir -p '", home, "' && cd '", home, "' && exec env GOCACHE='", home,
      "/cache' GOPATH='", home, "/gopath' GOENV=off GOFLAGS= GOPROXY=off ",
      "GOTOOLCHAIN=local GOWORK=off GO111MODULE= CGO_ENABLED=0 ",
      "timeout -k 5 150 go ");
  std::string out;
  int status = Shell(command + "version", out);
  if (status == 127) {
    go.report.push_back(
        "Go figures: no `go` on PATH; to add Go's own benchmarks to this "
        "table, run `apt-get install golang-go`.");
    return go;
  }
  go.version = std::string(
      absl::StripPrefix(out.substr(0, out.find('\n')), "go version "));
  go.report.push_back(
      absl::StrFormat("Go: %s, median of %d x -benchtime=%s, GOMAXPROCS=%d",
                      go.version, s.go_count, s.go_benchtime, Cpus()));
  if (status != 0) go.report.push_back("Go: `go version` failed: " + out);

  // By package, the names up to the first '/' (-bench's first level).
  std::map<std::string, std::set<std::string>> names;
  for (const Row* row : rows) {
    if (row->go == nullptr || status != 0) continue;
    const std::string top(row->go, std::strcspn(row->go, "/"));
    names[top == "SemTable" ? "runtime" : "sync"].insert(top);
  }
  for (const auto& [package, tops] : names) {
    const std::string args =
        absl::StrCat("test -run XXX -bench '^Benchmark(",
                     absl::StrJoin(tops, "|"), ")$' -benchtime ",
                     s.go_benchtime, " -count ", s.go_count, " ", package);
    std::cerr << "[go] go " << args << "\n";
    out.clear();
    status = Shell(command + args, out);
    // Go appends "-<GOMAXPROCS>" to the name unless GOMAXPROCS is 1.
    static const std::regex line(
        R"((^|\n)Benchmark(\S+?)(-[0-9]+)?\s+[0-9]+\s+([0-9.]+) ns/op)");
    for (std::sregex_iterator it(out.begin(), out.end(), line), end; it != end;
         ++it) {
      go.ns[(*it)[2]].push_back(std::stod((*it)[4]));
    }
    if (status == 124 || status == 137) {
      go.report.push_back("Go: " + package + ": timed out (150 s)");
    } else if (status != 0) {
      go.report.push_back("Go: " + package + ": `go test` failed: " +
                          out.substr(out.size() > 300 ? out.size() - 300 : 0));
    }
  }
  return go;
}

// One row under one condition.
struct Figures {
  const Row* row = nullptr;
  std::array<Cell, kCells> cells = {};
  std::optional<double> best = {};  // the fastest peer's median
  std::optional<double> go = {};
};

struct Condition {
  int load = 0;
  std::vector<Figures> rows = {};
  GoRun go = {};
  std::string gbench_json = {};
};

Condition Measure(const std::vector<const Row*>& rows, int load,
                  const Settings& s, Clock::time_point start) {
  Condition c{load};
  const pid_t loader = load ? StartLoad(load) : 0;
  // Google Benchmark takes its settings only from argv, and keeps argv[0]
  // (its context's executable name).
  static char program[] = "tools_bench", once[] = "--benchmark_repetitions=1";
  std::string min_time = "--benchmark_min_time=" + std::to_string(s.min_time);
  char* argv[] = {program, once, min_time.data(), nullptr};
  int argc = 3;
  benchmark::Initialize(&argc, argv);
  std::ostringstream json_out, ignored;
  benchmark::JSONReporter json;
  json.SetOutputStream(&json_out);
  if (s.json) json.ReportContext(benchmark::BenchmarkReporter::Context());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    Figures& f = c.rows.emplace_back(Figures{rows[r]});
    std::vector<int> variants;
    for (int i = 0; i < kCells; ++i) {
      if (!f.row->bench[i].empty()) variants.push_back(i);
    }
    for (int rep = 0; rep < s.repetitions; ++rep) {
      for (std::size_t k = 0; k < variants.size(); ++k) {
        int i = variants[(k + rep) % variants.size()];
        Cell& cell = f.cells[i];
        if (cell.failed) continue;
        Collector collector(&cell, s.json ? &json : nullptr, f.row->counter);
        collector.SetErrorStream(&ignored);
        benchmark::RunSpecifiedBenchmarks(&collector,
                                          "^" + f.row->bench[i] + "$");
      }
    }
    const double per = f.row->ops_per_iteration;
    for (int i = 0; i < kCells; ++i) {
      Cell& cell = f.cells[i];
      if (cell.failed || cell.ns.empty()) continue;
      cell.median = Median(cell.ns) / per;
      cell.min = *std::min_element(cell.ns.begin(), cell.ns.end()) / per;
      cell.max = *std::max_element(cell.ns.begin(), cell.ns.end()) / per;
      if (i != kGosync && i != kFloor && (!f.best || *cell.median < *f.best)) {
        f.best = cell.median;
      }
    }
    const std::chrono::duration<double> elapsed = Clock::now() - start;
    std::fprintf(stderr, "[%2zu/%zu %4ds] load %d: %s\n", r + 1, rows.size(),
                 static_cast<int>(elapsed.count()), load, f.row->id);
  }
  if (s.json) {
    json.Finalize();
    c.gbench_json = json_out.str();
  }
  c.go = RunGo(rows, s);
  for (Figures& f : c.rows) {
    auto it = f.row->go ? c.go.ns.find(f.row->go) : c.go.ns.end();
    if (it != c.go.ns.end())
      f.go = Median(it->second) / f.row->ops_per_iteration;
  }
  if (loader > 0) {
    kill(loader, SIGKILL);
    waitpid(loader, nullptr, 0);
  }
  return c;
}

// Three significant digits ("3.61", "14.6", "178", "5120"); with `compact`,
// 10,000 and up in thousands or millions ("16.7k", "3.65M"; min-max line).
std::string FormatNs(std::optional<double> ns, bool compact = false) {
  if (!ns) return "n/a";
  if (compact && *ns >= 1e4) {
    return *ns < 1e6   ? FormatNs(*ns / 1e3) + "k"
           : *ns < 1e9 ? FormatNs(*ns / 1e6) + "M"
                       : FormatNs(*ns / 1e9) + "G";
  }
  return *ns < 100 ? absl::StrFormat("%.3g", *ns)
                   : absl::StrFormat("%.0f", *ns);
}

std::string FormatRatio(std::optional<double> ratio, int decimals = 2) {
  if (!ratio) return "n/a";
  return absl::StrFormat("%.*fx", *ratio < 10 ? decimals : 0, *ratio);
}

std::string Pad(const std::string& s, std::size_t width, bool right = true) {
  const int w = static_cast<int>(width);
  return right ? absl::StrFormat("%*s", w, s) : absl::StrFormat("%-*s", w, s);
}

std::optional<double> Ratio(std::optional<double> ours,
                            std::optional<double> theirs) {
  if (!ours || !theirs || *theirs <= 0) return std::nullopt;
  return *ours / *theirs;
}

// One target under one condition.
struct Verdict {
  const Row* row;
  const Target* target;
  std::string description, detail;
  std::optional<double> ratio;  // kAtLeast: gosync's own figure
  const char* Name() const {
    if (!ratio) return "n/a";
    const bool at_least = target->versus == Versus::kAtLeast;
    return (at_least ? *ratio >= target->limit : *ratio <= target->limit)
               ? "PASS"
               : "MISS";
  }
};

std::vector<Verdict> Evaluate(const Condition& c) {
  std::vector<Verdict> out;
  for (const Figures& f : c.rows) {
    const std::optional<double> ours = f.cells[kGosync].median;
    for (const Target& t : f.row->targets) {
      if (t.when == (c.load ? When::kQuiet : When::kLoaded)) continue;
      Verdict& v = out.emplace_back(
          Verdict{f.row, &t, f.row->label, "gosync " + FormatNs(ours), ours});
      if (t.versus == Versus::kAtLeast) {
        v.description += " >= " + FormatNs(t.limit) + " (gosync's own figure)";
        continue;
      }
      std::optional<double> theirs = f.best;
      std::string versus = "fastest peer";
      if (t.versus == Versus::kGo) {
        theirs = f.go;
        versus = "Go";
      } else if (t.versus == Versus::kRow) {
        theirs = std::nullopt;
        versus = t.row;
        for (const Figures& g : c.rows) {
          if (std::strcmp(g.row->id, t.row) == 0)
            theirs = g.cells[kGosync].median;
        }
      } else if (t.versus != Versus::kBestPeer) {
        // kPeer0, kPeer1, kPeer2, kFloor: cells 1 to kFloor.
        const int cell = static_cast<int>(t.versus) + 1;
        theirs = f.cells[cell].median;
        versus = Header(*f.row, cell);
      }
      v.ratio = Ratio(ours, theirs);
      v.description += " <= " + FormatRatio(t.limit) + " " + versus;
      v.detail = v.ratio ? v.detail + " ns / " + versus + " " +
                               FormatNs(theirs) + " ns"
                         : "not measured";
    }
  }
  return out;
}

void WriteText(const Condition& c, const Settings& s, std::ostream& out) {
  out << "\n== load: "
      << (c.load ? std::to_string(c.load) +
                       " CPU-bound threads in a separate process"
                 : "quiet (no load)")
      << "\n";
  for (const std::string& line : c.go.report) out << line << "\n";
  // Labels with their footnote marks; each distinct note is numbered once.
  std::vector<std::string> notes, labels;
  std::size_t label_width = 8;
  for (const Figures& f : c.rows) {
    std::string label = f.row->label;
    for (const char* note : f.row->notes) {
      auto it = std::find(notes.begin(), notes.end(), note);
      if (it == notes.end()) it = notes.insert(notes.end(), note);
      label += " [" + std::to_string(it - notes.begin() + 1) + "]";
    }
    labels.push_back(label);
    label_width = std::max(label_width, label.size());
  }
  const std::size_t w = 12;
  for (std::size_t r = 0; r < c.rows.size(); ++r) {
    const Figures& f = c.rows[r];
    const Row* previous = r ? c.rows[r - 1].row : nullptr;
    if (!previous || f.row->peers != previous->peers) {
      std::string header = Pad("scenario", label_width, false) + Pad("thr", 4);
      for (int i = 0; i < kCells; ++i) header += Pad(Header(*f.row, i), w);
      header += Pad("Go", w) + Pad("/peer", 8) + Pad("/floor", 8);
      out << "\n" << header << "\n" << std::string(header.size(), '-') << "\n";
    }
    if (!f.row->primary && (!previous || previous->primary)) {
      out << "also measured:\n";
    }
    std::string line = Pad(labels[r], label_width, false) +
                       Pad(std::to_string(f.cells[kGosync].threads), 4);
    std::string spread = Pad("  min-max", label_width + 4, false);
    for (int i = 0; i < kCells; ++i) {
      const Cell& cell = f.cells[i];
      line += Pad(f.row->bench[i].empty() ? "n/a"
                  : cell.failed           ? "fail"
                                          : FormatNs(cell.median),
                  w);
      spread += Pad(
          cell.min ? FormatNs(cell.min, true) + "-" + FormatNs(cell.max, true)
                   : "",
          w);
    }
    const std::optional<double> ours = f.cells[kGosync].median;
    out << line << Pad(FormatNs(f.go), w)
        << Pad(FormatRatio(Ratio(ours, f.best)), 8)
        << Pad(FormatRatio(Ratio(ours, f.cells[kFloor].median)), 8) << "\n";
    if (s.repetitions > 1) out << spread << "\n";
  }
  out << "\nthr = threads running the benchmark (ns/op is wall time over all "
         "of their ops); min-max = the spread over the repetitions; /peer = "
         "gosync / fastest peer; /floor = gosync / floor; n/a = not "
         "expressible or not measured; fail = the benchmark reported an "
         "error.\n";
  for (std::size_t i = 0; i < notes.size(); ++i) {
    out << "[" << i + 1 << "] " << notes[i] << "\n";
  }
  out << "\ntargets (" << (c.load ? "loaded" : "quiet")
      << "; reported, not enforced):\n";
  for (const Verdict& v : Evaluate(c)) {
    // Three decimals, so that a ratio just over its limit does not print
    // as the limit itself.
    out << Pad(v.Name(), 6, false) << Pad(v.description, 62, false)
        << Pad(!v.ratio                               ? ""
               : v.target->versus == Versus::kAtLeast ? FormatNs(v.ratio)
                                                      : FormatRatio(v.ratio, 3),
               8)
        << "  " << v.detail << "\n";
  }
}

// Our ids and descriptions need no escapes; Go's version might.
std::string Quote(std::string s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"' || s[i] == '\\') s.insert(i++, 1, '\\');
    if (static_cast<unsigned char>(s[i]) < 0x20) s[i] = ' ';
  }
  return '"' + s + '"';
}

std::string Number(std::optional<double> v) {
  return v ? absl::StrFormat("%.6g", *v) : "null";
}

// The summary: what Google Benchmark's document beside it lacks, Go's
// figures (per operation) and the verdicts. Its runs have the rest; a
// SemTable run's time per operation is its counter `per_op`.
void WriteJson(const Condition& c, std::ostream& out) {
  out << "{\"load\": " << c.load << ", \"go_version\": " << Quote(c.go.version)
      << ",\n \"go_ns\": {";
  const char* sep = "";
  for (const Figures& f : c.rows) {
    if (f.go) {
      out << std::exchange(sep, ", ") << Quote(f.row->id) << ": "
          << Number(f.go);
    }
  }
  out << "},\n \"targets\": [";
  sep = "\n  ";
  for (const Verdict& v : Evaluate(c)) {
    out << std::exchange(sep, ",\n  ") << "{\"row\": " << Quote(v.row->id)
        << ", \"description\": " << Quote(v.description)
        << ", \"verdict\": " << Quote(v.Name())
        << ", \"ratio\": " << Number(v.ratio)
        << ", \"limit\": " << Number(v.target->limit) << "}";
  }
  out << "],\n \"google_benchmark\": " << c.gbench_json << "}";
}

std::string Machine() {
  std::ifstream in("/proc/cpuinfo");
  const std::string cpuinfo((std::istreambuf_iterator<char>(in)), {});
  std::smatch model;
  std::regex_search(cpuinfo, model, std::regex("model name\\s*: *(.*)"));
  utsname u;
  std::string kernel =
      uname(&u) == 0 ? absl::StrCat(u.sysname, " ", u.release, " ", u.machine)
                     : "";
#if defined(__clang__)
  std::string compiler = "clang " __clang_version__;
#else
  std::string compiler = "gcc " __VERSION__;
#endif
  // The benchmark libraries are built in the same configuration as this file.
#if defined(__OPTIMIZE__)
  compiler += ", optimized";
#else
  compiler += ", NOT OPTIMIZED (use -c opt)";
#endif
  return absl::StrCat(Cpus(), " CPUs, ",
                      model.empty() ? "unknown CPU" : model[1].str(), ", ",
                      kernel, "; ", compiler);
}

}  // namespace

int BenchMain(const std::vector<Row>& table, int argc, char** argv) {
  const auto start = Clock::now();
  // Our own --help, because absl's lists flags by file and exits with 1; and
  // --no-go, which absl, whose names cannot contain '-', spells --nogo.
  std::vector<char*> args(argv, argv + argc);
  static char nogo[] = "--nogo";
  for (char*& arg : args) {
    if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0) {
      std::cout << kHelp << "\n" << kUsage << "\n";
      return 0;
    }
    if (std::strcmp(arg, "--no-go") == 0) arg = nogo;
  }
  absl::SetProgramUsageMessage(kUsage);
  absl::ParseCommandLine(static_cast<int>(args.size()), args.data());

  const bool quick = absl::GetFlag(FLAGS_quick);
  Settings s{absl::GetFlag(FLAGS_repetitions), absl::GetFlag(FLAGS_min_time),
             absl::GetFlag(FLAGS_go),          absl::GetFlag(FLAGS_json),
             quick ? "50ms" : "100ms",         quick ? 1 : 3};
  if (s.repetitions == 0) s.repetitions = quick ? 3 : 5;
  if (s.min_time == 0) s.min_time = quick ? 0.02 : 0.1;
  std::string error;
  if (s.repetitions < 1 || s.repetitions > 100) {
    error = "--repetitions needs a whole number from 1 to 100";
  } else if (!(s.min_time > 0 && s.min_time <= 10)) {
    error = "--min_time needs seconds in (0, 10]";
  }
  std::vector<int> loads;
  for (const std::string& l : absl::GetFlag(FLAGS_load)) {
    int n = Cpus();
    if (l != "cpus" && (!absl::SimpleAtoi(l, &n) || n < 0 || n > 1024)) {
      error = "--load takes thread counts from 0 to 1024 or `cpus`, not '" + l +
              "'";
    }
    loads.push_back(n);
  }
  if (loads.empty()) error = "--load needs at least one condition, e.g. 0";
  const std::string pattern = absl::GetFlag(FLAGS_filter);
  std::regex filter;
  try {
    filter.assign(pattern);
  } catch (const std::regex_error&) {
    error = "--filter: not a valid regular expression: " + pattern;
  }
  if (!error.empty()) {
    std::cerr << "tools:bench: " << error << "\n" << kUsage << "\n";
    return 2;
  }

  if (!CheckTable(table)) return 1;
  std::vector<const Row*> rows;
  for (const Row& row : table) {
    if (std::regex_search(row.id, filter) ||
        std::regex_search(row.label, filter)) {
      rows.push_back(&row);
    }
  }
  if (absl::GetFlag(FLAGS_list)) {
    for (const Row* row : rows) {
      std::cout << row->id << "  (" << row->label << ")\n";
      for (const std::string& name : row->bench) {
        if (!name.empty()) std::cout << "    " << name << "\n";
      }
      if (row->go != nullptr)
        std::cout << "    Go: Benchmark" << row->go << "\n";
    }
    return 0;
  }
  if (rows.empty()) {
    std::cerr << "tools:bench: no row matches --filter=" << pattern
              << " (see --list)\n";
    return 1;
  }
  const std::string machine = Machine();
  if (!s.json) {
    std::cout << absl::StrFormat(
        "gosync tools:bench: median ns/op of %d repetitions, >= %.3g s each, "
        "the variants of a row in turn\nmachine: %s\n",
        s.repetitions, s.min_time, machine);
  }
  const char* sep = "{\"conditions\": [\n";
  for (int load : loads) {
    const Condition c = Measure(rows, load, s, start);
    if (s.json) {
      std::cout << std::exchange(sep, ",\n");
      WriteJson(c, std::cout);
    } else {
      WriteText(c, s, std::cout);
    }
    std::cout << std::flush;
  }
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - start).count();
  if (s.json) {
    std::cout << "],\n \"machine\": " << Quote(machine)
              << ", \"elapsed_s\": " << Number(elapsed) << "}\n";
  } else {
    std::cout << absl::StrFormat("\ntotal time %.0f s\n", elapsed);
  }
  return 0;
}

}  // namespace go::tools::bench
