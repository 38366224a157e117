// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/gbench_runner.h
// -----------------------------------------------------------------------------
//
// Runs the Google Benchmark registrations linked into this binary (the
// `alwayslink` benchmark libraries) in-process and collects, for each one,
// the time per operation of every repetition.

#ifndef GOSYNC_TOOLS_BENCH_GBENCH_RUNNER_H_
#define GOSYNC_TOOLS_BENCH_GBENCH_RUNNER_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/bench/measurement.h"

namespace go::tools::bench {

struct RunSettings {
  int repetitions = 5;
  // Seconds per repetition. Small, so that about seventy benchmarks times
  // five repetitions fit in the three-minute budget on two cores.
  double min_time_s = 0.1;
};

// ListLinkedBenchmarks()
//
// The full names of every registered benchmark, in registration order.
std::vector<std::string> ListLinkedBenchmarks();

// RunLinkedBenchmarks()
//
// Runs each of `names` (one at a time, in order) and prints one progress line
// per finished benchmark to `progress`. A benchmark that fails or skips
// itself yields a Measurement with `error` set; a name that matches nothing
// yields one with error "not run".
Measurements RunLinkedBenchmarks(const std::vector<std::string>& names,
                                 const RunSettings& settings,
                                 std::ostream& progress);

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_GBENCH_RUNNER_H_
