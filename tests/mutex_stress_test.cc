// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Many threads, random mixes of Lock/TryLock on a Mutex and
// Lock/TryLock/RLock/TryRLock on an RWMutex. Mutual exclusion is checked by
// plain (non-atomic) counters that only the lock protects: a lost update
// shows in the totals, a reader that sees a torn pair fails at once, and
// under TSan any overlap is a reported race. Bounded by a watchdog; the seed
// is printed (replay with GOSYNC_SEED=<seed>).

#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
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

using namespace std::chrono_literals;

TEST(MutexStressTest, RandomMix) {
  const std::uint64_t seed = gosync_test::TestSeed();
  gosync_test::Watchdog watchdog("MutexStressTest.RandomMix", 240s, seed);
  constexpr int kThreads = 8;
  const int kOps = gosync_test::kTsan ? 4000 : 40000;
  Mutex mu;
  RWMutex rw;
  std::int64_t counter = 0;    // guarded by mu
  std::int64_t a = 0, b = 0;   // guarded by rw; always a == b
  std::int64_t rw_writes = 0;  // guarded by rw
  std::vector<std::int64_t> mine(kThreads), my_rw(kThreads);
  gosync_test::ScopedThreads threads;
  for (int t = 0; t < kThreads; t++) {
    threads.Start([&, t] {
      std::mt19937_64 rng(seed + t);
      for (int i = 0; i < kOps; i++) {
        std::uint64_t r = rng();
        switch (r % 6) {
          case 0:
            mu.Lock();
            counter++;
            mine[t]++;
            mu.Unlock();
            break;
          case 1:
            if (mu.TryLock()) {
              counter++;
              mine[t]++;
              mu.Unlock();
            }
            break;
          case 2:
            rw.Lock();
            a++;
            if ((r >> 8) % 8 == 0) std::this_thread::yield();
            b++;
            rw_writes++;
            my_rw[t]++;
            rw.Unlock();
            break;
          case 3:
            if (rw.TryLock()) {
              a++;
              b++;
              rw_writes++;
              my_rw[t]++;
              rw.Unlock();
            }
            break;
          case 4:
            rw.RLock();
            ASSERT_EQ(a, b) << gosync_test::SeedNote(seed);
            rw.RUnlock();
            break;
          case 5:
            if (rw.TryRLock()) {
              ASSERT_EQ(a, b) << gosync_test::SeedNote(seed);
              rw.RUnlock();
            }
            break;
        }
      }
    });
  }
  threads.JoinAll();
  std::int64_t want = 0, want_rw = 0;
  for (int t = 0; t < kThreads; t++) {
    want += mine[t];
    want_rw += my_rw[t];
  }
  EXPECT_EQ(counter, want) << gosync_test::SeedNote(seed);
  EXPECT_EQ(rw_writes, want_rw) << gosync_test::SeedNote(seed);
  EXPECT_EQ(a, want_rw) << gosync_test::SeedNote(seed);
  EXPECT_EQ(MutexTestPeer::State(mu), 0);
  EXPECT_EQ(RWMutexTestPeer::ReaderCount(rw), 0);
  EXPECT_EQ(RWMutexTestPeer::ReaderWait(rw), 0);
}

// Short critical sections with many more threads than CPUs: the starvation
// switch and handoff run often. Every thread must finish.
TEST(MutexStressTest, ManyThreadsShortSections) {
  const std::uint64_t seed = gosync_test::TestSeed();
  gosync_test::Watchdog watchdog("ManyThreadsShortSections", 240s, seed);
  constexpr int kThreads = 32;
  const int kOps = gosync_test::kTsan ? 300 : 3000;
  Mutex mu;
  std::int64_t counter = 0;
  gosync_test::ScopedThreads threads;
  for (int t = 0; t < kThreads; t++) {
    threads.Start([&, t] {
      std::mt19937 rng(static_cast<std::uint32_t>(seed) + t);
      for (int i = 0; i < kOps; i++) {
        mu.Lock();
        counter++;
        if (rng() % 64 == 0) std::this_thread::sleep_for(20us);
        mu.Unlock();
      }
    });
  }
  threads.JoinAll();
  EXPECT_EQ(counter, std::int64_t{kThreads} * kOps)
      << gosync_test::SeedNote(seed);
  EXPECT_EQ(MutexTestPeer::State(mu), 0);
}

}  // namespace
}  // namespace go::sync
