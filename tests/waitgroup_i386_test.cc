// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// The case Go 1.11-1.17's `state1 [3]uint32` was written for: on i386 a
// 64-bit integer inside a struct is only 4-aligned, while the 8-byte atomics
// (lock cmpxchg8b) need it 8-aligned. WaitGroup is 4-aligned, so ordinary
// objects (locals, heap objects, struct members) land at either alignment
// and state() must find the 8-aligned pair at run time.
//
// Extends Go 1.17 sync/waitgroup_test.go TestWaitGroupAlign (a WaitGroup
// after a byte in a struct) to every kind of ordinary object, and checks for
// each that state() chose the 8-aligned pair and that a round of Add, Done
// and Wait with real threads works on it. Runs on every target; under
// --config=m32 (i386) it also checks the ABI facts that make the trick
// necessary. On x86-64 the same two alignments occur (WaitGroup is 4-aligned
// there too), so the test is meaningful in every configuration.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "sync/waitgroup.h"
#include "tests/test_util.h"
#include "tests/waitgroup_test_util.h"

namespace go::sync {
namespace {

using gosync_test::Watchdog;
using Peer = WaitGroupTestPeer;
using namespace std::chrono_literals;

#if defined(__i386__)
// The i386 System V ABI facts behind Go's trick, checked where they hold.
static_assert(sizeof(void*) == 4);
struct U64AfterU32 {
  std::uint32_t a;
  std::uint64_t b;
};
static_assert(offsetof(U64AfterU32, b) == 4,
              "i386: a uint64 member is only 4-aligned");
// Lock-free 8-byte compare-and-swap on i386 is lock cmpxchg8b (i586+); the
// state word is never accessed through libatomic's locks.
#ifndef __GCC_HAVE_SYNC_COMPARE_AND_SWAP_8
#error \
    "i386 without cmpxchg8b: WaitGroup's 8-byte atomics would not be lock-free"
#endif
#endif
static_assert(__atomic_always_lock_free(sizeof(std::uint64_t), 0));
static_assert(alignof(WaitGroup) == 4);

// Which of state()'s two branches an object at this address takes.
int Branch(const WaitGroup& wg) {
  return reinterpret_cast<std::uintptr_t>(&wg) % 8 == 0 ? 0 : 1;
}

// Checks that state() picked the 8-aligned pair and the other word as the
// semaphore, then runs one round (Add(2), two Dones on other threads, Wait)
// and checks the counter's words between the steps. Returns the branch.
int CheckAndUse(WaitGroup& wg, const std::string& what) {
  SCOPED_TRACE(what);
  const int branch = Branch(wg);
  const auto* statep =
      static_cast<const std::uint32_t*>(Peer::StatePointer(wg));
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(statep) % 8, 0u)
      << "state() handed out a 64-bit word that is not 8-aligned";
  EXPECT_EQ(statep, Peer::Word(wg, branch == 0 ? 0 : 1));
  EXPECT_EQ(Peer::SemaPointer(wg), Peer::Word(wg, branch == 0 ? 2 : 0));

  wg.Add(2);
  EXPECT_EQ(Peer::Counter(wg), 2);
  // The counter is the high half of the 8-aligned pair, so the semaphore
  // word is untouched whichever branch was taken.
  EXPECT_EQ(Peer::Words(wg)[branch == 0 ? 2 : 0], 0u);
  std::thread a([&wg] { wg.Done(); });
  std::thread b([&wg] { wg.Done(); });
  wg.Wait();
  a.join();
  b.join();
  EXPECT_EQ(Peer::State(wg), 0u);
  return branch;
}

// Both branches must occur for each kind of ordinary object.
void ExpectBothBranches(const std::set<int>& seen, const char* kind) {
  EXPECT_EQ(seen, (std::set<int>{0, 1}))
      << kind << ": only one branch of state() occurred";
}

TEST(WaitGroupI386Test, BothBranchesOnTheStack) {
  Watchdog watchdog("WaitGroupI386Test.BothBranchesOnTheStack", 60s);
  // Neighbouring locals 12 bytes apart: one of the two is 8-aligned.
  WaitGroup wgs[2];
  struct X {  // Go's TestWaitGroupAlign
    char x;
    WaitGroup wg;
  } x;
  std::set<int> seen;
  seen.insert(CheckAndUse(wgs[0], "local array element 0"));
  seen.insert(CheckAndUse(wgs[1], "local array element 1"));
  CheckAndUse(x.wg, "local struct after a char");
  ExpectBothBranches(seen, "stack");
}

TEST(WaitGroupI386Test, BothBranchesOnTheHeap) {
  Watchdog watchdog("WaitGroupI386Test.BothBranchesOnTheHeap", 60s);
  struct AfterU32 {
    std::uint32_t tag;
    WaitGroup wg;
  };
  // malloc's blocks are at least 8-aligned, so `new WaitGroup` takes the
  // first branch and a member after a uint32 the second.
  auto alone = std::make_unique<WaitGroup>();
  auto after = std::make_unique<AfterU32>();
  auto array = std::make_unique<WaitGroup[]>(2);
  std::set<int> seen;
  seen.insert(CheckAndUse(*alone, "new WaitGroup"));
  seen.insert(CheckAndUse(after->wg, "new struct {uint32; WaitGroup}"));
  CheckAndUse(array[0], "new WaitGroup[2], element 0");
  CheckAndUse(array[1], "new WaitGroup[2], element 1");
  EXPECT_NE(Branch(array[0]), Branch(array[1]));
  ExpectBothBranches(seen, "heap");
}

TEST(WaitGroupI386Test, BothBranchesAsStructMembers) {
  Watchdog watchdog("WaitGroupI386Test.BothBranchesAsStructMembers", 60s);
  // A struct holding a uint64 and WaitGroups, as a Go program would embed a
  // WaitGroup next to 64-bit fields. On i386 the struct itself may be only
  // 4-aligned; two consecutive members still cover both branches.
  struct Job {
    std::uint64_t id;
    WaitGroup started;
    WaitGroup finished;
    std::uint32_t flags;
  };
  auto job = std::make_unique<Job>();
  std::set<int> seen;
  seen.insert(CheckAndUse(job->started, "Job::started"));
  seen.insert(CheckAndUse(job->finished, "Job::finished"));
  ExpectBothBranches(seen, "struct members");
#if defined(__i386__)
  std::printf(
      "i386: Job is %zu-aligned; started at %%8 = %d, finished at %%8 = %d\n",
      alignof(Job), Branch(job->started) * 4, Branch(job->finished) * 4);
#endif
}

}  // namespace
}  // namespace go::sync
