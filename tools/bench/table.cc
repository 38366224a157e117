// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/table.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "tools/bench/benchmark_name.h"

namespace go::tools::bench {
namespace {

std::string ReplaceN(std::string s, const std::optional<long long>& arg) {
  std::size_t pos = s.find("{n}");
  if (pos == std::string::npos) return s;
  return s.replace(pos, 3, arg ? std::to_string(*arg) : "N");
}

// Picks the benchmark for one cell. Where a scenario is registered at more
// than one thread count, every cell of the row uses gosync's highest one, so
// that a row never compares figures taken at different parallelism.
const BenchmarkId* PickCell(const std::vector<const BenchmarkId*>& group,
                            Column column, int threads) {
  for (const std::string& impl : ColumnImpls(column)) {
    const BenchmarkId* only = nullptr;
    int count = 0;
    for (const BenchmarkId* id : group) {
      if (id->impl != impl) continue;
      if (id->threads == threads) return id;
      only = id;
      ++count;
    }
    // A single registration at another thread count is still the only way
    // that implementation can do the scenario (a floor may be single-thread).
    if (count == 1) return only;
  }
  return nullptr;
}

std::vector<Row> RowsForScenario(const ScenarioSpec& spec,
                                 const std::vector<const BenchmarkId*>& ids) {
  std::vector<std::optional<long long>> args;
  for (const BenchmarkId* id : ids) {
    if (std::find(args.begin(), args.end(), id->arg) == args.end()) {
      args.push_back(id->arg);
    }
  }
  std::sort(args.begin(), args.end());
  if (spec.extremes_only && args.size() > 2) {
    args = {args.front(), args.back()};
  }
  if (args.empty()) {
    for (long long a : spec.default_args) args.push_back(a);
    if (args.empty()) args.push_back(std::nullopt);
  }
  std::vector<Row> rows;
  for (const std::optional<long long>& arg : args) {
    std::vector<const BenchmarkId*> group;
    for (const BenchmarkId* id : ids) {
      if (id->arg == arg) group.push_back(id);
    }
    int threads = 0;
    for (const BenchmarkId* id : group) {
      if (id->impl == kImplGosync) threads = std::max(threads, id->threads);
    }
    if (threads == 0) {
      for (const BenchmarkId* id : group) {
        threads = std::max(threads, id->threads);
      }
    }
    Row row;
    row.id = spec.id + (arg ? "/" + std::to_string(*arg) : "");
    row.label = ReplaceN(spec.label, arg);
    row.primary = spec.primary;
    row.threads = threads;
    row.arg = arg;
    row.per_op = spec.per_op;
    row.note = spec.note;
    row.go_benchmark = ReplaceN(spec.go_name, arg);
    for (int c = 0; c < kNumColumns; ++c) {
      if (const BenchmarkId* id =
              PickCell(group, static_cast<Column>(c), threads)) {
        row.cells[c].benchmark = id->name;
        row.cells[c].impl = id->impl;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool Selected(const std::optional<std::regex>& filter, const Row& row) {
  if (!filter) return true;
  return std::regex_search(row.id, *filter) ||
         std::regex_search(row.label, *filter);
}

// A SemTable round is n enqueues and n dequeues; Google Benchmark's
// items_per_second, where the benchmark sets it, says the same directly.
std::optional<double> PerRowOp(const Row& row, std::optional<double> per_op,
                               std::optional<double> per_item) {
  if (row.per_op == PerOp::kIteration) return per_op;
  if (per_item) return per_item;
  if (!per_op || !row.arg || *row.arg <= 0) return std::nullopt;
  return *per_op / (2.0 * static_cast<double>(*row.arg));
}

}  // namespace

const char* ColumnHeader(Column c) {
  switch (c) {
    case kGosync:
      return "gosync";
    case kLatch:
      return "std::latch";
    case kAbsl:
      return "absl";
    case kCondvar:
      return "mutex+cv";
    case kFloor:
      return "floor";
    case kNumColumns:
      break;
  }
  return "?";
}

const std::vector<std::string>& ColumnImpls(Column c) {
  static const auto* const impls = new std::vector<std::vector<std::string>>{
      {std::string(kImplGosync)},
      {std::string(kImplLatch)},
      {std::string(kImplBlockingCounter), std::string(kImplNotification)},
      {std::string(kImplCondvar)},
      {std::string(kImplFloor)},
  };
  return (*impls)[c];
}

std::vector<Row> PlanTable(const std::vector<std::string>& linked,
                           const std::optional<std::regex>& filter) {
  std::vector<BenchmarkId> ids;
  for (const std::string& name : linked)
    ids.push_back(ParseBenchmarkName(name));

  std::vector<bool> claimed(ids.size(), false);
  std::vector<ScenarioSpec> specs = BuiltinScenarios();
  // Scenarios nobody described still get a row, after the known ones.
  std::vector<std::string> unknown;
  for (const BenchmarkId& id : ids) {
    bool known = std::any_of(specs.begin(), specs.end(),
                             [&](const auto& s) { return Matches(s, id); });
    if (!known && std::find(unknown.begin(), unknown.end(), id.scenario) ==
                      unknown.end()) {
      unknown.push_back(id.scenario);
    }
  }
  for (const std::string& key : unknown) {
    specs.push_back(ScenarioForUnknown(key));
  }

  std::vector<Row> rows;
  for (const ScenarioSpec& spec : specs) {
    std::vector<const BenchmarkId*> mine;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (!claimed[i] && Matches(spec, ids[i])) {
        if (IsFloorOf(spec, ids[i])) ids[i].impl = std::string(kImplFloor);
        mine.push_back(&ids[i]);
        claimed[i] = true;
      }
    }
    // The seven headline scenarios always get a row, so that one nobody has
    // written a benchmark for yet reads "n/a" instead of vanishing.
    if (mine.empty() && !spec.primary) continue;
    ScenarioSpec adjusted = spec;
    bool has_args = std::any_of(mine.begin(), mine.end(),
                                [](const BenchmarkId* id) { return id->arg; });
    if (has_args && adjusted.label.find("{n}") == std::string::npos) {
      adjusted.label += " {n}";
      if (adjusted.go_name.find("{n}") == std::string::npos) {
        adjusted.go_name.clear();  // no way to tell which Go argument matches
      }
    }
    for (Row& row : RowsForScenario(adjusted, mine)) {
      if (Selected(filter, row)) rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<std::string> BenchmarksToRun(const std::vector<Row>& rows) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const Row& row : rows) {
    for (const Cell& cell : row.cells) {
      if (!cell.benchmark.empty() && seen.insert(cell.benchmark).second) {
        names.push_back(cell.benchmark);
      }
    }
  }
  return names;
}

std::vector<std::string> GoBenchmarksWanted(const std::vector<Row>& rows) {
  std::vector<std::string> names;
  for (const Row& row : rows) {
    if (!row.go_benchmark.empty() &&
        std::find(names.begin(), names.end(), row.go_benchmark) ==
            names.end()) {
      names.push_back(row.go_benchmark);
    }
  }
  return names;
}

void FillTable(const Measurements& measured,
               const std::map<std::string, double>& go,
               std::vector<Row>& rows) {
  for (Row& row : rows) {
    for (Cell& cell : row.cells) {
      if (cell.benchmark.empty()) continue;
      auto it = measured.find(cell.benchmark);
      if (it == measured.end()) {
        cell.error = "not run";
        continue;
      }
      cell.error = it->second.error;
      cell.ns = PerRowOp(row, it->second.MedianNsPerOp(),
                         it->second.MedianNsPerItem());
    }
    if (auto it = go.find(row.go_benchmark); it != go.end()) {
      row.go_ns = PerRowOp(row, it->second, std::nullopt);
    }
    const std::optional<double>& mine = row.cells[kGosync].ns;
    if (!mine) continue;
    // The best peer is the fastest one: the thing a user would otherwise
    // pick for this scenario.
    std::optional<double> best;
    for (Column peer : {kLatch, kAbsl, kCondvar}) {
      const std::optional<double>& theirs = row.cells[peer].ns;
      if (theirs && *theirs > 0 && (!best || *theirs < *best)) {
        best = theirs;
        row.best_peer = ColumnHeader(peer);
      }
    }
    if (best) row.ratio_best_peer = *mine / *best;
    if (const std::optional<double>& floor = row.cells[kFloor].ns;
        floor && *floor > 0) {
      row.ratio_floor = *mine / *floor;
    }
  }
}

}  // namespace go::tools::bench
