// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/targets.h"

#include <string>
#include <vector>

#include "tools/bench/format.h"

namespace go::tools::bench {
namespace {

const Row* FindRow(const std::vector<Row>& rows, const std::string& id) {
  for (const Row& row : rows) {
    if (row.id == id) return &row;
  }
  return nullptr;
}

// Compares `mine` with `limit` times `theirs`, both labelled for the detail
// line ("gosync 3.61 ns / floor 3.20 ns").
TargetResult Ratio(std::string id, std::string description,
                   std::optional<double> mine, std::string mine_label,
                   std::optional<double> theirs, std::string theirs_label,
                   double limit, std::string missing_reason = "") {
  TargetResult t;
  t.id = std::move(id);
  t.description = std::move(description);
  t.limit = limit;
  if (!mine || !theirs || *theirs <= 0) {
    t.verdict = Verdict::kNotMeasured;
    if (!missing_reason.empty()) {
      t.detail = missing_reason;
    } else {
      std::string missing = mine ? "" : mine_label;
      if (!theirs) missing += (missing.empty() ? "" : " and ") + theirs_label;
      t.detail = missing + " not measured";
    }
    return t;
  }
  t.ratio = *mine / *theirs;
  t.verdict = *t.ratio <= limit ? Verdict::kPass : Verdict::kMiss;
  t.detail = mine_label + " " + FormatNs(mine) + " ns / " + theirs_label + " " +
             FormatNs(theirs) + " ns";
  return t;
}

std::optional<double> CellNs(const Row* row, Column c) {
  return row ? row->cells[c].ns : std::nullopt;
}

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "PASS";
    case Verdict::kMiss:
      return "MISS";
    case Verdict::kNotMeasured:
      return "n/a";
  }
  return "?";
}

std::vector<TargetResult> EvaluateTargets(const std::vector<Row>& rows,
                                          bool go_ran) {
  std::vector<TargetResult> out;
  // A row missing from the table was left out by --filter.
  auto why = [](const Row* row) {
    return row ? std::string() : std::string("row not in this run");
  };
  const Row* uncontended = FindRow(rows, "uncontended");
  out.push_back(
      Ratio("uncontended-floor", "uncontended Add+Done+Wait <= 1.15x raw floor",
            CellNs(uncontended, kGosync), "gosync", CellNs(uncontended, kFloor),
            "floor", 1.15, why(uncontended)));
  std::string no_go = why(uncontended);
  if (no_go.empty() && !go_ran) no_go = "Go not run";
  out.push_back(Ratio(
      "uncontended-go", "uncontended Add+Done+Wait <= Go WaitGroupUncontended",
      CellNs(uncontended, kGosync), "gosync",
      uncontended ? uncontended->go_ns : std::nullopt, "Go", 1.0, no_go));

  const Row* wait = FindRow(rows, "wait");
  out.push_back(Ratio("wait-load", "Wait fast path <= 1.2x a single load",
                      CellNs(wait, kGosync), "gosync", CellNs(wait, kFloor),
                      "load", 1.2, why(wait)));

  const Row* wake = FindRow(rows, "wake");
  out.push_back(Ratio("wake-latch", "wake round trip <= std::latch",
                      CellNs(wake, kGosync), "gosync", CellNs(wake, kLatch),
                      "std::latch", 1.0, why(wake)));
  out.push_back(Ratio("wake-condvar", "wake round trip <= 0.5x mutex+condvar",
                      CellNs(wake, kGosync), "gosync", CellNs(wake, kCondvar),
                      "mutex+cv", 0.5, why(wake)));

  // The smallest and largest n the many-address rows were run with (the
  // benchmarks register 1000..8000, as Go's BenchmarkSemTable).
  const Row* small = nullptr;
  const Row* large = nullptr;
  for (const Row& row : rows) {
    if (row.id.rfind("semtable-many/", 0) != 0 || !row.arg) continue;
    if (!small || *row.arg < *small->arg) small = &row;
    if (!large || *row.arg > *large->arg) large = &row;
  }
  std::string n_small = small ? std::to_string(*small->arg) : "1000";
  std::string n_large = large ? std::to_string(*large->arg) : "8000";
  TargetResult growth =
      Ratio("semtable-growth",
            "ManyAddrCollision per-op growth n=" + n_small + "->" + n_large +
                " <= 1.5x",
            CellNs(large, kGosync), "n=" + n_large, CellNs(small, kGosync),
            "n=" + n_small, 1.5,
            !small           ? "row not in this run"
            : small != large ? ""
                             : "needs two ManyAddrCollision sizes");
  if (small && large && small->go_ns && large->go_ns) {
    growth.detail +=
        " (Go: " + FormatRatio(*large->go_ns / *small->go_ns) + ")";
  }
  out.push_back(growth);
  return out;
}

}  // namespace go::tools::bench
