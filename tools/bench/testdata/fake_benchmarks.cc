// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// tools:bench's driver over busy-loop benchmarks and a table of its own, so
// that bench_test checks the driver end to end in seconds: a missing peer,
// a failing one, a row of several operations per iteration, a target against
// another row, a second family of peers. With GOSYNC_FAKE_RENAMED set, one
// row names a benchmark nobody registers.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <vector>

#include "tools/bench/bench.h"

namespace {

using go::tools::bench::Peers;
using go::tools::bench::Row;
using go::tools::bench::Versus;
using go::tools::bench::When;

void Spin(benchmark::State& state, int work) {
  for (auto _ : state) {
    for (int i = 0; i < work; ++i) benchmark::DoNotOptimize(i);
  }
}

void Fail(benchmark::State& state) {
  state.SkipWithError("fake failure");
  for (auto _ : state) {
  }
}

void Rate(benchmark::State& state) {
  for (auto _ : state) {
  }
  state.counters["rate"] = 0.75;
}

const bool registered = [] {
  benchmark::RegisterBenchmark("BM_Fast/gosync", Spin, 4);
  benchmark::RegisterBenchmark("BM_Fast/slow_peer", Spin, 40);
  benchmark::RegisterBenchmark("BM_Fast/failing_peer", Fail);
  benchmark::RegisterBenchmark("BM_Fast/floor", Spin, 4);
  benchmark::RegisterBenchmark("BM_Table", Spin, 2000)->Arg(1000);
  benchmark::RegisterBenchmark("BM_Table", Spin, 16000)->Arg(8000);
  benchmark::RegisterBenchmark("BM_Rate", Rate);
  benchmark::RegisterBenchmark("BM_Lock/gosync", Spin, 8)->Threads(2);
  benchmark::RegisterBenchmark("BM_Lock/std_mutex", Spin, 8)->Threads(2);
  return true;
}();

constexpr Peers kPeers{{"slow", "failing", "none"}};
constexpr Peers kLockPeers{{"std::mutex", "absl::Mutex", "spin"}};

// clang-format off
std::vector<Row> Table() {
  std::vector<Row> rows = {
    {.id = "fast", .label = "fast row",
     .bench = {"BM_Fast/gosync", "BM_Fast/slow_peer", "BM_Fast/failing_peer", "",
               "BM_Fast/floor"},
     .peers = &kPeers, .go = "WaitGroupUncontended", .notes = {"a footnote"},
     .targets = {{When::kAlways, Versus::kPeer0, 1.0},
                 {When::kQuiet, Versus::kBestPeer, 1.0},
                 {When::kLoaded, Versus::kFloor, 0.01}}},
    {.id = "table/1000", .label = "table 1000", .bench = {"BM_Table/1000"},
     .peers = &kPeers, .ops_per_iteration = 2000},
    {.id = "table/8000", .label = "table 8000", .bench = {"BM_Table/8000"},
     .peers = &kPeers, .ops_per_iteration = 16000,
     .targets = {{When::kAlways, Versus::kRow, 1.5, "table/1000"}}},
    {.id = "rate", .label = "rate", .bench = {"BM_Rate"}, .peers = &kPeers,
     .counter = "rate",
     .targets = {{When::kAlways, Versus::kAtLeast, 2.0 / 3},
                 {When::kAlways, Versus::kAtLeast, 0.9}}},
    {.id = "lock", .label = "lock",
     .bench = {"BM_Lock/gosync/threads:2", "BM_Lock/std_mutex/threads:2"},
     .peers = &kLockPeers, .primary = false},
  };
  if (std::getenv("GOSYNC_FAKE_RENAMED") != nullptr) {
    rows.push_back({.id = "renamed", .label = "renamed",
                    .bench = {"BM_Renamed/gosync"}});
  }
  return rows;
}
// clang-format on

}  // namespace

int main(int argc, char** argv) {
  return go::tools::bench::BenchMain(Table(), argc, argv);
}
