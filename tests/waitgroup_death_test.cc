// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// How WaitGroup ends a process: uncaught panics, Go(f) with a panicking f
// (golang/go#76126), and the C++-only destructor check. Each case runs in a
// child process (gtest death tests, "threadsafe" style: the child re-executes
// this binary).

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sync/waitgroup.h"
#include "tests/test_util.h"
#include "tests/waitgroup_test_util.h"

namespace go::sync {
namespace {

using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using namespace std::chrono_literals;

class WaitGroupDeathTest : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }

  // Bounds the parent's wait for its child and, since the "threadsafe"
  // child re-runs the test body from the start, the child too: a child that
  // hangs instead of dying exits 1 and fails the EXPECT_EXIT.
  gosync_test::Watchdog watchdog_{"WaitGroupDeathTest", 60s};
};

// Go 1.26 (after golang/go#76126) sync/waitgroup_test.go TestIssue76126:
// when f panics, Go(f) must not call Done, so Wait never returns and the
// panic, not "Wait returned", ends the process.
TEST_F(WaitGroupDeathTest, Issue76126) {
  EXPECT_EXIT(
      {
        WaitGroup wg;
        wg.Go([] { go::runtime::gopanic("test"); });
        wg.Wait();
        go::runtime::gopanic("Wait returned");
      },
      ::testing::ExitedWithCode(2),
      AllOf(HasSubstr("panic: test\n\ngoroutine "),
            Not(HasSubstr("Wait returned"))));
}

// The same, with the panic raised deep inside f, and f's destructors run.
TEST_F(WaitGroupDeathTest, GoPanicIsReportedWithItsStack) {
  EXPECT_EXIT(
      {
        WaitGroup wg;
        wg.Go([] {
          WaitGroup inner;
          inner.Done();  // panics: negative counter
        });
        wg.Wait();
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(2),
      ContainsRegex("panic: sync: negative WaitGroup counter\n\n"
                    "goroutine [0-9]+ \\[running\\]:\n"));
}

// f calls Done itself, so the task's own Done takes the counter negative. In
// Go that panic ends the program (`panic: ...`, exit 2) from the goroutine;
// so here, without InstallPanicHandler. Nobody waits (a waiter woken by f's
// Done could find the counter already at -1 and panic "reused" itself): the
// main thread sleeps until the task's report ends the process, and the
// watchdog ends a child that never gets one.
TEST_F(WaitGroupDeathTest, GoWhoseFunctionCallsDoneItselfPanicsLikeGo) {
  EXPECT_EXIT(
      {
        WaitGroup wg;
        wg.Go([&wg] { wg.Done(); });
        for (;;) std::this_thread::sleep_for(1s);
      },
      ::testing::ExitedWithCode(2),
      StartsWith("panic: sync: negative WaitGroup counter\n\ngoroutine "));
}

// Only go::Panic is Go's business: any other exception leaving f terminates
// the process as for any std::thread.
TEST_F(WaitGroupDeathTest, GoOtherExceptionTerminates) {
  EXPECT_DEATH(
      {
        WaitGroup wg;
        wg.Go([] { throw std::runtime_error("not a go panic"); });
        wg.Wait();
        std::_Exit(0);
      },
      "std::runtime_error");
}

// With the opt-in handler, an uncaught panic ends the process like Go's:
// first line `panic: <msg>`, then a goroutine header and a stack, status 2.
TEST_F(WaitGroupDeathTest, UncaughtPanicWithHandlerIsReportedLikeGo) {
  EXPECT_EXIT(
      {
        go::InstallPanicHandler();
        std::thread([] {
          WaitGroup wg;
          wg.Add(-1);
        }).join();
      },
      ::testing::ExitedWithCode(2),
      AllOf(StartsWith("panic: sync: negative WaitGroup counter\n\n"),
            ContainsRegex("goroutine [0-9]+ \\[running\\]:\n")));
}

// Without the handler gosync changes nothing: the usual terminate.
TEST_F(WaitGroupDeathTest, UncaughtPanicWithoutHandlerIsAPlainTerminate) {
  EXPECT_DEATH(
      {
        std::thread([] {
          WaitGroup wg;
          wg.Add(1);
          wg.Done();
          wg.Done();
        }).join();
      },
      "go::Panic");
}

// C++ only: destroying a group while a thread is registered in Wait.
TEST_F(WaitGroupDeathTest, DestroyedWhileWaitInProgress) {
  EXPECT_EXIT(
      {
        auto* wg = new WaitGroup;
        wg->Add(1);
        std::thread([wg] { wg->Wait(); }).detach();
        if (!gosync_test::PollUntil(
                [&] { return WaitGroupTestPeer::Waiters(*wg) == 1; }, 30s)) {
          std::_Exit(1);
        }
        wg->~WaitGroup();
      },
      ::testing::ExitedWithCode(2),
      StartsWith("fatal error: sync: WaitGroup destroyed while a Wait is in "
                 "progress\n"));
}

}  // namespace
}  // namespace go::sync
