// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// tools:bench's table, one entry per row in table order. //tests:*_benchmarks
// register the benchmarks; a name here they do not register stops the tool.
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
    "SemTable rows: ns per enqueue or dequeue, without the root lock as Go's "
    "hooks (BM_SemTableLocked: with it, the default). list/root: one list per "
    "root (Go before golang/go#17953; parking_lot's buckets). Go's "
    "BenchmarkSemTable (1.19) strides 251 uint32s, so its keys fall into two "
    "roots, not one.";

// Wake rows under load: a thread woken while CPU-bound neighbours run must
// be back about as soon as a mutex+condvar's or a bare futex's.
constexpr Target kLoadedVsCondvar{When::kLoaded, Versus::kPeer2, 1.5};
constexpr Target kLoadedVsFutex{When::kLoaded, Versus::kFloor, 2.0};

// BM_<scenario>/<impl><suffix> for gosync and each of `impls`: the peers,
// then the floor ("": none).
using Impls = std::array<const char*, kNumPeers + 1>;
Bench Variants(const std::string& scenario, const std::string& suffix,
               const Impls& impls) {
  Bench names = {"BM_" + scenario + "/gosync" + suffix};
  for (int i = 0; i <= kNumPeers; ++i) {
    if (*impls[i]) names[i + 1] = "BM_" + scenario + "/" + impls[i] + suffix;
  }
  return names;
}

constexpr char kTwo[] = "/real_time/threads:2";
// WaitGroup: without std::latch and absl, or with std::latch and
// absl::Notification or absl::BlockingCounter.
constexpr Impls kCondvar = {"", "", "condvar", "floor"};
constexpr Impls kNotify = {"latch", "notification", "condvar", "floor"};
constexpr Impls kCounter = {"latch", "blocking_counter", "condvar", "floor"};
constexpr Impls kMutex = {"std", "absl", "", "floor"};
constexpr Impls kRWMutex = {"std", "absl", "", ""};
constexpr Impls kOnce = {"call_once", "absl_call_once", "", "floor"};
constexpr Impls kCond = {"condvar", "absl_condvar", "", ""};

constexpr char kMutexFloorNote[] =
    "Mutex floor: one CAS to lock, one atomic add to unlock, nothing else.";
constexpr char kDoneNote[] =
    "Done's own duration (manual time): the releasing call, not the wakes.";
constexpr char kHandoffNote[] =
    "Share of Semrelease(handoff) calls whose waiter, not a fresh CAS, got "
    "the semaphore (Go's TestSemaHandoff, which requires >= 2/3); not ns.";

// clang-format off
std::vector<Row> Table() {
  return {
    {.id = "uncontended", .label = "Add+Done+Wait, uncontended",
     .bench = Variants("WaitGroupUncontended", kTwo, kCondvar),
     .go = "WaitGroupUncontended",
     .targets = {{When::kQuiet, Versus::kFloor, 1.15}, {When::kQuiet, Versus::kGo, 1.0}}},
    {.id = "adddone", .label = "Add+Done, contended",
     .bench = Variants("WaitGroupAddDone", kTwo, kCondvar), .go = "WaitGroupAddDone"},
    // The floor is one load: Wait with a zero counter is one.
    {.id = "wait", .label = "Wait fast path (counter 0)",
     .bench = Variants("WaitGroupWait", kTwo, kNotify),
     .go = "WaitGroupWait", .notes = {kNotificationNote},
     .targets = {{When::kQuiet, Versus::kFloor, 1.2}}},
    {.id = "wake", .label = "wake round trip, 1 waiter",
     .bench = Variants("WaitGroupActuallyWait", "/real_time", kCounter),
     .go = "WaitGroupActuallyWait", .notes = {kSpawnNote},
     .targets = {{When::kQuiet, Versus::kBestPeer, 1.0},
                 {When::kQuiet, Versus::kPeer2, 0.5}, kLoadedVsCondvar, kLoadedVsFutex}},
    {.id = "fanout/8", .label = "fan-out: 1 Done wakes 8",
     .bench = Variants("WaitGroupFanOut", "/8/real_time", kNotify),
     .notes = {kNotificationNote},
     .targets = {{When::kQuiet, Versus::kPeer0, 1.5}, kLoadedVsCondvar, kLoadedVsFutex}},
    {.id = "fanin/8", .label = "fan-in: 8 Dones wake 1 Wait",
     .bench = Variants("WaitGroupFanIn", "/8/real_time", kCounter),
     .targets = {{When::kQuiet, Versus::kPeer0, 1.0}, kLoadedVsCondvar, kLoadedVsFutex}},
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
    {.id = "mutex-uncontended", .label = "Mutex Lock+Unlock, uncontended",
     .bench = Variants("MutexUncontended", kTwo, kMutex), .peers = &kMutexPeers, .go = "MutexUncontended",
     .notes = {kMutexFloorNote}, .targets = {{When::kQuiet, Versus::kFloor, 1.15}}},
    {.id = "mutex", .label = "Mutex, 2 threads, empty section",
     .bench = Variants("Mutex", kTwo, kMutex), .peers = &kMutexPeers, .go = "Mutex", .notes = {kMutexFloorNote},
     .targets = {{When::kQuiet, Versus::kBestPeer, 1.0}}},
    {.id = "rwmutex-write100", .label = "RWMutex, 1 write per 100 reads",
     .bench = Variants("RWMutexWrite100", kTwo, kRWMutex), .peers = &kRWMutexPeers, .go = "RWMutexWrite100",
     .targets = {{When::kQuiet, Versus::kPeer0, 1.0}}},
    // The floor is one acquire load: Do on a done Once is one.
    {.id = "once", .label = "Once.Do, already done",
     .bench = Variants("Once", "/threads:2", kOnce), .peers = &kOncePeers, .go = "Once",
     .targets = {{When::kQuiet, Versus::kFloor, 1.2}}},
    {.id = "cond/1", .label = "Cond, 1 waiter, Broadcast per round",
     .bench = Variants("Cond", "/1/real_time", kCond), .peers = &kCondPeers, .go = "Cond1",
     .targets = {{When::kQuiet, Versus::kPeer0, 1.0}}},
    {.id = "cond/8", .label = "Cond, 8 waiters, Broadcast per round",
     .bench = Variants("Cond", "/8/real_time", kCond), .peers = &kCondPeers, .go = "Cond8",
     .targets = {{When::kQuiet, Versus::kPeer0, 1.0}}},
    {.id = "done/8", .label = "Done releasing 8 waiters",
     .bench = Variants("WaitGroupFanOutDone", "/8/iterations:200/manual_time", kNotify),
     .notes = {kDoneNote, kNotificationNote}},
    {.id = "handoff", .label = "Semrelease direct handoff rate", .bench = {"BM_SemaHandoff/procs:0/real_time"},
     .peers = &kRatePeers, .counter = "handoff_rate", .notes = {kHandoffNote},
     .targets = {{When::kAlways, Versus::kAtLeast, 2.0 / 3}}},
    // Also measured.
    {.id = "wake-spawn", .label = "wake incl. thread start",
     .bench = Variants("WaitGroupActuallyWaitSpawn", "/real_time", kCounter),
     .go = "WaitGroupActuallyWait", .notes = {kSpawnNote},
     .targets = {kLoadedVsCondvar, kLoadedVsFutex}, .primary = false},
    {.id = "adddone-work", .label = "Add+Done, contended, +work",
     .bench = Variants("WaitGroupAddDoneWork", kTwo, kCondvar),
     .go = "WaitGroupAddDoneWork", .primary = false},
    {.id = "wait-work", .label = "Wait fast path, +work",
     .bench = Variants("WaitGroupWaitWork", kTwo, kNotify),
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
    {.id = "handoff/1", .label = "direct handoff rate, 1 CPU", .bench = {"BM_SemaHandoff/procs:1/real_time"},
     .peers = &kRatePeers, .counter = "handoff_rate", .notes = {kHandoffNote},
     .targets = {{When::kAlways, Versus::kAtLeast, 2.0 / 3}}, .primary = false},
    {.id = "mutex-uncontended/1", .label = "Mutex uncontended, 1 thread",
     .bench = Variants("MutexUncontended", "/real_time/threads:1", kMutex), .peers = &kMutexPeers, .notes = {kMutexFloorNote}, .primary = false},
    {.id = "mutex-slack", .label = "Mutex, 20 threads",
     .bench = Variants("MutexSlack", "/real_time/threads:20", kMutex), .peers = &kMutexPeers, .go = "MutexSlack", .primary = false},
    {.id = "mutex-work", .label = "Mutex, 2 threads, +work",
     .bench = Variants("MutexWork", kTwo, kMutex), .peers = &kMutexPeers, .go = "MutexWork", .primary = false},
    {.id = "mutex-work-slack", .label = "Mutex, 20 threads, +work",
     .bench = Variants("MutexWorkSlack", "/real_time/threads:20", kMutex), .peers = &kMutexPeers, .go = "MutexWorkSlack", .primary = false},
    {.id = "mutex-nospin", .label = "Mutex, 8 threads, long work outside",
     .bench = Variants("MutexNoSpin", "/real_time/threads:8", kMutex), .peers = &kMutexPeers, .go = "MutexNoSpin", .primary = false},
    {.id = "mutex-spin", .label = "Mutex, 2 threads, short work outside",
     .bench = Variants("MutexSpin", kTwo, kMutex), .peers = &kMutexPeers, .go = "MutexSpin", .primary = false},
    {.id = "rwmutex-uncontended", .label = "RWMutex RLock+RUnlock x2, Lock",
     .bench = Variants("RWMutexUncontended", kTwo, kRWMutex), .peers = &kRWMutexPeers, .go = "RWMutexUncontended", .primary = false},
    {.id = "rwmutex-write10", .label = "RWMutex, 1 write per 10 reads",
     .bench = Variants("RWMutexWrite10", kTwo, kRWMutex), .peers = &kRWMutexPeers, .go = "RWMutexWrite10", .primary = false},
    {.id = "rwmutex-work-write100", .label = "RWMutex, 1 write/100, +work",
     .bench = Variants("RWMutexWorkWrite100", kTwo, kRWMutex), .peers = &kRWMutexPeers, .go = "RWMutexWorkWrite100", .primary = false},
    {.id = "rwmutex-work-write10", .label = "RWMutex, 1 write/10, +work",
     .bench = Variants("RWMutexWorkWrite10", kTwo, kRWMutex), .peers = &kRWMutexPeers, .go = "RWMutexWorkWrite10", .primary = false},
    {.id = "once/1", .label = "Once.Do, already done, 1 thread",
     .bench = Variants("Once", "/threads:1", kOnce), .peers = &kOncePeers, .primary = false},
    {.id = "cond/2", .label = "Cond, 2 waiters",
     .bench = Variants("Cond", "/2/real_time", kCond), .peers = &kCondPeers, .go = "Cond2", .primary = false},
    {.id = "cond/4", .label = "Cond, 4 waiters",
     .bench = Variants("Cond", "/4/real_time", kCond), .peers = &kCondPeers, .go = "Cond4", .primary = false},
    {.id = "cond/16", .label = "Cond, 16 waiters",
     .bench = Variants("Cond", "/16/real_time", kCond), .peers = &kCondPeers, .go = "Cond16", .primary = false},
    {.id = "cond/32", .label = "Cond, 32 waiters",
     .bench = Variants("Cond", "/32/real_time", kCond), .peers = &kCondPeers, .go = "Cond32", .primary = false},
  };
}
// clang-format on

}  // namespace
}  // namespace go::tools::bench

int main(int argc, char** argv) {
  return go::tools::bench::BenchMain(go::tools::bench::Table(), argc, argv);
}
