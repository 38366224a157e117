// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// go::sync::Locker: Go's sync.Locker as a copyable, non-owning handle.

#include "sync/locker.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <type_traits>

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace go::sync {
namespace {

// A user type with Go's method names that records calls.
struct CountingLock {
  int locks = 0;
  int unlocks = 0;
  void Lock() { ++locks; }
  void Unlock() { ++unlocks; }
};

// A user type with read locks, standing in for an RWMutex.
struct CountingRWLock {
  int locks = 0, unlocks = 0, rlocks = 0, runlocks = 0;
  void Lock() { ++locks; }
  void Unlock() { ++unlocks; }
  void RLock() { ++rlocks; }
  void RUnlock() { ++runlocks; }
};

// Has both spellings: Go's wins.
struct BothSpellings {
  int go = 0, std = 0;
  void Lock() { ++go; }
  void Unlock() { ++go; }
  void lock() { ++std; }
  void unlock() { ++std; }
};

struct NotALock {
  void Lock() {}
};

static_assert(sizeof(Locker) == 2 * sizeof(void*), "a Go interface value");
static_assert(std::is_trivially_copyable_v<Locker>);
static_assert(std::is_convertible_v<CountingLock&, Locker>);
static_assert(std::is_convertible_v<CountingLock*, Locker>);
static_assert(std::is_convertible_v<std::mutex&, Locker>);
static_assert(!std::is_convertible_v<NotALock&, Locker>);
static_assert(!std::is_constructible_v<Locker, CountingLock&&>,
              "a Locker never refers to a temporary");
static_assert(!std::is_default_constructible_v<Locker>);

TEST(LockerTest, CallsLockAndUnlock) {
  CountingLock mu;
  Locker l = mu;
  l.Lock();
  l.Unlock();
  l.lock();
  l.unlock();
  EXPECT_EQ(mu.locks, 2);
  EXPECT_EQ(mu.unlocks, 2);
}

TEST(LockerTest, FromPointerAsGoWritesIt) {
  CountingLock mu;
  Locker l(&mu);
  l.Lock();
  EXPECT_EQ(mu.locks, 1);
  EXPECT_EQ(l, Locker(mu));
}

TEST(LockerTest, CopyCopiesTheHandleNotWrapsIt) {
  CountingLock a, b;
  Locker la = a;
  Locker copy = la;  // the copy constructor, not Locker(Locker&)
  EXPECT_EQ(copy, la);
  copy.Lock();
  EXPECT_EQ(a.locks, 1);
  Locker lb = b;
  copy = lb;
  EXPECT_EQ(copy, lb);
  EXPECT_NE(copy, la);
  copy.Lock();
  EXPECT_EQ(b.locks, 1);
  EXPECT_EQ(a.locks, 1);
  // Even a non-const lvalue Locker, which a greedy template constructor would
  // prefer, is copied.
  Locker& ref = la;
  Locker again(ref);
  EXPECT_EQ(again, la);
}

TEST(LockerTest, PrefersGoSpelling) {
  BothSpellings mu;
  Locker l = mu;
  l.lock();
  l.Unlock();
  EXPECT_EQ(mu.go, 2);
  EXPECT_EQ(mu.std, 0);
}

TEST(LockerTest, RLockerCallsReadLocks) {
  CountingRWLock rw;
  Locker r = Locker::RLocker(rw);
  Locker w = rw;
  EXPECT_NE(r, w);
  r.Lock();
  r.Unlock();
  EXPECT_EQ(rw.rlocks, 1);
  EXPECT_EQ(rw.runlocks, 1);
  EXPECT_EQ(rw.locks, 0);
  Locker r2 = r;
  EXPECT_EQ(r2, r);
  r2.Lock();
  EXPECT_EQ(rw.rlocks, 2);
}

TEST(LockerTest, WorksWithStandardLocks) {
  std::mutex mu;
  Locker l = mu;
  {
    std::unique_lock<Locker> g(l);
    EXPECT_FALSE(mu.try_lock());
  }
  EXPECT_TRUE(mu.try_lock());
  mu.unlock();
  {
    std::lock_guard<Locker> g(l);
    EXPECT_FALSE(mu.try_lock());
  }
  EXPECT_TRUE(mu.try_lock());
  mu.unlock();
}

// A wait that kept the lock would leave `t` blocked: the watchdog fails it.
TEST(LockerTest, ConditionVariableAny) {
  gosync_test::Watchdog watchdog("LockerTest.ConditionVariableAny",
                                 std::chrono::seconds(60));
  std::mutex mu;
  Locker l = mu;
  std::condition_variable_any cv;
  bool ready = false;
  std::thread t([&] {
    std::unique_lock<Locker> g(l);
    ready = true;
    cv.notify_one();
  });
  {
    std::unique_lock<Locker> g(l);
    cv.wait(g, [&] { return ready; });
    EXPECT_TRUE(ready);
  }
  t.join();
}

}  // namespace
}  // namespace go::sync
