// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/measurement.h"

#include <algorithm>
#include <utility>

namespace go::tools::bench {

std::optional<double> Median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  std::size_t mid = values.size() / 2;
  if (values.size() % 2 == 1) return values[mid];
  return (values[mid - 1] + values[mid]) / 2;
}

std::optional<double> Measurement::MedianNsPerOp() const {
  if (!error.empty()) return std::nullopt;
  return Median(ns_per_op);
}

std::optional<double> Measurement::MedianNsPerItem() const {
  if (!error.empty()) return std::nullopt;
  return Median(ns_per_item);
}

}  // namespace go::tools::bench
