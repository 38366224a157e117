// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/measurement.h
// -----------------------------------------------------------------------------
//
// What tools:bench keeps of one benchmark: every repetition's time per
// operation, summarised by the median. The median rather than the mean,
// because on a small shared VM one repetition in five is routinely hit by a
// neighbour and would drag a mean far from what the code costs.

#ifndef GOSYNC_TOOLS_BENCH_MEASUREMENT_H_
#define GOSYNC_TOOLS_BENCH_MEASUREMENT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace go::tools::bench {

struct Measurement {
  std::string name;
  std::vector<double> ns_per_op;  // wall time per iteration, per repetition
  // Per repetition, 1e9 / items_per_second when the benchmark reports items
  // (SetItemsProcessed); a SemTable round of n enqueues and n dequeues is one
  // iteration but 2n items, and per-item cost is what the targets talk about.
  std::vector<double> ns_per_item;
  std::string error;  // the benchmark's SkipWithError message, if any

  std::optional<double> MedianNsPerOp() const;
  std::optional<double> MedianNsPerItem() const;
};

// Keyed by the full benchmark name.
using Measurements = std::map<std::string, Measurement>;

// Median()
//
// The middle value, or the mean of the two middle values; nullopt for none.
std::optional<double> Median(std::vector<double> values);

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_MEASUREMENT_H_
