// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/gbench_runner.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "tools/bench/format.h"

namespace go::tools::bench {
namespace {

double ToNanoseconds(double value, benchmark::TimeUnit unit) {
  switch (unit) {
    case benchmark::kNanosecond:
      return value;
    case benchmark::kMicrosecond:
      return value * 1e3;
    case benchmark::kMillisecond:
      return value * 1e6;
    case benchmark::kSecond:
      return value * 1e9;
  }
  return value;
}

// Keeps the raw repetitions and ignores Google Benchmark's own aggregates, so
// that the median is computed the same way for C++ and Go figures.
class CollectingReporter : public benchmark::BenchmarkReporter {
 public:
  explicit CollectingReporter(Measurements* out) : out_(out) {}

  bool ReportContext(const Context&) override { return true; }

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      std::string name = run.benchmark_name();
      Measurement& m = (*out_)[name];
      m.name = name;
      if (run.error_occurred) {
        m.error = run.error_message.empty() ? "error" : run.error_message;
        continue;
      }
      m.ns_per_op.push_back(
          ToNanoseconds(run.GetAdjustedRealTime(), run.time_unit));
      auto items = run.counters.find("items_per_second");
      if (items != run.counters.end() && items->second.value > 0) {
        m.ns_per_item.push_back(1e9 / items->second.value);
      }
    }
  }

 private:
  Measurements* out_;
};

// Google Benchmark reads its settings only from argv, so the settings are
// spelled as flags.
void InitializeBenchmark(const std::vector<std::string>& flags) {
  std::vector<std::string> args = {"tools_bench"};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  benchmark::Initialize(&argc, argv.data());
}

std::string EscapeRegex(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\.[](){}*+?^$|").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace

std::vector<std::string> ListLinkedBenchmarks() {
  InitializeBenchmark({"--benchmark_list_tests=true"});
  std::ostringstream out;
  std::ostringstream err;
  Measurements unused;
  CollectingReporter reporter(&unused);
  reporter.SetOutputStream(&out);
  reporter.SetErrorStream(&err);
  benchmark::RunSpecifiedBenchmarks(&reporter, ".");
  std::vector<std::string> names;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) names.push_back(line);
  }
  return names;
}

Measurements RunLinkedBenchmarks(const std::vector<std::string>& names,
                                 const RunSettings& settings,
                                 std::ostream& progress) {
  InitializeBenchmark({
      "--benchmark_list_tests=false",
      "--benchmark_repetitions=" + std::to_string(settings.repetitions),
      "--benchmark_min_time=" + std::to_string(settings.min_time_s),
  });
  Measurements results;
  auto start = std::chrono::steady_clock::now();
  int index = 0;
  for (const std::string& name : names) {
    ++index;
    CollectingReporter reporter(&results);
    std::ostringstream err;
    reporter.SetErrorStream(&err);
    std::size_t matched = benchmark::RunSpecifiedBenchmarks(
        &reporter, "^" + EscapeRegex(name) + "$");
    Measurement& m = results[name];
    m.name = name;
    if (matched == 0) m.error = "not run";
    auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::steady_clock::now() - start)
                       .count();
    std::optional<double> median = m.MedianNsPerOp();
    std::string status = median ? FormatNs(median) + " ns/op" : m.error;
    char line[256];
    std::snprintf(line, sizeof line, "[%3d/%zu %4llds] %-58s %s\n", index,
                  names.size(), static_cast<long long>(elapsed), name.c_str(),
                  status.c_str());
    progress << line << std::flush;
  }
  return results;
}

}  // namespace go::tools::bench
