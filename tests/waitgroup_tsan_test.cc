// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// WaitGroup's race model under ThreadSanitizer (see sync/race.h): TSan must
// stay silent for correct use, with WaitGroup's annotations as the only
// happens-before edge between a task's work and the waiter, and it must
// report an Add from zero that races with Wait, as Go's race detector does.
//
// Each case runs in a child process with TSAN_OPTIONS set so that the first
// report ends the child with exit code 66; the parent checks the exit code
// and the child's stderr. Without TSan every test here is skipped.

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sync/waitgroup.h"
#include "tests/test_util.h"
#include "tests/waitgroup_test_util.h"

namespace go::sync {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

using gosync_test::kTsanReportExit;

class WaitGroupTsanTest : public gosync_test::TsanReportTest {};

// Waits, with relaxed loads (no happens-before for TSan), until `wg` has
// `n` registered waiters.
void AwaitWaiters(WaitGroup& wg, std::uint32_t n) {
  if (!gosync_test::PollUntil(
          [&] { return WaitGroupTestPeer::Waiters(wg) == n; }, 30s)) {
    std::_Exit(3);
  }
}

// Correct use: every task's plain writes are read after Wait with no
// synchronization but WaitGroup's (the threads are joined only afterwards).
void CorrectUse() {
  // One task, the waiter blocked when Done comes.
  {
    WaitGroup wg;
    int data = 0;
    wg.Add(1);
    std::thread t([&] {
      data = 42;
      wg.Done();
    });
    wg.Wait();
    if (data != 42) std::_Exit(4);
    t.join();
  }
  // Eight tasks: Wait must acquire all eight releases (ReleaseMerge).
  {
    WaitGroup wg;
    int slots[8] = {};
    std::vector<std::thread> ts;
    wg.Add(8);
    for (int i = 0; i < 8; i++) {
      ts.emplace_back([&, i] {
        slots[i] = i + 1;
        wg.Done();
      });
    }
    wg.Wait();
    for (int i = 0; i < 8; i++) {
      if (slots[i] != i + 1) std::_Exit(5);
    }
    for (auto& t : ts) t.join();
  }
  // Several waiters, the group reused for several rounds, Go(f).
  {
    WaitGroup wg;
    int data = 0;
    for (int round = 1; round <= 20; round++) {
      wg.Go([&data, round] { data = round; });
      std::vector<std::thread> waiters;
      std::atomic<int> seen{0};
      for (int i = 0; i < 3; i++) {
        waiters.emplace_back([&] {
          wg.Wait();
          if (data == round) seen.fetch_add(1);
        });
      }
      wg.Wait();
      if (data != round) std::_Exit(6);
      // Joining orders the waiters' first Write(sema) before the next
      // round's Add from zero, which is what Go requires.
      for (auto& t : waiters) t.join();
      if (seen.load() != 3) std::_Exit(7);
    }
  }
  // The waiter registered before Done (the semaphore path) every time.
  {
    WaitGroup wg;
    int data = 0;
    for (int round = 1; round <= 20; round++) {
      wg.Add(1);
      std::thread t([&] {
        AwaitWaiters(wg, 1);
        data = round;
        wg.Done();
      });
      wg.Wait();
      if (data != round) std::_Exit(8);
      t.join();
    }
  }
  std::_Exit(0);
}

TEST_F(WaitGroupTsanTest, CorrectUseIsNotReported) {
  EXPECT_EXIT(CorrectUse(), ::testing::ExitedWithCode(0),
              Not(HasSubstr("ThreadSanitizer")));
}

// The classic bug: Add(1) inside the task, racing with the Wait that should
// wait for it. Forced here: the task adds, then the waiter registers, then
// the task finishes. Go's race detector reports this; so must TSan.
void AddFromZeroRacingWithWait() {
  WaitGroup wg;
  std::atomic<bool> added{false};
  std::thread t([&] {
    wg.Add(1);  // BUG: must happen before Wait.
    added.store(true, std::memory_order_relaxed);
    AwaitWaiters(wg, 1);
    wg.Done();
  });
  while (!added.load(std::memory_order_relaxed)) std::this_thread::yield();
  wg.Wait();
  t.join();
  std::_Exit(0);  // Not reached: TSan halts at the report.
}

TEST_F(WaitGroupTsanTest, AddFromZeroRacingWithWaitIsReported) {
  EXPECT_EXIT(AddFromZeroRacingWithWait(),
              ::testing::ExitedWithCode(kTsanReportExit),
              AllOf(HasSubstr("WARNING: ThreadSanitizer: data race"),
                    HasSubstr("WaitGroup::Wait"), HasSubstr("WaitGroup::Add")));
}

// The task writes *after* its Done: nothing orders that write before the
// waiter's read, and TSan must say so (WaitGroup and the semaphore must not
// leak extra happens-before edges).
void WriteAfterDone() {
  WaitGroup wg;
  int data = 0;
  wg.Add(1);
  std::thread t([&] {
    AwaitWaiters(wg, 1);
    wg.Done();
    data = 1;  // BUG: after Done.
  });
  wg.Wait();
  // TSan reports the pair in either order, so no interleaving is forced.
  volatile int read = data;
  (void)read;
  t.join();
  std::_Exit(0);
}

TEST_F(WaitGroupTsanTest, WriteAfterDoneIsReported) {
  EXPECT_EXIT(WriteAfterDone(), ::testing::ExitedWithCode(kTsanReportExit),
              HasSubstr("WARNING: ThreadSanitizer: data race"));
}

}  // namespace
}  // namespace go::sync
