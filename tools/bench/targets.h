// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/targets.h
// -----------------------------------------------------------------------------
//
// gosync's performance targets, checked against a filled table. Each
// target is a ratio with a limit, so that the verdict does not depend on how
// fast this particular machine is:
//
//   * uncontended Add+Done+Wait: <= 1.15x the raw floor, and no slower than
//     Go's WaitGroupUncontended on the same machine;
//   * the Wait fast path: <= 1.2x a single load;
//   * the one-waiter wake round trip: no slower than std::latch, and
//     <= 0.5x mutex+condvar;
//   * ManyAddrCollision: per-op cost grows <= 1.5x from n = 1000 to 8000.

#ifndef GOSYNC_TOOLS_BENCH_TARGETS_H_
#define GOSYNC_TOOLS_BENCH_TARGETS_H_

#include <optional>
#include <string>
#include <vector>

#include "tools/bench/table.h"

namespace go::tools::bench {

enum class Verdict { kPass, kMiss, kNotMeasured };

struct TargetResult {
  std::string id;           // stable, for JSON consumers
  std::string description;  // "uncontended Add+Done+Wait <= 1.15x floor"
  Verdict verdict = Verdict::kNotMeasured;
  std::optional<double> ratio;  // measured
  double limit = 0;
  std::string detail;  // the figures behind the ratio, or why it is missing
};

const char* VerdictName(Verdict v);  // "PASS", "MISS", "n/a"

// EvaluateTargets()
//
// One result per target, in the order above. `go_ran` says whether Go's
// benchmarks were attempted, to explain a missing Go figure.
std::vector<TargetResult> EvaluateTargets(const std::vector<Row>& rows,
                                          bool go_ran);

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_TARGETS_H_
