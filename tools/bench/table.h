// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/table.h
// -----------------------------------------------------------------------------
//
// The tools:bench table, built in two steps: PlanTable decides from the list
// of linked benchmarks which rows exist and which benchmark feeds each cell
// (so that only those are run), and FillTable puts the medians in and works
// out the ratios.

#ifndef GOSYNC_TOOLS_BENCH_TABLE_H_
#define GOSYNC_TOOLS_BENCH_TABLE_H_

#include <array>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "tools/bench/measurement.h"
#include "tools/bench/scenarios.h"

namespace go::tools::bench {

// The C++ columns, in table order.
enum Column { kGosync, kLatch, kAbsl, kCondvar, kFloor, kNumColumns };

// The header of each column, and the implementations that can fill it, in
// order of preference (absl::BlockingCounter where a scenario has it, else
// absl::Notification).
const char* ColumnHeader(Column c);
const std::vector<std::string>& ColumnImpls(Column c);

struct Cell {
  std::string benchmark;  // empty: no such benchmark is linked ("n/a")
  std::string impl;
  std::optional<double> ns;  // empty after a run: the benchmark failed
  std::string error;
};

struct Row {
  std::string id;     // e.g. "fanout/8"
  std::string label;  // e.g. "fan-out: 1 Done wakes 8"
  bool primary = false;
  int threads = 1;
  std::optional<long long> arg;
  PerOp per_op = PerOp::kIteration;
  std::string note;
  std::array<Cell, kNumColumns> cells;
  std::string go_benchmark;  // Go's name, empty if Go has none
  std::optional<double> go_ns;
  // Filled by FillTable.
  std::optional<double> ratio_best_peer;
  std::string best_peer;  // the Column header of the best peer
  std::optional<double> ratio_floor;
};

// PlanTable()
//
// Rows for every scenario that has at least one linked benchmark and whose
// id or label `filter` finds (an empty filter selects all). Cells name the
// benchmark that will fill them.
std::vector<Row> PlanTable(const std::vector<std::string>& linked,
                           const std::optional<std::regex>& filter);

// BenchmarksToRun()
//
// The benchmarks the planned rows need, without repeats, in row order.
std::vector<std::string> BenchmarksToRun(const std::vector<Row>& rows);

// GoBenchmarksWanted()
//
// The Go benchmark names the planned rows want, without repeats.
std::vector<std::string> GoBenchmarksWanted(const std::vector<Row>& rows);

// FillTable()
//
// Puts the medians into `rows` (per table operation where the row says so)
// and computes the ratios. `go` maps Go benchmark names to median ns/op.
void FillTable(const Measurements& measured,
               const std::map<std::string, double>& go, std::vector<Row>& rows);

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_TABLE_H_
