// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Runs the semaphore-table benchmarks of tests/sema_benchmarks.cc and then
// prints one SUMMARY line with the ratios of the performance targets
// (ManyAddrCollision per-op growth from n=1000 to n=8000; the uncontended
// pair over the raw floor), from medians when run with
// --benchmark_repetitions.

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"

namespace {

// Collects each benchmark's time per iteration (the median when repeated)
// and prints the SUMMARY line once everything has run.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.error_occurred) continue;
      const bool aggregate = r.run_type == Run::RT_Aggregate;
      if (aggregate && r.aggregate_name != "median") continue;
      const std::string name = r.run_name.str();
      if (!aggregate && medians_.count(name) != 0) continue;
      const double ns = r.GetAdjustedRealTime() /
                        benchmark::GetTimeUnitMultiplier(r.time_unit) * 1e9;
      (aggregate ? medians_ : singles_)[name] = ns;
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void PrintSummary() const {
    auto get = [this](const std::string& name) {
      auto it = medians_.find(name);
      if (it != medians_.end()) return it->second;
      it = singles_.find(name);
      return it == singles_.end() ? -1.0 : it->second;
    };
    auto growth = [&get](const std::string& family) {
      double a = get(family + "/1000"), b = get(family + "/8000");
      return a <= 0 || b <= 0 ? -1.0 : (b / 16000) / (a / 2000);
    };
    const double treap = growth("BM_SemTable/ManyAddrCollision");
    const double list = growth("BM_SemTableList/ManyAddrCollision");
    const double pair = get("BM_SemaUncontended/threads:1");
    const double floor = get("BM_SemaRawFloor/threads:1");
    std::printf(
        "SUMMARY ManyAddrCollision per-op growth n=1000->8000: treap %.2fx "
        "(target <=1.5x), list %.2fx (target >=5x); uncontended "
        "Semrelease+Semacquire %.2f ns vs raw floor %.2f ns: %.2fx (target "
        "<=1.2x)\n",
        treap, list, pair, floor, pair > 0 && floor > 0 ? pair / floor : -1.0);
  }

 private:
  std::map<std::string, double> medians_;
  std::map<std::string, double> singles_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintSummary();
  benchmark::Shutdown();
  return 0;
}
