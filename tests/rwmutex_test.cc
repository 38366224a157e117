// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// go::sync::RWMutex: Go 1.19's sync/rwmutex_test.go ported (TestParallel
// Readers, TestRWMutex with Go 1.18's TryLock/TryRLock checks, TestRLocker),
// writer preference observed through the semaphore table, the standard
// locks, and lifetimes (ASan is the oracle for the Destroyed* cases).

#include "sync/rwmutex.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <shared_mutex>
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
using go::runtime::SemTable;
using gosync_test::PollUntil;
using gosync_test::ScopedThreads;
using gosync_test::Watchdog;

static_assert(sizeof(RWMutex) == 24 && alignof(RWMutex) == 4);
static_assert(rwmutexMaxReaders == 1 << 30);
static_assert(!std::is_copy_constructible_v<RWMutex> &&
              !std::is_move_constructible_v<RWMutex>);

constinit RWMutex global_rwmutex;

// Go's `chan T` with a buffer of `cap` (0 is unbuffered enough for these
// tests: Send blocks until received).
template <class T>
class Chan {
 public:
  explicit Chan(std::size_t cap = 0) : cap_(cap) {}
  void Send(T v) {
    std::unique_lock<std::mutex> l(mu_);
    q_.push_back(v);
    std::uint64_t my = ++sent_;
    cv_.notify_all();
    cv_.wait(l, [&] { return q_.size() <= cap_ || received_ >= my; });
  }
  T Recv() {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return !q_.empty(); });
    T v = q_.front();
    q_.pop_front();
    ++received_;
    cv_.notify_all();
    return v;
  }
  // Go's `select { case v := <-c: ...; default: }`.
  bool TryRecv() {
    std::lock_guard<std::mutex> l(mu_);
    if (q_.empty()) return false;
    q_.pop_front();
    ++received_;
    cv_.notify_all();
    return true;
  }

 private:
  const std::size_t cap_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> q_;
  std::uint64_t sent_ = 0, received_ = 0;
};

// Go 1.19 parallelReader / doTestParallelReaders / TestParallelReaders
// (GOMAXPROCS does not apply to threads).
void DoTestParallelReaders(int numReaders) {
  RWMutex m;
  Chan<bool> clocked, cunlock, cdone;
  ScopedThreads threads;
  for (int i = 0; i < numReaders; i++) {
    threads.Start([&] {
      m.RLock();
      clocked.Send(true);
      cunlock.Recv();
      m.RUnlock();
      cdone.Send(true);
    });
  }
  // Every reader holds the read lock at the same time.
  for (int i = 0; i < numReaders; i++) clocked.Recv();
  for (int i = 0; i < numReaders; i++) cunlock.Send(true);
  for (int i = 0; i < numReaders; i++) cdone.Recv();
}

TEST(RWMutexTest, ParallelReaders) {
  Watchdog watchdog("TestParallelReaders", 60s);
  DoTestParallelReaders(1);
  DoTestParallelReaders(3);
  DoTestParallelReaders(4);
}

// Go 1.19 reader / writer / HammerRWMutex.
void HammerRWMutex(int numReaders, int numIterations) {
  std::atomic<std::int32_t> activity{0};
  RWMutex rwm;
  auto reader = [&] {
    for (int i = 0; i < numIterations; i++) {
      rwm.RLock();
      std::int32_t n = ++activity;
      EXPECT_TRUE(n >= 1 && n < 10000) << "wlock(" << n << ")";
      for (int j = 0; j < 100; j++) {
        asm volatile("");
      }
      --activity;
      rwm.RUnlock();
    }
  };
  auto writer = [&] {
    for (int i = 0; i < numIterations; i++) {
      rwm.Lock();
      std::int32_t n = activity += 10000;
      EXPECT_EQ(n, 10000) << "wlock(" << n << ")";
      for (int j = 0; j < 100; j++) {
        asm volatile("");
      }
      activity -= 10000;
      rwm.Unlock();
    }
  };
  ScopedThreads threads;
  threads.Start(writer);
  int i;
  for (i = 0; i < numReaders / 2; i++) threads.Start(reader);
  threads.Start(writer);
  for (; i < numReaders; i++) threads.Start(reader);
}

// Go 1.19 TestRWMutex (with Go 1.18's TryLock/TryRLock checks).
TEST(RWMutexTest, RWMutex) {
  Watchdog watchdog("TestRWMutex", 120s);
  RWMutex m;
  m.Lock();
  EXPECT_FALSE(m.TryLock()) << "TryLock succeeded with mutex locked";
  EXPECT_FALSE(m.TryRLock()) << "TryRLock succeeded with mutex locked";
  m.Unlock();
  EXPECT_TRUE(m.TryLock()) << "TryLock failed with mutex unlocked";
  m.Unlock();
  EXPECT_TRUE(m.TryRLock()) << "TryRLock failed with mutex unlocked";
  EXPECT_TRUE(m.TryRLock()) << "TryRLock failed with mutex rlocked";
  EXPECT_FALSE(m.TryLock()) << "TryLock succeeded with mutex rlocked";
  m.RUnlock();
  m.RUnlock();
  EXPECT_EQ(RWMutexTestPeer::ReaderCount(m), 0);

  const int n = gosync_test::kSanitized ? 200 : 1000;
  for (int readers : {1, 3, 10, 1, 3, 10, 1, 3, 10, 5}) {
    HammerRWMutex(readers, n);
  }
}

// Go 1.19 TestRLocker.
TEST(RWMutexTest, RLocker) {
  if (gosync_test::kTsan) {
    // Go skips nothing here; its race detector has no notion of an owner.
    GTEST_SKIP() << "Go's TestRLocker write-unlocks from another goroutine, "
                    "which TSan reports: its mutexes are owned by the "
                    "locking thread (see rwmutex.h)";
  }
  Watchdog watchdog("TestRLocker", 60s);
  RWMutex wl;
  Locker rl = wl.RLocker();
  Chan<bool> wlocked(1), rlocked(1);
  const int n = 10;
  std::thread t([&] {
    for (int i = 0; i < n; i++) {
      rl.Lock();
      rl.Lock();
      rlocked.Send(true);
      wl.Lock();
      wlocked.Send(true);
    }
  });
  for (int i = 0; i < n; i++) {
    rlocked.Recv();
    rl.Unlock();
    ASSERT_FALSE(wlocked.TryRecv()) << "RLocker() didn't read-lock it";
    rl.Unlock();
    wlocked.Recv();
    ASSERT_FALSE(rlocked.TryRecv())
        << "RLocker() didn't respect the write lock";
    wl.Unlock();
  }
  t.join();
}

TEST(RWMutexTest, ConstinitGlobal) {
  global_rwmutex.RLock();
  EXPECT_FALSE(global_rwmutex.TryLock());
  global_rwmutex.RUnlock();
  global_rwmutex.Lock();
  EXPECT_FALSE(global_rwmutex.TryRLock());
  global_rwmutex.Unlock();
}

// Writer preference: once a writer waits, an arriving reader waits too, on
// readerSem, and gets in when the writer is done.
TEST(RWMutexTest, WaitingWriterBlocksNewReaders) {
  Watchdog watchdog("WaitingWriterBlocksNewReaders", 60s);
  RWMutex rw;
  rw.RLock();
  std::atomic<int> stage{0};
  std::thread writer([&] {
    rw.Lock();
    stage = 1;
    rw.Unlock();
  });
  PollUntil([&] { return RWMutexTestPeer::ReaderWait(rw) == 1; });
  EXPECT_EQ(RWMutexTestPeer::ReaderCount(rw), 1 - rwmutexMaxReaders);
  EXPECT_FALSE(rw.TryRLock());
  std::thread reader([&] {
    rw.RLock();
    EXPECT_EQ(stage.load(), 1) << "reader got in before the waiting writer";
    rw.RUnlock();
  });
  std::uint32_t* rsem = RWMutexTestPeer::ReaderSem(rw);
  PollUntil([&] {
    return SemTable::Global().Nwait(rsem) != 0 &&
           RWMutexTestPeer::ReaderCount(rw) == 2 - rwmutexMaxReaders;
  });
  rw.RUnlock();  // the last departing reader wakes the writer
  writer.join();
  reader.join();
  EXPECT_EQ(RWMutexTestPeer::ReaderCount(rw), 0);
  EXPECT_EQ(RWMutexTestPeer::ReaderWait(rw), 0);
}

TEST(RWMutexTest, StandardLocks) {
  RWMutex rw;
  {
    std::shared_lock<RWMutex> a(rw);
    std::shared_lock<RWMutex> b(rw, std::try_to_lock);
    EXPECT_TRUE(b.owns_lock());
    std::unique_lock<RWMutex> w(rw, std::try_to_lock);
    EXPECT_FALSE(w.owns_lock());
  }
  {
    std::lock_guard<RWMutex> w(rw);
    std::shared_lock<RWMutex> r(rw, std::try_to_lock);
    EXPECT_FALSE(r.owns_lock());
  }
  Mutex m;
  {
    std::scoped_lock both(rw, m);
    EXPECT_FALSE(rw.TryRLock());
  }
  EXPECT_EQ(RWMutexTestPeer::ReaderCount(rw), 0);
}

TEST(RWMutexTest, ConditionVariableAnyWithSharedLock) {
  Watchdog watchdog("ConditionVariableAnyWithSharedLock", 60s);
  RWMutex rw;
  std::condition_variable_any cv;
  bool ready = false;
  std::thread waiter([&] {
    std::shared_lock<RWMutex> l(rw);
    cv.wait(l, [&] { return ready; });
  });
  {
    std::unique_lock<RWMutex> l(rw);
    ready = true;
  }
  cv.notify_all();
  waiter.join();
}

// C++ lifetimes: a reader admitted by a writer's Unlock destroys the mutex
// right after its RUnlock, while that Unlock may still be unlocking `w`. The
// destructor waits that out; ASan is the oracle.
TEST(RWMutexTest, DestroyedByReaderRightAfterWriterUnlockCheckedBySanitizer) {
  Watchdog watchdog("DestroyedByReaderRightAfterWriterUnlock", 120s);
  for (int round = 0; round < 2000; round++) {
    auto* rw = new RWMutex;
    rw->Lock();
    std::atomic<bool> started{false};
    std::thread reader([&] {
      started = true;
      rw->RLock();
      rw->RUnlock();
      delete rw;
    });
    PollUntil([&] { return started.load(); });
    if (round % 2 == 0) {
      (void)PollUntil(
          [&] {
            return RWMutexTestPeer::ReaderCount(*rw) != -rwmutexMaxReaders;
          },
          1ms);
    }
    rw->Unlock();
    reader.join();
  }
}

// The writer that takes the mutex after the last reader leaves destroys it.
TEST(RWMutexTest, DestroyedByWriterRightAfterLastReaderCheckedBySanitizer) {
  Watchdog watchdog("DestroyedByWriterRightAfterLastReader", 120s);
  for (int round = 0; round < 2000; round++) {
    auto* rw = new RWMutex;
    rw->RLock();
    std::thread writer([&] {
      rw->Lock();
      rw->Unlock();
      delete rw;
    });
    if (round % 2 == 0) {
      (void)PollUntil([&] { return RWMutexTestPeer::ReaderWait(*rw) != 0; },
                      1ms);
    }
    rw->RUnlock();
    writer.join();
  }
}

}  // namespace
}  // namespace go::sync
