// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/scenarios.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace go::tools::bench {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return s;
}

constexpr char kGoSpawnNote[] =
    "Go's WaitGroupActuallyWait starts a goroutine per op (cheap in Go); it "
    "is the closest Go figure for both wake rows.";
constexpr char kSemTableNote[] =
    "SemTable rows: ns per enqueue or dequeue. list/root: one list per root "
    "(Go before golang/go#17953; parking_lot's buckets). Go's "
    "BenchmarkSemTable (1.19) strides 251 uint32s, so its keys fall into two "
    "roots, not one.";

std::vector<ScenarioSpec> MakeScenarios() {
  std::vector<ScenarioSpec> s;
  auto add = [&s](bool primary, std::string id, std::string label,
                  std::string key, std::string go_name) -> ScenarioSpec& {
    ScenarioSpec& spec = s.emplace_back();
    spec.primary = primary;
    spec.id = std::move(id);
    spec.label = std::move(label);
    spec.key = std::move(key);
    spec.go_name = std::move(go_name);
    return spec;
  };
  auto table_op = [](ScenarioSpec& spec) {
    spec.per_op = PerOp::kTableOp;
    spec.extremes_only = true;
    spec.default_args = {1000, 8000};
    spec.note = kSemTableNote;
  };
  // The seven headline scenarios, in the README's order.
  add(true, "uncontended", "Add+Done+Wait, uncontended", "WaitGroupUncontended",
      "WaitGroupUncontended");
  add(true, "adddone", "Add+Done, contended", "WaitGroupAddDone",
      "WaitGroupAddDone");
  add(true, "wait", "Wait fast path (counter 0)", "WaitGroupWait",
      "WaitGroupWait");
  add(true, "wake", "wake round trip, 1 waiter", "WaitGroupActuallyWait",
      "WaitGroupActuallyWait")
      .note = kGoSpawnNote;
  add(true, "fanout", "fan-out: 1 Done wakes {n}", "WaitGroupFanOut", "");
  add(true, "fanin", "fan-in: {n} Dones wake 1 Wait", "WaitGroupFanIn", "");
  table_op(add(true, "semtable-many", "SemTable {n} addrs in 1 root",
               "SemTable/ManyAddrCollision",
               "SemTable/ManyAddrCollision/n={n}"));
  ScenarioSpec& list =
      add(true, "semtable-list", "SemTable {n} addrs, list/root", "", "");
  list.key_contains = {"semtable", "list", "many"};
  table_op(list);
  table_op(add(true, "semtable-one", "SemTable 2 addrs, {n} waiters",
               "SemTable/OneAddrCollision", "SemTable/OneAddrCollision/n={n}"));
  // Also measured.
  add(false, "wake-spawn", "wake incl. thread start",
      "WaitGroupActuallyWaitSpawn", "WaitGroupActuallyWait")
      .note = kGoSpawnNote;
  add(false, "adddone-work", "Add+Done, contended, +work",
      "WaitGroupAddDoneWork", "WaitGroupAddDoneWork");
  add(false, "wait-work", "Wait fast path, +work", "WaitGroupWaitWork",
      "WaitGroupWaitWork");
  ScenarioSpec& list_one = add(false, "semtable-list-one",
                               "SemTable 2 addrs, {n}, list/root", "", "");
  list_one.key_contains = {"semtable", "list", "one"};
  table_op(list_one);
  add(false, "sema-uncontended", "Semrelease+Semacquire, own word",
      "SemaUncontended", "SemaUncontended")
      .floor_key = "SemaRawFloor";
  return s;
}

}  // namespace

const std::vector<ScenarioSpec>& BuiltinScenarios() {
  static const std::vector<ScenarioSpec>* const specs =
      new std::vector<ScenarioSpec>(MakeScenarios());
  return *specs;
}

bool IsFloorOf(const ScenarioSpec& spec, const BenchmarkId& id) {
  return !spec.floor_key.empty() && id.scenario == spec.floor_key;
}

bool Matches(const ScenarioSpec& spec, const BenchmarkId& id) {
  if (IsFloorOf(spec, id)) return true;
  if (!spec.key.empty()) return id.scenario == spec.key;
  if (spec.key_contains.empty()) return false;
  std::string key = Lower(id.scenario);
  for (const std::string& part : spec.key_contains) {
    if (key.find(Lower(part)) == std::string::npos) return false;
  }
  return true;
}

ScenarioSpec ScenarioForUnknown(const std::string& key) {
  ScenarioSpec spec;
  spec.id = Lower(key);
  std::replace(spec.id.begin(), spec.id.end(), '/', '-');
  spec.label = key;
  if (spec.label.size() > 30) spec.label.resize(30);
  spec.key = key;
  // Benchmarks are named after Go's, so the same name is the Go figure.
  spec.go_name = key;
  return spec;
}

}  // namespace go::tools::bench
