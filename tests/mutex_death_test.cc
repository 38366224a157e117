// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// How misuse of Mutex and RWMutex ends the process: Go 1.19's
// TestMutexMisuse cases (Go's `fatal`: the exact message, exit status 2,
// never an exception), the broken-invariant throw, and the C++-only fatal
// error for destroying a mutex a thread is waiting on.

#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sema/sema.h"
#include "sync/mutex.h"
#include "sync/rwmutex.h"
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

using ::testing::AllOf;
using ::testing::AnyOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;

class MutexDeathTest : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
  gosync_test::Watchdog watchdog_{"MutexDeathTest", 60s};
};

// Go prints `fatal error: <msg>` and exits 2; "test completed" must not show:
// fatal is not recoverable (Go's test recovers and prints it). Under TSan,
// which knows these are mutexes, TSan may see the bad unlock first and end
// the process with its own report (exit 66, halt_on_error); either ending
// is a detected misuse, and nothing else is accepted.
bool FatalOrTsanExit(int status) {
  return WIFEXITED(status) &&
         (WEXITSTATUS(status) == 2 ||
          (gosync_test::kTsan && WEXITSTATUS(status) == 66));
}

// TSan's reports for the bad unlocks (or nothing, in other builds).
#define TSAN_UNLOCK_REPORT                                         \
  ContainsRegex(gosync_test::kTsan                                 \
                    ? "ThreadSanitizer: (read unlock of a write |" \
                      "unlock of an un)locked mutex"               \
                    : "^$never")

#define EXPECT_FATAL(stmt, msg)                                             \
  EXPECT_EXIT(                                                              \
      {                                                                     \
        try {                                                               \
          stmt;                                                             \
        } catch (...) {                                                     \
        }                                                                   \
        std::fprintf(stderr, "test completed\n");                           \
        std::exit(0);                                                       \
      },                                                                    \
      FatalOrTsanExit,                                                      \
      AllOf(AnyOf(HasSubstr("fatal error: " msg "\n"), TSAN_UNLOCK_REPORT), \
            Not(HasSubstr("test completed"))))

// Go 1.19 TestMutexMisuse, case by case.
TEST_F(MutexDeathTest, MisuseMutexUnlock) {
  EXPECT_FATAL(
      {
        Mutex mu;
        mu.Unlock();
      },
      "sync: unlock of unlocked mutex");
}

TEST_F(MutexDeathTest, MisuseMutexUnlock2) {
  EXPECT_FATAL(
      {
        Mutex mu;
        mu.Lock();
        mu.Unlock();
        mu.Unlock();
      },
      "sync: unlock of unlocked mutex");
}

TEST_F(MutexDeathTest, MisuseRWMutexUnlock) {
  EXPECT_FATAL(
      {
        RWMutex mu;
        mu.Unlock();
      },
      "sync: Unlock of unlocked RWMutex");
}

TEST_F(MutexDeathTest, MisuseRWMutexUnlock2) {
  EXPECT_FATAL(
      {
        RWMutex mu;
        mu.RLock();
        mu.Unlock();
      },
      "sync: Unlock of unlocked RWMutex");
}

TEST_F(MutexDeathTest, MisuseRWMutexUnlock3) {
  EXPECT_FATAL(
      {
        RWMutex mu;
        mu.Lock();
        mu.Unlock();
        mu.Unlock();
      },
      "sync: Unlock of unlocked RWMutex");
}

TEST_F(MutexDeathTest, MisuseRWMutexRUnlock) {
  EXPECT_FATAL(
      {
        RWMutex mu;
        mu.RUnlock();
      },
      "sync: RUnlock of unlocked RWMutex");
}

TEST_F(MutexDeathTest, MisuseRWMutexRUnlock2) {
  EXPECT_FATAL(
      {
        RWMutex mu;
        mu.Lock();
        mu.RUnlock();
      },
      "sync: RUnlock of unlocked RWMutex");
}

TEST_F(MutexDeathTest, MisuseRWMutexRUnlock3) {
  EXPECT_FATAL(
      {
        RWMutex mu;
        mu.RLock();
        mu.RUnlock();
        mu.RUnlock();
      },
      "sync: RUnlock of unlocked RWMutex");
}

// A woken waiter that finds the mutex starving but also marked woken (or
// not counting it) is Go's throw("sync: inconsistent mutex state"), with the
// stack.
TEST_F(MutexDeathTest, InconsistentMutexState) {
  EXPECT_EXIT(
      {
        static Mutex mu;
        mu.Lock();
        std::thread([] { mu.Lock(); }).detach();
        gosync_test::PollUntil([] { return MutexTestPeer::Waiters(mu) == 1; });
        // Give the waiter time to spin out and park.
        std::this_thread::sleep_for(10ms);
        MutexTestPeer::SetState(
            mu, mutexStarving | mutexWoken | 1 << mutexWaiterShift);
        go::runtime::Semrelease(MutexTestPeer::Sema(mu), false, 0);
        std::this_thread::sleep_for(10s);
      },
      ::testing::ExitedWithCode(2),
      StartsWith("fatal error: sync: inconsistent mutex state\n"));
}

// C++ only: destroying a mutex while a thread waits in Lock.
TEST_F(MutexDeathTest, MutexDestroyedWhileLockWaits) {
  EXPECT_EXIT(
      {
        auto* mu = new Mutex;
        mu->Lock();
        std::thread([mu] { mu->Lock(); }).detach();
        gosync_test::PollUntil(
            [mu] { return MutexTestPeer::Waiters(*mu) == 1; });
        delete mu;
        std::exit(0);
      },
      ::testing::ExitedWithCode(2),
      HasSubstr("fatal error: sync: Mutex destroyed while a Lock is in "
                "progress\n"));
}

TEST_F(MutexDeathTest, RWMutexDestroyedWhileRLockWaits) {
  EXPECT_EXIT(
      {
        auto* rw = new RWMutex;
        rw->Lock();
        std::thread([rw] { rw->RLock(); }).detach();
        gosync_test::PollUntil([rw] {
          return RWMutexTestPeer::ReaderCount(*rw) == 1 - rwmutexMaxReaders;
        });
        delete rw;
        std::exit(0);
      },
      ::testing::ExitedWithCode(2),
      HasSubstr("fatal error: sync: RWMutex destroyed while a Lock or RLock "
                "is in progress\n"));
}

TEST_F(MutexDeathTest, RWMutexDestroyedWhileLockWaitsForReaders) {
  EXPECT_EXIT(
      {
        auto* rw = new RWMutex;
        rw->RLock();
        std::thread([rw] { rw->Lock(); }).detach();
        gosync_test::PollUntil(
            [rw] { return RWMutexTestPeer::ReaderWait(*rw) == 1; });
        delete rw;
        std::exit(0);
      },
      ::testing::ExitedWithCode(2),
      HasSubstr("fatal error: sync: RWMutex destroyed while a Lock or RLock "
                "is in progress\n"));
}

TEST_F(MutexDeathTest, RWMutexDestroyedWhileLockWaitsForWriter) {
  EXPECT_EXIT(
      {
        auto* rw = new RWMutex;
        rw->Lock();
        std::thread([rw] { rw->Lock(); }).detach();
        gosync_test::PollUntil([rw] {
          return MutexTestPeer::Waiters(RWMutexTestPeer::W(*rw)) == 1;
        });
        delete rw;
        std::exit(0);
      },
      ::testing::ExitedWithCode(2),
      HasSubstr("fatal error: sync: RWMutex destroyed while a Lock or RLock "
                "is in progress\n"));
}

}  // namespace
}  // namespace go::sync
