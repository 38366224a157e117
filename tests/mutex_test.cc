// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// go::sync::Mutex: Go 1.19's sync/mutex_test.go ported (TestMutex,
// TestMutexFairness, the Go 1.18 TryLock checks), starvation mode and lifo
// requeueing observed through the semaphore table's walk, the C++ standard
// locks, and lifetimes (ASan is the oracle there).

#include "sync/mutex.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "sema/semtable.h"
#include "sync/locker.h"
#include "tests/mutex_test_util.h"
#include "tests/test_util.h"

// These tests lock and unlock across threads, in lambdas and through the
// standard locks, which Clang's analysis cannot follow; the annotations are
// checked by mutex_thread_safety_test instead.
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

namespace go::sync {
namespace {

using namespace std::chrono_literals;
using go::runtime::CurrentThreadId;
using go::runtime::SemTable;
using gosync_test::PollUntil;
using gosync_test::ScopedThreads;
using gosync_test::Watchdog;

static_assert(sizeof(Mutex) == 8 && alignof(Mutex) == 4);
static_assert(!std::is_copy_constructible_v<Mutex> &&
              !std::is_move_constructible_v<Mutex> &&
              !std::is_copy_assignable_v<Mutex>);
static_assert(std::is_nothrow_default_constructible_v<Mutex>);

// Constant-initialized: usable before main, with no start-up order issue.
constinit Mutex global_mutex;

// The waiters parked on `addr` in the global table, in wake order.
std::vector<std::uint64_t> WaitersOn(std::uint32_t* addr) {
  auto view = SemTable::Global().Walk(addr);
  for (const auto& n : view.nodes) {
    if (n.addr == reinterpret_cast<std::uintptr_t>(addr)) return n.waiters;
  }
  return {};
}

// Go 1.19 HammerMutex: every third iteration a TryLock.
void HammerMutex(Mutex& m, int loops) {
  for (int i = 0; i < loops; i++) {
    if (i % 3 == 0) {
      if (m.TryLock()) m.Unlock();
      continue;
    }
    m.Lock();
    m.Unlock();
  }
}

// Go 1.19 TestMutex (with Go 1.18's TryLock checks).
TEST(MutexTest, Mutex) {
  Watchdog watchdog("TestMutex", 60s);
  auto m = std::make_unique<Mutex>();
  m->Lock();
  EXPECT_FALSE(m->TryLock()) << "TryLock succeeded with mutex locked";
  m->Unlock();
  EXPECT_TRUE(m->TryLock()) << "TryLock failed with mutex unlocked";
  m->Unlock();
  ScopedThreads threads;
  for (int i = 0; i < 10; i++) threads.Start([&] { HammerMutex(*m, 1000); });
  threads.JoinAll();
  EXPECT_EQ(MutexTestPeer::State(*m), 0);
}

TEST(MutexTest, ConstinitGlobal) {
  global_mutex.Lock();
  EXPECT_FALSE(global_mutex.TryLock());
  global_mutex.Unlock();
  EXPECT_EQ(MutexTestPeer::State(global_mutex), 0);
}

// Go 1.19 TestMutexFairness: a thread that holds the mutex almost all the
// time must not keep another out. Also reports the worst wait of the second
// thread (starvation threshold 1 ms plus scheduling). As in Go, the only
// oracle is the 10 s limit (the watchdog here), which Linux's scheduler
// rarely lets this test reach even with starvation mode switched off; that
// mode is checked step by step in StarvingWaiterGetsHandoff.
TEST(MutexTest, MutexFairness) {
  Watchdog watchdog("TestMutexFairness", 10s);
  Mutex mu;
  std::atomic<bool> stop{false};
  std::thread hog([&] {
    while (!stop.load()) {
      mu.Lock();
      std::this_thread::sleep_for(100us);
      mu.Unlock();
    }
  });
  std::chrono::nanoseconds worst{0};
  for (int i = 0; i < 10; i++) {
    std::this_thread::sleep_for(100us);
    auto t0 = std::chrono::steady_clock::now();
    mu.Lock();
    worst = std::max(worst, std::chrono::steady_clock::now() - t0);
    mu.Unlock();
  }
  stop = true;
  hog.join();
  std::printf("MutexFairness: worst wait %.3f ms\n", worst.count() / 1e6);
  RecordProperty("worst_wait_us", static_cast<int>(worst.count() / 1000));
}

// A waiter that has waited more than 1 ms, woken but beaten to the lock,
// switches the mutex to starvation mode and requeues at the head; a thread
// arriving then does not take the mutex (nor spin) but queues behind it; and
// Unlock hands the mutex to the starving waiter. Each step is observed in the
// state word and the semaphore table, not timed.
TEST(MutexTest, StarvingWaiterGetsHandoff) {
  Watchdog watchdog("StarvingWaiterGetsHandoff", 60s);
  Mutex mu;
  std::uint32_t* sema = MutexTestPeer::Sema(mu);
  std::mutex order_mu;
  std::vector<char> order;
  std::atomic<std::uint64_t> w_id{0}, b_id{0};
  std::atomic<std::int32_t> w_state{0};
  mu.Lock();
  std::thread w([&] {
    w_id = CurrentThreadId();
    mu.Lock();
    {
      std::lock_guard<std::mutex> l(order_mu);
      order.push_back('W');
    }
    // Handed the mutex while B waits: still starving (W starved and is not
    // the last waiter), so a thread arriving now could not barge in either.
    w_state = MutexTestPeer::State(mu);
    mu.Unlock();
  });
  PollUntil([&] { return WaitersOn(sema).size() == 1; });
  ASSERT_EQ(WaitersOn(sema), std::vector<std::uint64_t>{w_id.load()});
  ASSERT_EQ(MutexTestPeer::State(mu), mutexLocked | 1 << mutexWaiterShift);
  // More than starvationThresholdNs since W started waiting.
  std::this_thread::sleep_for(3ms);
  // Unlock and a barging Lock in one step: W wakes, finds the mutex locked,
  // and having waited > 1 ms, switches to starvation mode and requeues.
  MutexTestPeer::WakeOneWhileLocked(mu);
  PollUntil([&] {
    return (MutexTestPeer::State(mu) & mutexStarving) != 0 &&
           WaitersOn(sema).size() == 1;
  });
  EXPECT_EQ(MutexTestPeer::State(mu),
            mutexLocked | mutexStarving | 1 << mutexWaiterShift);
  // A thread arriving now queues behind W: no spinning, no barging.
  std::thread b([&] {
    b_id = CurrentThreadId();
    mu.Lock();
    {
      std::lock_guard<std::mutex> l(order_mu);
      order.push_back('B');
    }
    mu.Unlock();
  });
  PollUntil([&] { return WaitersOn(sema).size() == 2; });
  EXPECT_EQ(WaitersOn(sema),
            (std::vector<std::uint64_t>{w_id.load(), b_id.load()}));
  // Unlock in starvation mode hands the mutex to W, the head.
  mu.Unlock();
  w.join();
  b.join();
  EXPECT_EQ(order, (std::vector<char>{'W', 'B'}));
  EXPECT_EQ(w_state.load(),
            mutexLocked | mutexStarving | 1 << mutexWaiterShift);
  // The last waiter left starvation mode.
  EXPECT_EQ(MutexTestPeer::State(mu), 0);
}

// A woken waiter that loses the race queues again at the head of the queue
// (SemacquireMutex with lifo), ahead of waiters that came after it.
TEST(MutexTest, WokenWaiterRequeuesAtHead) {
  Watchdog watchdog("WokenWaiterRequeuesAtHead", 60s);
  Mutex mu;
  std::uint32_t* sema = MutexTestPeer::Sema(mu);
  std::atomic<std::uint64_t> id1{0}, id2{0};
  mu.Lock();
  std::thread w1([&] {
    id1 = CurrentThreadId();
    mu.Lock();
    mu.Unlock();
  });
  PollUntil([&] { return WaitersOn(sema).size() == 1; });
  std::thread w2([&] {
    id2 = CurrentThreadId();
    mu.Lock();
    mu.Unlock();
  });
  PollUntil([&] { return WaitersOn(sema).size() == 2; });
  ASSERT_EQ(WaitersOn(sema), (std::vector<std::uint64_t>{id1, id2}));
  MutexTestPeer::WakeOneWhileLocked(mu);  // wakes w1, which loses
  PollUntil([&] {
    return WaitersOn(sema).size() == 2 &&
           (MutexTestPeer::State(mu) & mutexWoken) == 0;
  });
  EXPECT_EQ(WaitersOn(sema), (std::vector<std::uint64_t>{id1, id2}))
      << "the woken waiter must requeue at the head";
  mu.Unlock();
  w1.join();
  w2.join();
  EXPECT_EQ(MutexTestPeer::State(mu), 0);
}

// Unlock of an uncontended mutex and TryLock's refusals.
TEST(MutexTest, TryLock) {
  Mutex mu;
  EXPECT_TRUE(mu.TryLock());
  EXPECT_FALSE(mu.TryLock());
  std::thread t([&] { EXPECT_FALSE(mu.TryLock()); });
  t.join();
  mu.Unlock();  // any thread may unlock, as in Go
  std::thread u([&] {
    EXPECT_TRUE(mu.TryLock());
    mu.Unlock();
  });
  u.join();
}

TEST(MutexTest, UnlockFromAnotherThread) {
  if (gosync_test::kTsan) {
    GTEST_SKIP() << "TSan's mutexes are owned by the locking thread: it "
                    "reports this legal Go pattern (see mutex.h)";
  }
  Mutex mu;
  mu.Lock();
  std::thread t([&] { mu.Unlock(); });
  t.join();
  EXPECT_TRUE(mu.TryLock());
  mu.Unlock();
}

TEST(MutexTest, StandardLocks) {
  Mutex a, b;
  {
    std::lock_guard<Mutex> g(a);
    EXPECT_FALSE(a.TryLock());
  }
  {
    std::unique_lock<Mutex> g(a, std::try_to_lock);
    EXPECT_TRUE(g.owns_lock());
  }
  {
    std::scoped_lock g(a, b);
    EXPECT_FALSE(a.TryLock());
    EXPECT_FALSE(b.TryLock());
  }
  EXPECT_EQ(MutexTestPeer::State(a), 0);
  EXPECT_EQ(MutexTestPeer::State(b), 0);
  Locker l = a;
  l.Lock();
  EXPECT_FALSE(a.TryLock());
  l.Unlock();
  EXPECT_TRUE(a.TryLock());
  a.Unlock();
}

// std::condition_variable_any with std::unique_lock<Mutex>: a producer and a
// consumer hand items over, and waits really unlock the mutex.
TEST(MutexTest, ConditionVariableAny) {
  Watchdog watchdog("ConditionVariableAny", 60s);
  Mutex mu;
  std::condition_variable_any cv;
  int item = 0, taken = 0;
  constexpr int kItems = 2000;
  std::thread consumer([&] {
    for (int i = 1; i <= kItems; i++) {
      std::unique_lock<Mutex> l(mu);
      cv.wait(l, [&] { return item == i; });
      taken = i;
      cv.notify_all();
    }
  });
  for (int i = 1; i <= kItems; i++) {
    std::unique_lock<Mutex> l(mu);
    item = i;
    cv.notify_all();
    cv.wait(l, [&] { return taken == i; });
  }
  consumer.join();
  EXPECT_EQ(taken, kItems);
}

// C++ lifetimes: the thread that takes the mutex from the last Unlock
// destroys it at once. Unlock must not touch the mutex after letting the
// waiter in. ASan is the oracle (heap-use-after-free); the rounds vary the
// interleaving.
TEST(MutexTest, DestroyedByWaiterRightAfterUnlockCheckedBySanitizer) {
  Watchdog watchdog("DestroyedByWaiterRightAfterUnlock", 120s);
  for (int round = 0; round < 2000; round++) {
    auto* mu = new Mutex;
    mu->Lock();
    std::atomic<bool> started{false};
    std::thread waiter([&] {
      started = true;
      mu->Lock();
      mu->Unlock();
      delete mu;
    });
    PollUntil([&] { return started.load(); });
    if (round % 2 == 0) {
      // Let it park (or spin) sometimes, not always.
      (void)PollUntil([&] { return MutexTestPeer::Waiters(*mu) != 0; }, 1ms);
    }
    mu->Unlock();
    waiter.join();
  }
}

// Several threads pass the mutex around; the last one out deletes it, as a
// reference-counted object guarded by its own mutex does. Left alone, four
// short critical sections rarely park anyone, so on even rounds the test
// holds the mutex (and a fifth reference) until all four sleep in Lock:
// then each Unlock wakes the next holder, and the last one deletes the
// mutex while the Unlock that woke it may still be returning.
TEST(MutexTest, LastReferenceDeletesUnderLockCheckedBySanitizer) {
  Watchdog watchdog("LastReferenceDeletesUnderLock", 120s);
  constexpr int kThreads = 4;
  struct Obj {
    Mutex mu;
    int refs = kThreads + 1;
  };
  for (int round = 0; round < 500; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    auto* o = new Obj;
    const bool parked = round % 2 == 0;
    if (parked) o->mu.Lock();
    auto release = [o] {
      bool last = --o->refs == 0;
      o->mu.Unlock();
      if (last) delete o;
    };
    ScopedThreads threads;
    for (int t = 0; t < kThreads; t++) {
      threads.Start([o, release] {
        o->mu.Lock();
        release();
      });
    }
    if (parked) {
      // They must all get there: nothing lets them in before release().
      PollUntil([&] { return MutexTestPeer::Waiters(o->mu) == kThreads; });
    } else {
      o->mu.Lock();
    }
    release();
  }
}

}  // namespace
}  // namespace go::sync
