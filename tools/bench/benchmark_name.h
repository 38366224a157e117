// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/benchmark_name.h
// -----------------------------------------------------------------------------
//
// The naming contract between gosync's benchmark libraries and tools:bench.
// A registered benchmark is named
//
//   BM_<Scenario>[/<sub-scenario>...][/<impl>][/<arg>][/<Google Benchmark
//   suffixes such as real_time or threads:2>]
//
// for example `BM_WaitGroupFanOut/latch/8/real_time` or
// `BM_SemTable/ManyAddrCollision/1000`. tools:bench never hard-codes full
// names: it lists what is linked in and sorts each name into a scenario, an
// implementation and an argument, so that a benchmark that is missing or
// renamed shows up as "n/a" rather than as a crash.

#ifndef GOSYNC_TOOLS_BENCH_BENCHMARK_NAME_H_
#define GOSYNC_TOOLS_BENCH_BENCHMARK_NAME_H_

#include <optional>
#include <string>
#include <string_view>

namespace go::tools::bench {

// The implementations a scenario can be measured with. A name without one
// measures gosync itself.
inline constexpr std::string_view kImplGosync = "gosync";
inline constexpr std::string_view kImplLatch = "latch";
inline constexpr std::string_view kImplBlockingCounter = "blocking_counter";
inline constexpr std::string_view kImplNotification = "notification";
inline constexpr std::string_view kImplCondvar = "condvar";
inline constexpr std::string_view kImplFloor = "floor";

struct BenchmarkId {
  std::string name;      // the full registered name
  std::string scenario;  // "WaitGroupFanOut", "SemTable/ManyAddrCollision"
  std::string impl;      // one of the kImpl* values
  std::optional<long long> arg;  // the first numeric argument, if any
  int threads = 1;               // from a "threads:N" suffix
};

// ParseBenchmarkName()
//
// Splits a registered name into its parts. Never fails: a name that does not
// start with "BM_" keeps its first segment as the scenario.
BenchmarkId ParseBenchmarkName(std::string_view name);

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_BENCHMARK_NAME_H_
