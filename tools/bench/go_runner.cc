// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/go_runner.h"

#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "tools/bench/go_output.h"
#include "tools/common/subprocess.h"

namespace go::tools::bench {
namespace {

namespace fs = std::filesystem;

struct PackageRun {
  std::string package;
  std::set<std::string> top;  // top-level benchmark names, sans "Benchmark"
  std::set<std::string> sub;  // second-level names (SemTable's cases)
};

std::string Alternation(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : "|") + n;
  return "^(" + out + ")$";
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string LastLines(const std::string& text, int n) {
  std::size_t pos = text.size();
  while (n-- > 0 && pos != std::string::npos && pos > 0) {
    pos = text.rfind('\n', pos - 1);
  }
  return Trim(pos == std::string::npos ? text : text.substr(pos + 1));
}

}  // namespace

GoResult RunGoBenchmarks(const std::vector<std::string>& wanted,
                         const GoSettings& settings, std::ostream& progress) {
  GoResult result;
  if (FindOnPath("go").empty()) return result;
  result.available = true;

  std::error_code ec;
  fs::path tmp = fs::temp_directory_path(ec);
  if (ec) tmp = "/tmp";
  fs::path home = tmp / "gosync-bench-go";
  fs::path scratch = home / ("run-" + std::to_string(getpid()));
  fs::create_directories(scratch, ec);
  std::map<std::string, std::string> env = {
      {"GOCACHE", (home / "cache").string()},
      {"GOPATH", (home / "gopath").string()},
      {"GOENV", "off"},          // ignore the user's `go env -w` settings
      {"GOFLAGS", ""},           // e.g. -mod=vendor would break `go test sync`
      {"GOPROXY", "off"},        // never download anything
      {"GOTOOLCHAIN", "local"},  // Go >= 1.21 must not fetch a toolchain
      {"GOWORK", "off"},
      {"GO111MODULE", ""},
      {"CGO_ENABLED", "0"},  // the benchmarks need no cgo; skips a C build
  };

  auto deadline = std::chrono::steady_clock::now() + settings.budget;
  auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
  };

  auto go_command = [&](std::vector<std::string> argv) {
    Command c;
    c.argv = std::move(argv);
    c.env_overrides = env;
    c.cwd = scratch.string();
    c.timeout = left();
    return RunCommand(c);
  };
  CommandResult version = go_command({"go", "version"});
  if (!version.started || version.exit_status != 0) {
    result.problems.push_back("`go version` failed: " +
                              LastLines(version.output, 2));
    fs::remove_all(scratch, ec);
    return result;
  }
  result.version = Trim(version.output);
  if (result.version.rfind("go version ", 0) == 0) {
    result.version = result.version.substr(11);
  }

  PackageRun sync{"sync", {}, {}};
  PackageRun runtime{"runtime", {}, {}};
  for (const std::string& name : wanted) {
    std::size_t slash = name.find('/');
    std::string top = name.substr(0, slash);
    // BenchmarkSemTable lives in package runtime (it needs export_test.go's
    // private SemTable); every other figure comes from package sync.
    PackageRun& run = top == "SemTable" ? runtime : sync;
    run.top.insert(top);
    if (slash != std::string::npos) {
      std::string rest = name.substr(slash + 1);
      run.sub.insert(rest.substr(0, rest.find('/')));
    }
  }

  for (const PackageRun* run : {&sync, &runtime}) {
    if (run->top.empty()) continue;
    std::string pattern = "^Benchmark" + Alternation(run->top).substr(1);
    if (!run->sub.empty()) pattern += "/" + Alternation(run->sub);
    std::vector<std::string> argv = {
        "go",         "test",
        "-run",       "XXX",
        "-bench",     pattern,
        "-benchtime", settings.benchtime,
        "-count",     std::to_string(settings.count),
        run->package};
    std::string command;
    for (const std::string& a : argv) {
      command +=
          (command.empty() ? "" : " ") +
          (a.find_first_of("^$|()") == std::string::npos ? a : "'" + a + "'");
    }
    result.commands.push_back(command);
    if (left().count() <= 0) {
      result.problems.push_back(run->package + ": skipped, Go time budget (" +
                                std::to_string(settings.budget.count()) +
                                " s) used up");
      continue;
    }
    progress << "[go] " << command << "\n" << std::flush;
    CommandResult r = go_command(argv);
    std::map<std::string, double> medians = ParseGoBenchOutput(r.output);
    result.medians.insert(medians.begin(), medians.end());
    if (r.timed_out) {
      result.problems.push_back(run->package + ": timed out, kept " +
                                std::to_string(medians.size()) + " results");
    } else if (r.exit_status != 0) {
      result.problems.push_back(
          run->package + ": `go test` failed: " + LastLines(r.output, 3));
    }
    progress << "[go] " << run->package << ": " << medians.size()
             << " benchmarks\n"
             << std::flush;
  }
  fs::remove_all(scratch, ec);
  return result;
}

}  // namespace go::tools::bench
