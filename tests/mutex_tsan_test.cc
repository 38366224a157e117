// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// ThreadSanitizer sees Mutex and RWMutex as mutexes: it reports a
// lock-order inversion and a data race on a field guarded by the wrong
// mutex, and stays silent on correct use. Runs (and asserts) under
// --config=tsan; every case skips itself in other builds. TSan is the
// oracle of every case here.

#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sync/mutex.h"
#include "sync/rwmutex.h"
#include "tests/test_util.h"

// These tests lock and unlock across threads, in lambdas and through the
// standard locks, which Clang's analysis cannot follow; the annotations are
// checked by mutex_thread_safety_test instead.
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wthread-safety-analysis"
#endif

namespace go::sync {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

class MutexTsanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!gosync_test::kTsan) GTEST_SKIP() << "needs --config=tsan";
    GTEST_FLAG_SET(death_test_style, "threadsafe");
  }
  gosync_test::Watchdog watchdog_{"MutexTsanTest", 120s};
};

// TSan's exit code for a report with halt_on_error=1 (set in .bazelrc); the
// child sets it again so the case does not depend on the environment.
constexpr int kTsanExit = 66;

TEST_F(MutexTsanTest, LockOrderInversionIsReported) {
  EXPECT_EXIT(
      {
        Mutex a;
        Mutex b;
        a.Lock();
        b.Lock();
        b.Unlock();
        a.Unlock();
        std::thread([&] {
          b.Lock();
          a.Lock();
          a.Unlock();
          b.Unlock();
        }).join();
        std::exit(0);
      },
      ::testing::ExitedWithCode(kTsanExit),
      HasSubstr("WARNING: ThreadSanitizer: lock-order-inversion"));
}

TEST_F(MutexTsanTest, RWMutexLockOrderInversionIsReported) {
  EXPECT_EXIT(
      {
        RWMutex a;
        Mutex b;
        a.RLock();
        b.Lock();
        b.Unlock();
        a.RUnlock();
        std::thread([&] {
          b.Lock();
          a.Lock();
          a.Unlock();
          b.Unlock();
        }).join();
        std::exit(0);
      },
      ::testing::ExitedWithCode(kTsanExit),
      HasSubstr("WARNING: ThreadSanitizer: lock-order-inversion"));
}

TEST_F(MutexTsanTest, FieldGuardedByTheWrongMutexIsReported) {
  EXPECT_EXIT(
      {
        Mutex a;
        Mutex b;
        int x = 0;
        std::thread t([&] {
          a.Lock();
          x++;
          a.Unlock();
        });
        b.Lock();
        x++;
        b.Unlock();
        t.join();
        std::exit(x == 2 ? 0 : 1);
      },
      ::testing::ExitedWithCode(kTsanExit),
      HasSubstr("WARNING: ThreadSanitizer: data race"));
}

TEST_F(MutexTsanTest, WriteUnderReadLockIsReported) {
  EXPECT_EXIT(
      {
        RWMutex rw;
        int x = 0;
        std::thread t([&] {
          rw.RLock();
          x++;
          rw.RUnlock();
        });
        rw.RLock();
        x++;
        rw.RUnlock();
        t.join();
        std::exit(0);
      },
      ::testing::ExitedWithCode(kTsanExit),
      HasSubstr("WARNING: ThreadSanitizer: data race"));
}

// Correct use: silent (a report would end this process with exit 66).
TEST_F(MutexTsanTest, CorrectUseIsSilent) {
  Mutex mu;
  RWMutex rw;
  int x = 0, y = 0;
  gosync_test::ScopedThreads threads;
  for (int t = 0; t < 4; t++) {
    threads.Start([&, t] {
      for (int i = 0; i < 2000; i++) {
        if (i % 3 == 0 && mu.TryLock()) {
          x++;
          mu.Unlock();
        } else {
          std::lock_guard<Mutex> l(mu);
          x++;
        }
        if ((i + t) % 5 == 0) {
          rw.Lock();
          y++;
          rw.Unlock();
        } else if (i % 2 == 0 && rw.TryRLock()) {
          (void)*(volatile int*)&y;
          rw.RUnlock();
        } else {
          rw.RLock();
          (void)*(volatile int*)&y;
          rw.RUnlock();
        }
      }
    });
  }
  threads.JoinAll();
  EXPECT_EQ(x, 4 * 2000);
}

// Consistent lock order over two mutexes: no inversion reported.
TEST_F(MutexTsanTest, ConsistentOrderIsSilent) {
  Mutex a, b;
  int x = 0;
  gosync_test::ScopedThreads threads;
  for (int t = 0; t < 2; t++) {
    threads.Start([&] {
      for (int i = 0; i < 500; i++) {
        std::scoped_lock l(a, b);  // std::lock's try-and-back-off
        x++;
      }
    });
  }
  threads.JoinAll();
  EXPECT_EQ(x, 1000);
}

}  // namespace
}  // namespace go::sync
