// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// A long randomized stress test of one WaitGroup reused for thousands of
// rounds by many threads: tasks started with Go(f) or with Add(n) and plain
// threads, tasks that add nested tasks while the counter is above zero,
// several waiters per round that may arrive before, during or after the
// tasks, and random delays everywhere. Every waiter checks the tasks' plain
// writes after Wait (so TSan checks the happens-before model too). It prints
// its seed and fails on a watchdog instead of hanging. The long run puts the
// group's state in words 0-1 (8-aligned); a shorter one repeats it with the
// group at 4 mod 8, where the state is in words 1-2.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "sync/waitgroup.h"
#include "tests/test_util.h"
#include "tests/waitgroup_test_util.h"

namespace go::sync {
namespace {

using Rng = std::mt19937_64;

// A random short delay: nothing, a spin, a yield or a sleep of microseconds.
void RandomDelay(Rng& rng) {
  switch (rng() % 4) {
    case 0:
      break;
    case 1: {
      std::atomic<int> sink{0};
      for (int i = 0, n = static_cast<int>(rng() % 2000); i < n; i++) {
        sink.fetch_add(1, std::memory_order_relaxed);
      }
      break;
    }
    case 2:
      std::this_thread::yield();
      break;
    case 3:
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 50));
      break;
  }
}

// `rounds` rounds on one group placed at `offset` (see NewWaitGroupAt).
void ReuseWithRandomDelays(std::size_t offset, int rounds) {
  const std::uint64_t seed = gosync_test::TestSeed();
  SCOPED_TRACE(gosync_test::SeedNote(seed));
  const int kRounds = rounds;
  const int kWaiters = 3;
  const int kMaxTasks = 6;  // top-level tasks per round; each may nest one
  gosync_test::Watchdog watchdog(
      "ReuseWithRandomDelays at offset " + std::to_string(offset),
      std::chrono::seconds(240), seed);

  gosync_test::WaitGroupAtPtr group = gosync_test::MakeWaitGroupAt(offset);
  WaitGroup& wg = *group;
  // Written by the tasks of a round with plain stores, read by the waiters
  // after Wait: the WaitGroup is the only thing ordering them.
  std::vector<int> slots(2 * kMaxTasks, -1);

  std::mutex mu;
  std::condition_variable cv;
  int round_started = -1;
  std::vector<int> expected_slots;  // the slots the current round writes
  int waiters_done = 0;

  std::vector<std::thread> waiters;
  for (int id = 0; id < kWaiters; id++) {
    waiters.emplace_back([&, id] {
      Rng rng(seed ^ (0x9e3779b97f4a7c15ULL * (id + 1)));
      for (int round = 0; round < kRounds; round++) {
        std::vector<int> expect;
        {
          std::unique_lock<std::mutex> l(mu);
          cv.wait(l, [&] { return round_started >= round; });
          expect = expected_slots;
        }
        RandomDelay(rng);
        wg.Wait();
        for (int s : expect) {
          if (slots[s] != round) {
            ADD_FAILURE() << "waiter " << id << " round " << round << " slot "
                          << s << " = " << slots[s] << " after Wait, "
                          << gosync_test::SeedNote(seed);
          }
        }
        {
          std::lock_guard<std::mutex> l(mu);
          ++waiters_done;
        }
        cv.notify_all();
      }
    });
  }

  Rng rng(seed);
  for (int round = 0; round < kRounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int n = 1 + static_cast<int>(rng() % kMaxTasks);
    const bool use_go = rng() % 2 == 0;
    std::vector<int> expect;
    std::vector<bool> nests(n);
    for (int i = 0; i < n; i++) {
      expect.push_back(i);
      nests[i] = rng() % 3 == 0;
      if (nests[i]) expect.push_back(kMaxTasks + i);
    }
    auto task = [&wg, &slots, round, seed](int i, bool nest) {
      Rng task_rng(seed ^ (static_cast<std::uint64_t>(round) << 20) ^ i);
      RandomDelay(task_rng);
      if (nest) {
        // Allowed at any time: our own Done keeps the counter above zero.
        wg.Go([&slots, round, i, s = task_rng()] {
          Rng nested_rng(s);
          RandomDelay(nested_rng);
          slots[kMaxTasks + i] = round;
        });
      }
      slots[i] = round;
      RandomDelay(task_rng);
    };
    if (use_go) {
      for (int i = 0; i < n; i++) {
        wg.Go([task, i, nest = nests[i]] { task(i, nest); });
      }
    } else {
      wg.Add(n);
      for (int i = 0; i < n; i++) {
        std::thread([&wg, task, i, nest = nests[i]] {
          task(i, nest);
          wg.Done();  // Nothing after this may touch wg (see the header).
        }).detach();
      }
    }
    {
      std::lock_guard<std::mutex> l(mu);
      expected_slots = expect;
      waiters_done = 0;
      round_started = round;
    }
    cv.notify_all();
    RandomDelay(rng);
    wg.Wait();
    for (int s : expect) {
      EXPECT_EQ(slots[s], round)
          << "slot " << s << ", " << gosync_test::SeedNote(seed);
    }
    // Reuse rule: the next round's first Add only after every Wait returned.
    std::unique_lock<std::mutex> l(mu);
    cv.wait(l, [&] { return waiters_done == kWaiters; });
  }
  for (auto& t : waiters) t.join();
}

TEST(WaitGroupStressTest, ReuseWithRandomDelays) {
  ReuseWithRandomDelays(
      /*offset=*/0,
      gosync_test::kSanitized || gosync_test::Emulated() ? 1000 : 10000);
}

TEST(WaitGroupStressTest, ReuseWithRandomDelaysAt4Mod8) {
  ReuseWithRandomDelays(
      /*offset=*/4,
      gosync_test::kSanitized || gosync_test::Emulated() ? 300 : 2000);
}

}  // namespace
}  // namespace go::sync
