// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Cond's race model under ThreadSanitizer. Go documents that Signal and
// Broadcast synchronize before the Wait they unblock, and nothing more: the
// runtime's list is invisible to the race detector. gosync's notifyList is
// invisible to TSan in the same way (sema/race.h), and Cond states the
// documented edge (sync/cond.h). So TSan must stay silent for a write made
// before Signal outside the lock and read after Wait, and must report a
// write made after Signal.
//
// Each case runs in a child process whose first report ends it with exit
// code 66 (as tests/waitgroup_tsan_test.cc). Without TSan every case is
// skipped.

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
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

using gosync_test::kTsanReportExit;

class CondTsanTest : public gosync_test::TsanReportTest {};

// One waiter, one signaler. The waiter sets `in` (relaxed: no edge) while
// holding mu and then Waits; the signaler sees `in`, then locks and unlocks
// mu, after which the waiter is surely inside Wait. The signaler's write to
// `data` comes after its Unlock, so mu orders nothing about it: only the
// Cond's own edge can. `write_after_signal` puts the write after Signal,
// where nothing orders it.
void SignalOnce(bool write_after_signal) {
  for (int round = 0; round < 10; round++) {
    Mutex mu;
    Cond c(&mu);
    std::atomic<bool> in{false};
    bool woken = false;  // guarded by mu
    int data = 0;
    std::thread waiter([&] {
      mu.Lock();
      in.store(true, std::memory_order_relaxed);
      while (!woken) c.Wait();
      mu.Unlock();
      volatile int read = data;
      (void)read;
    });
    while (!in.load(std::memory_order_relaxed)) std::this_thread::yield();
    mu.Lock();
    woken = true;
    mu.Unlock();
    if (!write_after_signal) data = 1;
    c.Signal();
    if (write_after_signal) data = 1;  // BUG: after Signal
    waiter.join();
  }
  std::_Exit(0);
}

TEST_F(CondTsanTest, WriteBeforeSignalIsNotReported) {
  EXPECT_EXIT(SignalOnce(false), ::testing::ExitedWithCode(0),
              Not(HasSubstr("ThreadSanitizer")));
}

TEST_F(CondTsanTest, WriteAfterSignalIsReported) {
  EXPECT_EXIT(SignalOnce(true), ::testing::ExitedWithCode(kTsanReportExit),
              HasSubstr("WARNING: ThreadSanitizer: data race"));
}

// The same with Broadcast and several waiters: each must acquire it.
void BroadcastOnce() {
  constexpr int kWaiters = 4;
  Mutex mu;
  Cond c(&mu);
  std::atomic<int> in{0};
  bool woken = false;  // guarded by mu
  int data = 0;
  std::thread waiters[kWaiters];
  for (auto& t : waiters) {
    t = std::thread([&] {
      mu.Lock();
      in.fetch_add(1, std::memory_order_relaxed);
      while (!woken) c.Wait();
      mu.Unlock();
      volatile int read = data;
      (void)read;
    });
  }
  while (in.load(std::memory_order_relaxed) != kWaiters) {
    std::this_thread::yield();
  }
  mu.Lock();
  woken = true;
  mu.Unlock();
  data = 1;
  c.Broadcast();
  for (auto& t : waiters) t.join();
  std::_Exit(0);
}

TEST_F(CondTsanTest, WriteBeforeBroadcastIsNotReported) {
  EXPECT_EXIT(BroadcastOnce(), ::testing::ExitedWithCode(0),
              Not(HasSubstr("ThreadSanitizer")));
}

}  // namespace
