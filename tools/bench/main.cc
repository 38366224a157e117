// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/main.cc
// -----------------------------------------------------------------------------
//
// tools:bench: `tools/bazel run //tools:bench`. Lists the benchmarks linked in,
// plans the table, runs what the table needs (then Go's benchmarks, never at
// the same time: on two cores they would disturb each other), and prints the
// table and the performance targets. See options.cc for the flags.

#include <chrono>
#include <iostream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "tools/bench/gbench_runner.h"
#include "tools/bench/go_runner.h"
#include "tools/bench/machine.h"
#include "tools/bench/options.h"
#include "tools/bench/report.h"
#include "tools/bench/table.h"
#include "tools/bench/targets.h"

namespace go::tools::bench {
namespace {

int Main(int argc, char** argv) {
  auto start = std::chrono::steady_clock::now();
  Options options;
  std::string error;
  if (!ParseOptions(std::vector<std::string>(argv + 1, argv + argc), options,
                    error)) {
    std::cerr << "tools:bench: " << error << "\n" << kUsage << "\n";
    return 2;
  }
  if (options.help) {
    std::cout << HelpText() << "\n" << kUsage << "\n";
    return 0;
  }

  std::optional<std::regex> filter;
  if (!options.filter.empty()) filter.emplace(options.filter);
  std::vector<std::string> linked = ListLinkedBenchmarks();
  Report report;
  report.machine = ReadMachineInfo();
  report.settings = options.run;
  report.go_requested = options.go;
  report.go_settings = options.go_settings;
  report.rows = PlanTable(linked, filter);
  std::vector<std::string> to_run = BenchmarksToRun(report.rows);

  if (options.list) {
    for (const Row& row : report.rows) {
      std::cout << row.id << "  (" << row.label << ")\n";
      for (const Cell& cell : row.cells) {
        if (!cell.benchmark.empty())
          std::cout << "    " << cell.benchmark << "\n";
      }
      if (!row.go_benchmark.empty()) {
        std::cout << "    Go: Benchmark" << row.go_benchmark << "\n";
      }
    }
    return 0;
  }
  if (report.rows.empty()) {
    std::cerr << "tools:bench: no linked benchmark matches"
              << (filter ? " --filter=" + options.filter : std::string())
              << " (" << linked.size() << " linked; see --list)\n";
    return 1;
  }
  if (!report.machine.optimized) {
    std::cerr << "tools:bench: WARNING: built without optimization; run with "
                 "`-c opt` for meaningful figures\n";
  }

  std::cerr << "tools:bench: " << to_run.size() << " benchmarks x "
            << options.run.repetitions << " repetitions, then "
            << (options.go ? "Go's benchmarks" : "no Go (--no-go)") << "\n";
  report.measured = RunLinkedBenchmarks(to_run, options.run, std::cerr);
  if (options.go) {
    report.go = RunGoBenchmarks(GoBenchmarksWanted(report.rows),
                                options.go_settings, std::cerr);
  }
  FillTable(report.measured, report.go.medians, report.rows);
  report.targets =
      EvaluateTargets(report.rows, options.go && report.go.available);
  report.elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (options.json) {
    WriteJson(report, std::cout);
  } else {
    WriteText(report, std::cout);
  }
  return 0;
}

}  // namespace
}  // namespace go::tools::bench

int main(int argc, char** argv) { return go::tools::bench::Main(argc, argv); }
