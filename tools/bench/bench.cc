// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// tools:bench's driver (see bench.h). Under each load condition it runs the
// rows one after another; within a row every repetition runs each variant
// (gosync, the peers, the floor) once, starting one further along each time
// (A B C, B C A, C A B, ...), so that drift on a shared machine hits all of
// them alike. Then Go's own benchmarks, never at the same time as ours.
// --json: per condition, Google Benchmark's own JSON of every run (it
// describes the runs and the machine; no JSON library needed) beside a
// small summary of the table and the targets.

#include "tools/bench/bench.h"

#include <benchmark/benchmark.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
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
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"

ABSL_FLAG(bool, json, false, "print the tables as JSON");
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

Runs gosync's benchmarks (//tests:*_benchmarks) and prints one table per load
condition: a row per scenario, the median ns/op of gosync, its peers (the
std:: and absl types you would use instead: std::latch, std::mutex,
std::call_once, absl::Notification, ...) and the raw floor (plain atomics,
futex), the spread (min-max) under it, then gosync / fastest peer and gosync
/ floor; "n/a" marks a peer that cannot express the scenario. A rate row
shows its rate instead of ns. The variants of a row run in turn, A/B/A/B.
If `go` is on PATH, Go's own benchmarks fill the Go column. Each row's
targets print as PASS/MISS (the exit status ignores them). Progress goes to
stderr, the tables to stdout. About 3 minutes on 2 cores.

  --json            Google Benchmark's JSON of every run, and a summary
  --filter=REGEX    only rows whose id or label matches (ids: uncontended,
                    adddone, wait, wake, mutex, once, cond/N, handoff, ...;
                    see --list)
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

// Cells of a row, then the two figures a target can also be against.
enum { kGosync, kFloor = kNumPeers + 1, kCells, kBest = kCells, kGoCell };
constexpr int kRowCell = kGoCell + 1;
static_assert(static_cast<int>(Versus::kPeer0) == 1 &&
              static_cast<int>(Versus::kFloor) == kFloor &&
              static_cast<int>(Versus::kBestPeer) == kBest &&
              static_cast<int>(Versus::kGo) == kGoCell &&
              static_cast<int>(Versus::kRow) == kRowCell &&
              static_cast<int>(Versus::kAtLeast) == kRowCell + 1);

const char* Header(const Row& row, int cell) {
  if (cell == kGosync) return "gosync";
  if (cell == kFloor) return "floor";
  return row.peers->name[cell - 1];
}

int Cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return CPU_COUNT(&set);
}

// --- Load --------------------------------------------------------------------

void* Spin(void*) {
  for (;;) asm volatile("" ::: "memory");  // a side effect: not elided
}

// A child process that keeps `threads` threads busy for as long as this
// object lives: killed by the destructor, and by the kernel
// (PR_SET_PDEATHSIG) if this process dies any other way. A process of its
// own, so that the load is scheduled as a neighbour, not as our threads.
class Load {
 public:
  explicit Load(int threads) {
    if (threads == 0) return;
    int ready[2];
    if (pipe(ready) != 0) std::abort();
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(0);  // the parent died before prctl
      for (int i = 1; i < threads; ++i) {
        pthread_t t;
        pthread_create(&t, nullptr, Spin, nullptr);
      }
      char c = 1;
      if (write(ready[1], &c, 1) != 1) _exit(1);
      Spin(nullptr);
    }
    close(ready[1]);
    char c;
    if (pid_ < 0 || read(ready[0], &c, 1) != 1) std::abort();
    close(ready[0]);
    std::cerr << "tools:bench: load: " << threads
              << " spinning threads in process " << pid_ << "\n";
  }
  ~Load() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  Load(const Load&) = delete;
  Load& operator=(const Load&) = delete;

 private:
  pid_t pid_ = -1;
};

// --- Running Google Benchmark ------------------------------------------------

// Each repetition of each variant (ns per iteration), or the error it
// reported.
struct Cell {
  std::vector<double> ns;
  std::string error;
};

std::optional<double> Median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// Keeps the runs of one call in `cell` (their time, or `counter`) and
// passes them on to `json`.
class Collector : public benchmark::BenchmarkReporter {
 public:
  Collector(Cell* cell, benchmark::JSONReporter* json,
            const char* counter = nullptr)
      : cell_(cell), json_(json), counter_(counter) {}
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      if (run.error_occurred) {
        cell_->error = run.error_message.empty() ? "error" : run.error_message;
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

// Google Benchmark takes its settings only from argv.
void InitializeBenchmark(std::vector<std::string> args) {
  // Google Benchmark keeps argv[0] (its context's executable name).
  static char program[] = "tools_bench";
  std::vector<char*> argv = {program};
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(argv.size()) - 1;
  benchmark::Initialize(&argc, argv.data());
}

// --- Running Go --------------------------------------------------------------

struct GoRun {
  bool available = false;
  std::string version;
  std::map<std::string, double> median;  // by the rows' `go` names
  std::vector<std::string> problems;
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

// `go` runs in a scratch directory with its own cache under $TMPDIR (kept
// between runs: it saves compiling Go's runtime tests), can download
// nothing, and is killed with everything it started (coreutils `timeout`
// signals its process group) when the time budget is used up.
GoRun RunGo(const std::vector<const Row*>& rows, const std::string& benchtime,
            int count) {
  GoRun go;
  const char* tmp = std::getenv("TMPDIR");
  const std::string home =
      std::string(tmp && *tmp ? tmp : "/tmp") + "/gosync-bench-go";
  const std::string scratch = home + "/run-" + std::to_string(getpid());
  const std::string env =
      "mkdir -p '" + scratch + "' && cd '" + scratch +
      "' && exec env GOCACHE='" + home + "/cache' GOPATH='" + home +
      "/gopath' GOENV=off GOFLAGS= " +
      "GOPROXY=off GOTOOLCHAIN=local GOWORK=off GO111MODULE= CGO_ENABLED=0 ";
  const auto deadline = Clock::now() + std::chrono::seconds(150);
  auto go_command = [&](const std::string& args, std::string& out) {
    auto left =
        std::chrono::ceil<std::chrono::seconds>(deadline - Clock::now());
    if (left.count() <= 0) return 124;
    return Shell(
        env + "timeout -k 5 " + std::to_string(left.count()) + " go " + args,
        out);
  };
  std::string version;
  int status = go_command("version", version);
  if (status == 127) return go;  // no `go` on PATH
  go.available = true;
  go.version = version.substr(0, version.find('\n'));
  if (status != 0) go.problems.push_back("`go version` failed: " + version);
  if (go.version.rfind("go version ", 0) == 0) go.version.erase(0, 11);

  // Go's -bench takes one regex per level of the name. BenchmarkSemTable is
  // in package runtime (it needs export_test.go's SemTable); every other
  // figure comes from package sync.
  std::map<std::string, std::array<std::set<std::string>, 2>> levels;
  for (const Row* row : rows) {
    if (row->go == nullptr || status != 0) continue;
    std::string name = row->go;
    std::string top = name.substr(0, name.find('/'));
    auto& level = levels[top == "SemTable" ? "runtime" : "sync"];
    level[0].insert(top);
    if (name != top) level[1].insert(name.substr(top.size() + 1));
  }
  std::map<std::string, std::vector<double>> samples;
  for (const auto& [package, level] : levels) {
    std::string pattern;
    for (const std::set<std::string>& names : level) {
      if (names.empty()) continue;
      std::string alternation;
      for (const std::string& n : names)
        alternation += "|" + n.substr(0, n.find('/'));
      pattern += (pattern.empty() ? "^Benchmark(" : "/^(") +
                 alternation.substr(1) + ")$";
    }
    std::string args = "test -run XXX -bench '" + pattern + "' -benchtime " +
                       benchtime + " -count " + std::to_string(count) + " " +
                       package;
    std::cerr << "[go] go " << args << "\n";
    std::string out;
    status = go_command(args, out);
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
      std::istringstream f(line);
      std::string name, iterations, unit;
      double ns;
      if (line.rfind("Benchmark", 0) == 0 &&
          f >> name >> iterations >> ns >> unit && unit == "ns/op") {
        // Go appends "-<GOMAXPROCS>" unless GOMAXPROCS is 1.
        samples[std::regex_replace(name.substr(9), std::regex("-[0-9]+$"), "")]
            .push_back(ns);
      }
    }
    if (status != 0) {
      go.problems.push_back(
          package +
          (status == 124 || status == 137
               ? ": timed out (150 s)"
               : ": `go test` failed: " +
                     out.substr(out.size() > 300 ? out.size() - 300 : 0)));
    }
  }
  for (auto& [name, ns] : samples) go.median[name] = *Median(ns);
  Shell("rm -rf '" + scratch + "'", version);
  return go;
}

// --- Measuring one condition -------------------------------------------------

struct Settings {
  int repetitions;
  double min_time;
  bool go;
  std::string go_benchtime;
  int go_count;
  bool json;
};

struct Condition {
  int load = 0;
  std::vector<std::array<Cell, kCells>> cells;  // per row
  GoRun go;
  std::string gbench_json;
};

Condition Measure(const std::vector<const Row*>& rows, int load,
                  const Settings& s, Clock::time_point start) {
  Condition c;
  c.load = load;
  c.cells.resize(rows.size());
  Load spinning(load);
  InitializeBenchmark({"--benchmark_list_tests=false",
                       "--benchmark_repetitions=1",
                       "--benchmark_min_time=" + std::to_string(s.min_time)});
  std::ostringstream json_out, json_err;
  benchmark::JSONReporter json;
  json.SetOutputStream(&json_out);
  json.SetErrorStream(&json_err);
  if (s.json) json.ReportContext(benchmark::BenchmarkReporter::Context());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& names = rows[r]->bench;
    std::vector<int> variants;
    for (int i = 0; i < kCells; ++i) {
      if (!names[i].empty()) variants.push_back(i);
    }
    for (int rep = 0; rep < s.repetitions; ++rep) {
      for (std::size_t k = 0; k < variants.size(); ++k) {
        int i = variants[(k + rep) % variants.size()];
        Cell& cell = c.cells[r][i];
        if (!cell.error.empty()) continue;
        Collector collector(&cell, s.json ? &json : nullptr, rows[r]->counter);
        std::ostringstream ignored;
        collector.SetErrorStream(&ignored);
        benchmark::RunSpecifiedBenchmarks(&collector, "^" + names[i] + "$");
      }
    }
    const std::chrono::duration<double> elapsed = Clock::now() - start;
    std::fprintf(stderr, "[%2zu/%zu %4.0fs] load %d: %s\n", r + 1, rows.size(),
                 std::floor(elapsed.count()), load, rows[r]->id);
  }
  if (s.json) {
    json.Finalize();
    c.gbench_json = json_out.str();
  }
  if (s.go) c.go = RunGo(rows, s.go_benchtime, s.go_count);
  return c;
}

// --- The report ------------------------------------------------------------

// Three significant digits ("3.61", "14.6", "178", "5120"); with `compact`,
// 10,000 and up in thousands or millions ("16.7k", "3.65M"; min-max line).
std::string FormatNs(std::optional<double> ns, bool compact = false) {
  if (!ns) return "n/a";
  double v = *ns;
  const char* unit = "";
  for (const char* u : {"k", "M", "G"}) {
    if (!compact || v < (*unit ? 1e3 : 1e4)) break;
    v /= 1e3;
    unit = u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, v < 100 ? "%.3g%s" : "%.0f%s", v, unit);
  return buf;
}

std::string FormatRatio(std::optional<double> ratio, int decimals = 2) {
  if (!ratio) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*fx", *ratio < 10 ? decimals : 0, *ratio);
  return buf;
}

std::string Pad(const std::string& s, std::size_t width, bool right = true) {
  if (s.size() >= width) return s;
  return right ? std::string(width - s.size(), ' ') + s
               : s + std::string(width - s.size(), ' ');
}

// The figures of one row under one condition, per operation, indexed as
// `Versus`: gosync, the peers, the floor, the fastest peer, Go.
struct Figures {
  const Row* row = nullptr;
  std::array<std::optional<double>, kCells + 2> median;
  std::array<std::optional<double>, kCells> min, max;
  std::optional<double> Ratio(int versus) const {
    const std::optional<double>& theirs = median[versus];
    if (!median[kGosync] || !theirs || *theirs <= 0) return std::nullopt;
    return *median[kGosync] / *theirs;
  }
};

Figures Compute(const Row& row, const std::array<Cell, kCells>& cells,
                const GoRun& go) {
  Figures f;
  f.row = &row;
  const double per = row.ops_per_iteration;
  for (int i = 0; i < kCells; ++i) {
    const std::vector<double>& ns = cells[i].ns;
    if (!cells[i].error.empty() || ns.empty()) continue;
    f.median[i] = *Median(ns) / per;
    f.min[i] = *std::min_element(ns.begin(), ns.end()) / per;
    f.max[i] = *std::max_element(ns.begin(), ns.end()) / per;
    if (i > kGosync && i < kFloor &&
        (!f.median[kBest] || *f.median[i] < *f.median[kBest])) {
      f.median[kBest] = f.median[i];
    }
  }
  if (row.go != nullptr && go.median.count(row.go)) {
    f.median[kGoCell] = go.median.at(row.go) / per;
  }
  return f;
}

struct Verdict {
  const Row* row = nullptr;
  const Target* target = nullptr;
  std::string description, detail;
  std::optional<double> ratio;
};

std::vector<Verdict> Evaluate(const std::vector<Figures>& figures,
                              bool loaded) {
  std::vector<Verdict> out;
  for (const Figures& f : figures) {
    for (const Target& t : f.row->targets) {
      if (t.when == (loaded ? When::kQuiet : When::kLoaded)) continue;
      if (t.versus == Versus::kAtLeast) {
        out.push_back({f.row, &t,
                       std::string(f.row->label) + " >= " + FormatNs(t.limit) +
                           " (gosync's own figure)",
                       "gosync " + FormatNs(f.median[kGosync]),
                       f.median[kGosync]});
        continue;
      }
      Figures against = f;  // kRow: gosync of that row stands in for kGoCell
      int v = static_cast<int>(t.versus);
      std::string versus = v == kBest     ? "fastest peer"
                           : v == kGoCell ? "Go"
                           : v < kCells   ? Header(*f.row, v)
                                          : t.row;
      for (const Figures& g : figures) {
        if (v == kRowCell && std::strcmp(g.row->id, t.row) == 0) {
          versus = g.row->id;
          against.median[kGoCell] = g.median[kGosync];
        }
      }
      if (v == kRowCell) v = kGoCell;
      Verdict verdict;
      verdict.row = f.row;
      verdict.target = &t;
      verdict.ratio = against.Ratio(v);
      verdict.description = std::string(f.row->label) +
                            " <= " + FormatRatio(t.limit) + " " + versus;
      verdict.detail = verdict.ratio ? "gosync " + FormatNs(f.median[kGosync]) +
                                           " ns / " + versus + " " +
                                           FormatNs(against.median[v]) + " ns"
                                     : "not measured";
      out.push_back(std::move(verdict));
    }
  }
  return out;
}

const char* VerdictName(const Verdict& v) {
  if (!v.ratio) return "n/a";
  if (v.target->versus == Versus::kAtLeast) {
    return *v.ratio >= v.target->limit ? "PASS" : "MISS";
  }
  return *v.ratio <= v.target->limit ? "PASS" : "MISS";
}

int Threads(const Row& row) {
  for (const std::string& name : row.bench) {
    if (name.empty()) continue;
    std::size_t t = name.find("threads:");
    return t == std::string::npos ? 1 : std::atoi(name.c_str() + t + 8);
  }
  return 1;
}

void WriteText(const Condition& c, const std::vector<Figures>& figures,
               const Settings& s, std::ostream& out) {
  out << "\n== load: "
      << (c.load ? std::to_string(c.load) +
                       " CPU-bound threads in a separate process"
                 : "quiet (no load)")
      << "\n";
  if (!s.go) {
    out << "Go: not run (--no-go)\n";
  } else if (!c.go.available) {
    out << "Go figures: no `go` on PATH; to add Go's own benchmarks to this "
           "table, run `apt-get install golang-go`.\n";
  } else {
    out << "Go: " << c.go.version << ", median of " << s.go_count
        << " x -benchtime=" << s.go_benchtime << ", GOMAXPROCS=" << Cpus()
        << "\n";
    for (const std::string& p : c.go.problems) out << "Go: " << p << "\n";
  }
  std::vector<std::string> notes, labels;
  std::size_t label_width = 8;
  for (const Figures& f : figures) {
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
  const Peers* peers = nullptr;
  bool primary = true;
  for (std::size_t r = 0; r < figures.size(); ++r) {
    const Figures& f = figures[r];
    if (f.row->peers != peers) {
      peers = f.row->peers;
      std::string header = Pad("scenario", label_width, false) + Pad("thr", 4);
      for (int i = 0; i < kCells; ++i) header += Pad(Header(*f.row, i), w);
      header += Pad("Go", w) + Pad("/peer", 8) + Pad("/floor", 8);
      out << "\n" << header << "\n" << std::string(header.size(), '-') << "\n";
    }
    if (primary && !f.row->primary) {
      primary = false;
      out << "also measured:\n";
    }
    std::string line = Pad(labels[r], label_width, false) +
                       Pad(std::to_string(Threads(*f.row)), 4);
    std::string spread = Pad("  min-max", label_width + 4, false);
    const std::array<Cell, kCells>& cells = c.cells[r];
    for (int i = 0; i < kCells; ++i) {
      const bool absent = f.row->bench[i].empty();
      line += Pad(absent                    ? "n/a"
                  : !cells[i].error.empty() ? "fail"
                                            : FormatNs(f.median[i]),
                  w);
      spread += Pad(
          f.min[i] ? FormatNs(f.min[i], true) + "-" + FormatNs(f.max[i], true)
                   : "",
          w);
    }
    line += Pad(FormatNs(f.median[kGoCell]), w) +
            Pad(FormatRatio(f.Ratio(kBest)), 8) +
            Pad(FormatRatio(f.Ratio(kFloor)), 8);
    out << line << "\n";
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
  for (const Verdict& v : Evaluate(figures, c.load > 0)) {
    // Three decimals, so that a ratio just over its limit does not print
    // as the limit itself.
    out << Pad(VerdictName(v), 6, false) << Pad(v.description, 62, false)
        << Pad(!v.ratio                               ? ""
               : v.target->versus == Versus::kAtLeast ? FormatNs(v.ratio)
                                                      : FormatRatio(v.ratio, 3),
               8)
        << "  " << v.detail << "\n";
  }
}

// Our ids, labels and benchmark names need no escapes; error messages might.
std::string Quote(std::string s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"' || s[i] == '\\') s.insert(i++, 1, '\\');
    if (static_cast<unsigned char>(s[i]) < 0x20) s[i] = ' ';
  }
  return '"' + s + '"';
}

std::string Number(std::optional<double> v) {
  if (!v) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", *v);
  return buf;
}

// The summary: per row its cells (median, min, max per operation), Go's
// figure, and the verdicts; Google Benchmark's own document beside it.
void WriteJson(const Condition& c, const std::vector<Figures>& figures,
               std::ostream& out) {
  out << "{\"load\": " << c.load << ", \"go_version\": " << Quote(c.go.version)
      << ",\n \"rows\": [";
  for (std::size_t r = 0; r < figures.size(); ++r) {
    const Figures& f = figures[r];
    out << (r ? ",\n  " : "\n  ") << "{\"id\": " << Quote(f.row->id)
        << ", \"go_ns\": " << Number(f.median[kGoCell]) << ", \"cells\": [";
    for (int i = 0; i < kCells; ++i) {
      out << (i ? ", " : "") << "{\"column\": " << Quote(Header(*f.row, i))
          << ", \"benchmark\": " << Quote(f.row->bench[i])
          << ", \"median_ns\": " << Number(f.median[i])
          << ", \"min_ns\": " << Number(f.min[i])
          << ", \"max_ns\": " << Number(f.max[i])
          << ", \"error\": " << Quote(c.cells[r][i].error) << "}";
    }
    out << "]}";
  }
  out << "],\n \"targets\": [";
  const char* sep = "\n  ";
  for (const Verdict& v : Evaluate(figures, c.load > 0)) {
    out << std::exchange(sep, ",\n  ") << "{\"row\": " << Quote(v.row->id)
        << ", \"description\": " << Quote(v.description)
        << ", \"verdict\": " << Quote(VerdictName(v))
        << ", \"ratio\": " << Number(v.ratio)
        << ", \"limit\": " << Number(v.target->limit) << "}";
  }
  out << "],\n \"google_benchmark\": " << c.gbench_json << "}";
}

std::string Machine() {
  std::string model = "unknown CPU";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0 &&
        line.find(':') != std::string::npos) {
      model = line.substr(line.find_first_not_of(" \t", line.find(':') + 1));
      break;
    }
  }
  utsname u;
  std::string kernel = uname(&u) == 0 ? std::string(u.sysname) + " " +
                                            u.release + " " + u.machine
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
  return std::to_string(Cpus()) + " CPUs, " + model + ", " + kernel + "; " +
         compiler;
}

// Every name in the table must be registered: a renamed benchmark is an
// error here, not an empty cell.
bool CheckTable(const std::vector<Row>& rows) {
  InitializeBenchmark({"--benchmark_list_tests=true"});
  std::ostringstream out;
  Cell unused;
  Collector c(&unused, nullptr);
  c.SetOutputStream(&out);
  benchmark::RunSpecifiedBenchmarks(&c, ".");
  std::set<std::string> registered;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) registered.insert(line);
  bool ok = true;
  for (const Row& row : rows) {
    for (const std::string& name : row.bench) {
      if (!name.empty() && !registered.count(name)) {
        std::cerr << "tools:bench: row " << row.id << " names " << name
                  << ", which no linked benchmark registers\n";
        ok = false;
      }
    }
  }
  return ok;
}

}  // namespace

int BenchMain(const std::vector<Row>& table, int argc, char** argv) {
  const auto start = Clock::now();
  // Go: absl's --help lists flags by file and exits with status 1, and absl
  // names cannot contain '-'; here: our own help (status 0) and --no-go
  // spelled for absl as --nogo; because the command line is the same as it
  // always was.
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
  Settings s{absl::GetFlag(FLAGS_repetitions),
             absl::GetFlag(FLAGS_min_time),
             absl::GetFlag(FLAGS_go),
             quick ? "50ms" : "100ms",
             quick ? 1 : 3,
             absl::GetFlag(FLAGS_json)};
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
    char* end = nullptr;
    long n = l == "cpus" ? Cpus() : std::strtol(l.c_str(), &end, 10);
    if (l != "cpus" && (l.empty() || *end != '\0' || n < 0 || n > 1024)) {
      error = "--load takes thread counts from 0 to 1024 or `cpus`, not '" + l +
              "'";
    }
    loads.push_back(static_cast<int>(n));
  }
  if (loads.empty()) error = "--load needs at least one condition, e.g. 0";
  std::optional<std::regex> filter;
  try {
    if (!absl::GetFlag(FLAGS_filter).empty()) {
      filter.emplace(absl::GetFlag(FLAGS_filter));
    }
  } catch (const std::regex_error&) {
    error = "--filter: not a valid regular expression: " +
            absl::GetFlag(FLAGS_filter);
  }
  if (!error.empty()) {
    std::cerr << "tools:bench: " << error << "\n" << kUsage << "\n";
    return 2;
  }

  if (!CheckTable(table)) return 1;
  std::vector<const Row*> rows;
  for (const Row& row : table) {
    if (!filter || std::regex_search(row.id, *filter) ||
        std::regex_search(row.label, *filter)) {
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
    std::cerr << "tools:bench: no row matches --filter="
              << absl::GetFlag(FLAGS_filter) << " (see --list)\n";
    return 1;
  }
  std::string machine = Machine();
  if (machine.find("NOT OPTIMIZED") != std::string::npos) {
    std::cerr << "tools:bench: WARNING: built without optimization; run with "
                 "`-c opt` for meaningful figures\n";
  }
  benchmark::AddCustomContext("gosync_machine", machine);

  char settings[200];
  std::snprintf(settings, sizeof settings,
                "median ns/op of %d repetitions, >= %.3g s each, the variants "
                "of a row in turn",
                s.repetitions, s.min_time);
  if (!s.json) {
    std::cout << "gosync tools:bench: " << settings << "\nmachine: " << machine
              << "\n";
  }
  const char* sep = "{\"conditions\": [\n";
  for (int load : loads) {
    Condition c = Measure(rows, load, s, start);
    std::vector<Figures> figures;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      figures.push_back(Compute(*rows[r], c.cells[r], c.go));
    }
    if (s.json) {
      std::cout << std::exchange(sep, ",\n");
      WriteJson(c, figures, std::cout);
    } else {
      WriteText(c, figures, s, std::cout);
    }
    std::cout << std::flush;
  }
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - start).count();
  if (s.json) {
    std::cout << "],\n \"machine\": " << Quote(machine)
              << ", \"elapsed_s\": " << Number(elapsed) << "}\n";
  } else {
    std::snprintf(settings, sizeof settings, "\ntotal time %.0f s\n", elapsed);
    std::cout << settings;
  }
  return 0;
}

}  // namespace go::tools::bench
