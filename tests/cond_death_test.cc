// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// The C++-only fatal error of go::sync::Cond: destroying it while a thread
// is inside Wait. (Go's Cond has no destructor; its garbage collector keeps
// a Cond alive while anyone waits.)

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sync/cond.h"
#include "sync/mutex.h"
#include "tests/test_util.h"

namespace {

using go::sync::Cond;
using go::sync::Mutex;
using ::testing::StartsWith;
using namespace std::chrono_literals;

class CondDeathTest : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
  // A child that hangs instead of dying exits 1 and fails the EXPECT_EXIT.
  gosync_test::Watchdog watchdog_{"CondDeathTest", 60s};
};

// Starts a thread that waits on `c` forever and returns once it is inside
// Wait: it set `in` while holding the lock, which Wait alone releases.
void StartWaiter(Mutex* mu, Cond* c) {
  static std::atomic<bool> in{false};
  std::thread([mu, c] {
    mu->Lock();
    in = true;
    c->Wait();  // never returns: the Cond dies under it
    mu->Unlock();
  }).detach();
  gosync_test::PollUntil([] { return in.load(); });
  mu->Lock();
  mu->Unlock();
}

TEST_F(CondDeathTest, DestroyedWhileWaitInProgress) {
  EXPECT_EXIT(
      {
        auto* mu = new Mutex;
        auto* c = new Cond(mu);
        StartWaiter(mu, c);
        c->~Cond();
      },
      ::testing::ExitedWithCode(2),
      StartsWith(
          "fatal error: sync: Cond destroyed while a Wait is in progress\n"));
}

}  // namespace
