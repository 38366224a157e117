// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/scenarios.h
// -----------------------------------------------------------------------------
//
// The rows of the tools:bench table: the seven headline scenarios first (the
// ones the performance targets are about), then the other benchmarks the
// libraries register (Go's remaining sync benchmarks), so that nothing that was
// measured is hidden. Each scenario says which registered benchmarks belong to
// it and which of Go's benchmarks measures the same thing.

#ifndef GOSYNC_TOOLS_BENCH_SCENARIOS_H_
#define GOSYNC_TOOLS_BENCH_SCENARIOS_H_

#include <string>
#include <vector>

#include "tools/bench/benchmark_name.h"

namespace go::tools::bench {

enum class PerOp {
  kIteration,  // one benchmark iteration is one operation
  // One iteration is a SemTable round of n enqueues and n dequeues (Go's
  // BenchmarkSemTable); the row shows the cost of one enqueue or dequeue.
  kTableOp,
};

struct ScenarioSpec {
  std::string id;     // for --filter and JSON; rows with an argument add "/<n>"
  std::string label;  // "{n}" is replaced by the row's argument
  bool primary = false;  // one of the seven headline scenarios
  // A benchmark belongs to this scenario if its scenario key equals `key`, or,
  // when `key` is empty, if the key contains every one of `key_contains`
  // (case-insensitive). The second form finds variants whose exact name the
  // benchmark authors may still change (the list-per-root SemTable).
  std::string key;
  std::vector<std::string> key_contains;
  // A scenario whose benchmarks fill this row's floor column whatever their
  // implementation, for floors registered under a name of their own
  // (BM_SemaRawFloor for BM_SemaUncontended).
  std::string floor_key;
  // Go's benchmark for the same thing, without "Benchmark" and "-<procs>";
  // "{n}" is replaced by the argument. Empty if Go has none.
  std::string go_name;
  PerOp per_op = PerOp::kIteration;
  bool extremes_only = false;  // show only the smallest and largest argument
  // Rows to show when no benchmark of the scenario is linked, so that Go's
  // figures still appear (SemTable: Go's n = 1000 and 8000).
  std::vector<long long> default_args;
  std::string note;  // a footnote printed under the table
};

// The built-in scenarios, in table order.
const std::vector<ScenarioSpec>& BuiltinScenarios();

// Matches()
//
// Whether the benchmark `id` belongs to `spec`, as one of its own or as its
// floor (see `floor_key`).
bool Matches(const ScenarioSpec& spec, const BenchmarkId& id);

// IsFloorOf()
//
// Whether `id` fills `spec`'s floor column through `floor_key`.
bool IsFloorOf(const ScenarioSpec& spec, const BenchmarkId& id);

// ScenarioForUnknown()
//
// A catch-all row for a registered scenario none of the built-in ones claims,
// compared with the Go benchmark of the same name, if there is one.
ScenarioSpec ScenarioForUnknown(const std::string& key);

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_SCENARIOS_H_
