// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/bench.h
// -----------------------------------------------------------------------------
//
// tools:bench's driver. Each row of a table (tools/bench/rows.cc) names the
// registered Google Benchmarks of a scenario for gosync, each peer and the
// floor, and Go's benchmark; BenchMain checks every name at start-up,
// measures the rows under each load condition and prints one table per
// condition with the rows' targets as PASS/MISS.

#ifndef GOSYNC_TOOLS_BENCH_BENCH_H_
#define GOSYNC_TOOLS_BENCH_BENCH_H_

#include <array>
#include <string>
#include <vector>

namespace go::tools::bench {

inline constexpr int kNumPeers = 3;
using Bench = std::array<std::string, kNumPeers + 2>;  // see Row::bench

// The column headers of one family of rows; a new header line is printed
// where the family changes.
using Peers = std::array<const char*, kNumPeers>;
inline constexpr Peers kWaitGroupPeers = {"std::latch", "absl", "mutex+cv"};
inline constexpr Peers kMutexPeers = {"std::mutex", "absl::Mutex", ""};
inline constexpr Peers kRWMutexPeers = {"std::shared", "absl::Mutex", ""};
inline constexpr Peers kOncePeers = {"call_once", "absl", ""};
inline constexpr Peers kCondPeers = {"std::cv", "absl::CV", ""};
inline constexpr Peers kRatePeers = {"", "", ""};

// Under which load a target applies.
enum class When { kQuiet, kLoaded, kAlways };

// What gosync's median is divided by.
enum class Versus {
  kPeer0,  // the first peer column; kPeer1, kPeer2 the next ones
  kPeer1,
  kPeer2,
  kFloor,
  kBestPeer,  // the fastest peer of the row
  kGo,
  kRow,      // gosync's figure in the row named by `Target::row`
  kAtLeast,  // none: gosync's figure itself must be >= `limit`
};

// gosync / `versus` <= `limit` (kAtLeast: gosync >= `limit`), checked when
// the condition is `when`.
struct Target {
  When when;
  Versus versus;
  double limit;
  const char* row = nullptr;  // for Versus::kRow
};

struct Row {
  const char* id;     // for --filter and JSON
  const char* label;  // the table's first column
  // Registered benchmark names: gosync, each peer, the floor ("": n/a).
  Bench bench;
  const Peers* peers = &kWaitGroupPeers;
  // Go's benchmark without "Benchmark" and "-<GOMAXPROCS>"; nullptr: none.
  const char* go = nullptr;
  // Operations per benchmark iteration (a SemTable round of n enqueues and
  // n dequeues is 2n); every figure, Go's too, is divided by it.
  int ops_per_iteration = 1;
  // A user counter of the benchmarks to show instead of ns/op; nullptr: time.
  const char* counter = nullptr;
  std::vector<const char*> notes = {};  // footnotes
  std::vector<Target> targets = {};
  bool primary = true;  // false: listed under "also measured"
};

// BenchMain()
//
// The whole tool. Returns the exit status: 0 whatever the verdicts (the tool
// reports, it does not gate), 1 when a name in `rows` is not registered or
// no row matches --filter, 2 for bad flags.
int BenchMain(const std::vector<Row>& rows, int argc, char** argv);

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_BENCH_H_
