// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// tools:bench's table: `tools/bazel run //tools:bench`. One entry per row,
// in table order; the benchmarks are registered by //tests:*_benchmarks,
// and a name here that they do not register stops the tool at start-up.
// The targets are the project's performance targets, stated only here.

#include <array>
#include <string>
#include <vector>

#include "tools/bench/bench.h"

namespace go::tools::bench {
namespace {

constexpr char kSpawnNote[] =
    "Go's WaitGroupActuallyWait starts a goroutine per op (cheap in Go); it "
    "is the closest Go figure for both wake rows.";
constexpr char kNotificationNote[] =
    "absl column: absl::Notification (the scenario has no BlockingCounter "
    "form).";
constexpr char kSemTableNote[] =
    "SemTable rows: ns per enqueue or dequeue. list/root: one list per root "
    "(Go before golang/go#17953; parking_lot's buckets). Go's "
    "BenchmarkSemTable (1.19) strides 251 uint32s, so its keys fall into two "
    "roots, not one.";

// Wake rows under load: a thread woken while CPU-bound neighbours run must
// be back about as soon as a mutex+condvar's or a bare futex's.
const std::vector<Target> kLoadedWake = {
    {When::kLoaded, Versus::kPeer2, 1.5},
    {When::kLoaded, Versus::kFloor, 2.0},
};

std::vector<Target> Plus(std::vector<Target> a, const std::vector<Target>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The variants of a WaitGroup scenario, BM_WaitGroup<scenario>/<impl><suffix>:
// gosync, std::latch (if `latch`), `absl` (if not empty), condvar, floor.
std::array<std::string, kNumPeers + 2> WaitGroup(const std::string& scenario,
                                                 const std::string& suffix,
                                                 bool latch,
                                                 const std::string& absl) {
  auto name = [&](const std::string& impl) {
    return impl.empty() ? "" : "BM_WaitGroup" + scenario + "/" + impl + suffix;
  };
  return {name("gosync"), name(latch ? "latch" : ""), name(absl),
          name("condvar"), name("floor")};
}

constexpr char kTwo[] = "/real_time/threads:2";

// One row per entry, laid out as a table.
// clang-format off
const std::vector<Row>& Table() {
  static const auto* const rows = new std::vector<Row>{
    {.id = "uncontended", .label = "Add+Done+Wait, uncontended",
     .bench = WaitGroup("Uncontended", kTwo, false, ""),
     .go = "WaitGroupUncontended",
     .targets = {{When::kQuiet, Versus::kFloor, 1.15}, {When::kQuiet, Versus::kGo, 1.0}}},
    {.id = "adddone", .label = "Add+Done, contended",
     .bench = WaitGroup("AddDone", kTwo, false, ""), .go = "WaitGroupAddDone"},
    // The floor is one load: Wait with a zero counter is one.
    {.id = "wait", .label = "Wait fast path (counter 0)",
     .bench = WaitGroup("Wait", kTwo, true, "notification"),
     .go = "WaitGroupWait", .notes = {kNotificationNote},
     .targets = {{When::kQuiet, Versus::kFloor, 1.2}}},
    {.id = "wake", .label = "wake round trip, 1 waiter",
     .bench = WaitGroup("ActuallyWait", "/real_time", true, "blocking_counter"),
     .go = "WaitGroupActuallyWait", .notes = {kSpawnNote},
     .targets = Plus({{When::kQuiet, Versus::kBestPeer, 1.0},
                      {When::kQuiet, Versus::kPeer2, 0.5}}, kLoadedWake)},
    {.id = "fanout/8", .label = "fan-out: 1 Done wakes 8",
     .bench = WaitGroup("FanOut", "/8/real_time", true, "notification"),
     .notes = {kNotificationNote},
     .targets = Plus({{When::kQuiet, Versus::kPeer0, 1.5}}, kLoadedWake)},
    {.id = "fanin/8", .label = "fan-in: 8 Dones wake 1 Wait",
     .bench = WaitGroup("FanIn", "/8/real_time", true, "blocking_counter"),
     .targets = Plus({{When::kQuiet, Versus::kPeer0, 1.0}}, kLoadedWake)},
    {.id = "semtable-many/1000", .label = "SemTable 1000 addrs in 1 root",
     .bench = {"BM_SemTable/ManyAddrCollision/1000"},
     .go = "SemTable/ManyAddrCollision/n=1000", .ops_per_iteration = 2000,
     .notes = {kSemTableNote}},
    // Per-op cost from n = 1000 to 8000: O(log n) grows little.
    {.id = "semtable-many/8000", .label = "SemTable 8000 addrs in 1 root",
     .bench = {"BM_SemTable/ManyAddrCollision/8000"},
     .go = "SemTable/ManyAddrCollision/n=8000", .ops_per_iteration = 16000,
     .notes = {kSemTableNote},
     .targets = {{When::kAlways, Versus::kRow, 1.5, "semtable-many/1000"}}},
    {.id = "semtable-list/1000", .label = "SemTable 1000 addrs, list/root",
     .bench = {"BM_SemTableList/ManyAddrCollision/1000"},
     .ops_per_iteration = 2000, .notes = {kSemTableNote}},
    {.id = "semtable-list/8000", .label = "SemTable 8000 addrs, list/root",
     .bench = {"BM_SemTableList/ManyAddrCollision/8000"},
     .ops_per_iteration = 16000, .notes = {kSemTableNote}},
    {.id = "semtable-one/1000", .label = "SemTable 2 addrs, 1000 waiters",
     .bench = {"BM_SemTable/OneAddrCollision/1000"},
     .go = "SemTable/OneAddrCollision/n=1000", .ops_per_iteration = 2000,
     .notes = {kSemTableNote}, .targets = {{When::kAlways, Versus::kGo, 1.5}}},
    {.id = "semtable-one/8000", .label = "SemTable 2 addrs, 8000 waiters",
     .bench = {"BM_SemTable/OneAddrCollision/8000"},
     .go = "SemTable/OneAddrCollision/n=8000", .ops_per_iteration = 16000,
     .notes = {kSemTableNote}, .targets = {{When::kAlways, Versus::kGo, 1.5}}},
    // Also measured.
    {.id = "wake-spawn", .label = "wake incl. thread start",
     .bench = WaitGroup("ActuallyWaitSpawn", "/real_time", true, "blocking_counter"),
     .go = "WaitGroupActuallyWait", .notes = {kSpawnNote},
     .targets = kLoadedWake, .primary = false},
    {.id = "adddone-work", .label = "Add+Done, contended, +work",
     .bench = WaitGroup("AddDoneWork", kTwo, false, ""),
     .go = "WaitGroupAddDoneWork", .primary = false},
    {.id = "wait-work", .label = "Wait fast path, +work",
     .bench = WaitGroup("WaitWork", kTwo, true, "notification"),
     .go = "WaitGroupWaitWork", .notes = {kNotificationNote}, .primary = false},
    {.id = "semtable-list-one/1000", .label = "SemTable 2 addrs, 1000, list/root",
     .bench = {"BM_SemTableList/OneAddrCollision/1000"},
     .ops_per_iteration = 2000, .notes = {kSemTableNote}, .primary = false},
    {.id = "semtable-list-one/8000", .label = "SemTable 2 addrs, 8000, list/root",
     .bench = {"BM_SemTableList/OneAddrCollision/8000"},
     .ops_per_iteration = 16000, .notes = {kSemTableNote}, .primary = false},
    {.id = "sema-uncontended", .label = "Semrelease+Semacquire, own word",
     .bench = {"BM_SemaUncontended/threads:2", "", "", "", "BM_SemaRawFloor/threads:2"},
     .go = "SemaUncontended",
     .targets = {{When::kQuiet, Versus::kFloor, 1.2}}, .primary = false},
    {.id = "semasyntnonblock", .label = "SemaSyntNonblock",
     .bench = {"BM_SemaSyntNonblock/threads:2"}, .go = "SemaSyntNonblock", .primary = false},
    {.id = "semasyntblock", .label = "SemaSyntBlock",
     .bench = {"BM_SemaSyntBlock/threads:2"}, .go = "SemaSyntBlock", .primary = false},
    {.id = "semaworknonblock", .label = "SemaWorkNonblock",
     .bench = {"BM_SemaWorkNonblock/threads:2"}, .go = "SemaWorkNonblock", .primary = false},
    {.id = "semaworkblock", .label = "SemaWorkBlock",
     .bench = {"BM_SemaWorkBlock/threads:2"}, .go = "SemaWorkBlock", .primary = false},
  };
  return *rows;
}
// clang-format on

}  // namespace
}  // namespace go::tools::bench

int main(int argc, char** argv) {
  return go::tools::bench::BenchMain(go::tools::bench::Table(), argc, argv);
}
