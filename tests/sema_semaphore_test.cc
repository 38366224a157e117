// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// The public API (sema/sema.h) on the global table: ports of Go 1.19's
// sync/mutex_test.go TestSemaphore, plus what that test leaves implicit.
//
// Under ThreadSanitizer these tests are also the check that the runtime's
// happens-before annotation works: the critical sections below update plain,
// unannotated data, the runtime itself is invisible to TSan
// (sema/internal/race.h), so the only edge TSan knows between two critical
// sections is the racerelease / raceacquire pair on the semaphore word. Without
// it TSan reports a data race on `shared` and the test fails.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "sema/sema.h"
#include "sema/semtable.h"
#include "tests/test_util.h"

namespace {

using gosync_test::ScopedThreads;
using gosync_test::Watchdog;
using std::chrono::seconds;

// Go: HammerSemaphore(s, loops, cdone), with mutual exclusion checked: Go's
// version only counts on finishing.
struct Hammer {
  std::uint32_t sema = 1;
  std::atomic<int> inside{0};
  std::atomic<bool> overlap{false};
  long shared = 0;  // plain data, guarded only by the semaphore

  void Run(int loops, bool mutex_style, int seed) {
    for (int i = 0; i < loops; i++) {
      if (mutex_style) {
        go::runtime::SemacquireMutex(&sema, /*lifo=*/((i + seed) % 3) == 0, 0);
      } else {
        go::runtime::Semacquire(&sema);
      }
      // Relaxed: the overlap check must not add happens-before edges of its
      // own, or TSan could not tell whether the semaphore's are there.
      // (Read-modify-writes of one atomic are totally ordered anyway, so
      // overlapping holders are still caught.)
      if (inside.fetch_add(1, std::memory_order_relaxed) != 0) {
        overlap.store(true, std::memory_order_relaxed);
      }
      shared++;
      inside.fetch_sub(1, std::memory_order_relaxed);
      go::runtime::Semrelease(&sema, /*handoff=*/mutex_style && (i % 2 == 0),
                              0);
    }
  }
};

// Go 1.19 sync/mutex_test.go TestSemaphore's body: 10 goroutines (here
// threads) × 1000 acquire/release pairs on a word starting at 1.
void HammerSemaphore(bool mutex_style) {
  Hammer h;
  ScopedThreads threads;
  for (int i = 0; i < 10; i++) {
    threads.Start([&h, i, mutex_style] { h.Run(1000, mutex_style, i); });
  }
  threads.JoinAll();
  EXPECT_FALSE(h.overlap.load()) << "two threads held the semaphore at once";
  EXPECT_EQ(h.shared, 10 * 1000);
  EXPECT_EQ(std::atomic_ref<std::uint32_t>(h.sema).load(), 1u);
}

// Go 1.19 sync/mutex_test.go TestSemaphore.
TEST(SemaTest, Semaphore) {
  Watchdog dog("TestSemaphore", seconds(120));
  HammerSemaphore(/*mutex_style=*/false);
}

// The same with sync.Mutex's calls: SemacquireMutex (some lifo) and
// Semrelease with handoff, which exercises the ticket path.
TEST(SemaTest, SemaphoreMutexStyleWithHandoff) {
  Watchdog dog("TestSemaphore (mutex style)", seconds(120));
  HammerSemaphore(/*mutex_style=*/true);
}

// A release that comes before the acquire is kept in the word: the acquire
// returns without sleeping. (The "wakeup before sleep" half of the contract.)
TEST(SemaTest, ReleaseBeforeAcquireIsKept) {
  Watchdog dog("ReleaseBeforeAcquireIsKept", seconds(60));
  std::uint32_t s = 0;
  go::runtime::Semrelease(&s, false, 0);
  go::runtime::Semrelease(&s, true, 0);
  go::runtime::SemreleaseN(&s, 3);
  go::runtime::SemreleaseN(&s, 0);
  EXPECT_EQ(std::atomic_ref<std::uint32_t>(s).load(), 5u);
  for (int i = 0; i < 5; i++) go::runtime::Semacquire(&s);
  EXPECT_EQ(std::atomic_ref<std::uint32_t>(s).load(), 0u);
  EXPECT_EQ(go::runtime::SemTable::Global().Nwait(&s), 0u);
}

// Release happens before the acquire that takes its count, through the fast
// path alone (nobody ever sleeps here): plain data written before Semrelease
// is seen after Semacquire. Under TSan this fails without the annotations.
TEST(SemaTest, ReleaseHappensBeforeAcquireOnTheFastPath) {
  Watchdog dog("ReleaseHappensBeforeAcquireOnTheFastPath", seconds(60));
  for (int round = 0; round < 200; round++) {
    dog.SetContext("round " + std::to_string(round));
    std::uint32_t s = 0;
    int payload = 0;  // plain
    std::thread producer([&] {
      payload = round + 1;
      go::runtime::Semrelease(&s, false, 0);
    });
    // Wait until the count is there, so Semacquire takes the fast path (the
    // producer must get there; the watchdog bounds it if it does not).
    gosync_test::PollUntil(
        [&] { return std::atomic_ref<std::uint32_t>(s).load() != 0; });
    go::runtime::Semacquire(&s);
    EXPECT_EQ(payload, round + 1);
    producer.join();
  }
}

// The global table is usable during static initialization: its roots are
// constant-initialized, so a constructor that runs before main (in any
// order relative to sema.cc's) can release and acquire.
struct StaticInitUser {
  std::uint32_t word = 0;
  bool ok = false;
  StaticInitUser() {
    go::runtime::Semrelease(&word, false, 0);
    go::runtime::Semacquire(&word);
    ok = (word == 0);
  }
};
StaticInitUser static_init_user;

TEST(SemaTest, UsableDuringStaticInitialization) {
  EXPECT_TRUE(static_init_user.ok);
}

}  // namespace
