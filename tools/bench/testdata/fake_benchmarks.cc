// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/testdata/fake_benchmarks.cc
// -----------------------------------------------------------------------------
//
// Stand-in registrations that follow the benchmark naming contract (see
// benchmark_name.h) but measure only busy loops, so that tools:bench's
// driver can be tested end to end quickly and without depending on how the
// real benchmarks are written today. Includes the awkward cases: an
// implementation that is missing, one that fails, items_per_second, an
// unknown scenario and Google Benchmark suffixes.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

namespace {

void Spin(benchmark::State& state, int work) {
  for (auto _ : state) {
    for (int i = 0; i < work; ++i) benchmark::DoNotOptimize(i);
  }
}

void SemTableRound(benchmark::State& state, bool report_items) {
  const std::int64_t n = state.range(0);
  for (auto _ : state) {
    for (std::int64_t i = 0; i < 2 * n; ++i) benchmark::DoNotOptimize(i);
  }
  if (report_items) state.SetItemsProcessed(state.iterations() * 2 * n);
}

void Fail(benchmark::State& state) {
  state.SkipWithError("fake failure");
  for (auto _ : state) {
  }
}

// Registered by name, because the names are the point of this file.
const bool registered = [] {
  auto spin = [](const char* name, int work) {
    return benchmark::RegisterBenchmark(name, Spin, work);
  };
  for (const char* impl : {"gosync", "floor"}) {
    spin((std::string("BM_WaitGroupUncontended/") + impl).c_str(), 4)
        ->Threads(2)
        ->UseRealTime();
  }
  spin("BM_WaitGroupUncontended/condvar", 40)->Threads(2)->UseRealTime();
  for (const char* impl : {"gosync", "latch", "notification", "floor"}) {
    spin((std::string("BM_WaitGroupWait/") + impl).c_str(), 1)
        ->Threads(2)
        ->UseRealTime();
  }
  spin("BM_WaitGroupActuallyWait/gosync", 100);
  spin("BM_WaitGroupActuallyWait/latch", 120);
  spin("BM_WaitGroupActuallyWait/condvar", 300);
  spin("BM_WaitGroupFanOut/gosync", 50)->Arg(2)->Arg(8);
  spin("BM_WaitGroupFanOut/latch", 60)->Arg(2)->Arg(8);
  benchmark::RegisterBenchmark("BM_SemTable/ManyAddrCollision", SemTableRound,
                               true)
      ->Arg(1000)
      ->Arg(2000)
      ->Arg(8000);
  benchmark::RegisterBenchmark("BM_SemTable/OneAddrCollision", SemTableRound,
                               false)
      ->Arg(1000)
      ->Arg(8000);
  benchmark::RegisterBenchmark("BM_SemTableList/ManyAddrCollision",
                               SemTableRound, false)
      ->Arg(1000)
      ->Arg(8000);
  spin("BM_SemaUncontended", 3)->Threads(1)->Threads(2);
  spin("BM_SemaRawFloor", 2)->Threads(1)->Threads(2);
  spin("BM_SemaSyntNonblock", 5);
  benchmark::RegisterBenchmark("BM_WaitGroupWaitWork/gosync", Fail);
  return true;
}();

}  // namespace
