// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// The runtime layer's building blocks, one concept each: the table layout
// and hash, the root lock, the parker, the futex wrapper, cheaprand, the
// thread ids, and the Enqueue record pool. Not ports of Go tests.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <thread>
#include <type_traits>
#include <vector>

#include "gtest/gtest.h"
#include "sema/cheaprand.h"
#include "sema/futex.h"
#include "sema/mutex.h"
#include "sema/parker.h"
#include "sema/semaroot.h"
#include "sema/semtable.h"
#include "sema/sudog.h"
#include "tests/sema_test_util.h"

namespace {

using namespace go::runtime;  // NOLINT: the runtime's own lowercase names
using gosync_test::CollidingWords;
using gosync_test::Watchdog;
using std::chrono::seconds;

TEST(SemaLayoutTest, OneCacheLinePerRoot) {
  EXPECT_EQ(sizeof(semTable), kSemTabSize * 64);
  EXPECT_EQ(alignof(semTable::entry), 64u);
  EXPECT_TRUE(std::is_trivially_destructible_v<semTable>);
  // nwait shares the line with the lock.
  auto tab = std::make_unique<semTable>();
  auto line = [](const void* p) {
    return reinterpret_cast<std::uintptr_t>(p) / 64;
  };
  for (const auto& e : tab->t) {
    EXPECT_EQ(line(&e.root.lock), line(&e.root.nwait));
    EXPECT_EQ(line(&e.root.lock), line(&e.root.treap));
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(&e) % 64, 0u);
  }
}

TEST(SemaLayoutTest, RootForIsAddrShiftedModPrime) {
  std::uint32_t words[64];
  for (auto& w : words) {
    auto a = reinterpret_cast<std::uintptr_t>(&w);
    EXPECT_EQ(RootIndex(&w), (a >> 3) % 251);
    EXPECT_EQ(semtable.rootFor(&w), &semtable.t[(a >> 3) % 251].root);
  }
}

TEST(SemaLayoutTest, StrideOf251x8BytesCollidesAndGosStrideDoesNot) {
  CollidingWords words(16);
  std::set<std::size_t> roots;
  for (std::size_t i = 0; i < 16; ++i) {
    roots.insert(RootIndex(words.Word(i)));
    roots.insert(RootIndex(words.Word(i, 1)));
  }
  EXPECT_EQ(roots.size(), 1u);
  // Go's BenchmarkSemTable steps by 251 uint32s: two roots, alternating.
  std::vector<std::uint32_t> u(16 * 251);
  std::set<std::size_t> go_roots;
  for (std::size_t i = 0; i < 16; ++i) go_roots.insert(RootIndex(&u[i * 251]));
  EXPECT_EQ(go_roots.size(), 2u);
}

// A helper outside the thread-safety analysis, to misuse the lock on
// purpose.
void UnlockUnheld(mutex* m) ABSL_NO_THREAD_SAFETY_ANALYSIS { unlock(m); }

TEST(SemaMutexTest, MutualExclusionUnderContention) {
  Watchdog dog("mutex contention", seconds(120), 0);
  mutex m;
  long counter = 0;  // plain: the lock must order every access
  constexpr int kThreads = 4;
  constexpr int kIters = 50000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIters; ++i) {
        lock(&m);
        counter++;
        unlock(&m);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter, long{kThreads} * kIters);
  EXPECT_EQ(m.key.load(), mutex_unlocked);
}

TEST(SemaMutexDeathTest, UnlockOfUnlockedLockThrows) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  mutex m;
  EXPECT_EXIT(UnlockUnheld(&m), testing::ExitedWithCode(2),
              "fatal error: unlock of unlocked lock");
}

TEST(SemaFutexTest, SleepReturnsAtOnceWhenValueDiffers) {
  std::atomic<std::uint32_t> w{1};
  futexsleep(&w, 0);   // must not block
  futexwakeup(&w, 1);  // nobody sleeping: a no-op
  SUCCEED();
}

TEST(SemaFutexTest, WakeupReachesSleeper) {
  Watchdog dog("futex wake", seconds(120), 0);
  std::atomic<std::uint32_t> w{0};
  std::thread sleeper([&] {
    while (w.load() == 0) futexsleep(&w, 0);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  w.store(1);
  futexwakeup(&w, 1);
  sleeper.join();
  EXPECT_EQ(w.load(), 1u);
}

TEST(SemaParkerTest, UnparkBeforeParkIsNotLost) {
  Parker p;
  p.Prepare();
  p.Unpark();
  p.Park();  // returns at once: the wakeup was kept
  SUCCEED();
}

// One thread parks, the other unparks, many times, with the unpark landing
// anywhere from before the park to long after the sleeper is in the kernel.
TEST(SemaParkerTest, PingPongLosesNoWakeup) {
  Watchdog dog("parker ping-pong", seconds(120), 0);
  Parker p;
  std::atomic<int> armed{0};  // rounds the sleeper has prepared
  int data = 0;  // plain: Unpark must order it before Park's return
  constexpr int kRounds = 20000;
  std::thread sleeper([&] {
    for (int i = 1; i <= kRounds; ++i) {
      p.Prepare();
      armed.store(i, std::memory_order_release);
      p.Park();
      EXPECT_EQ(data, i);
    }
  });
  for (int i = 1; i <= kRounds; ++i) {
    while (armed.load(std::memory_order_acquire) != i) {
      if (i % 64 == 0) std::this_thread::yield();
    }
    if (i % 500 == 0)
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    data = i;
    p.Unpark();
  }
  sleeper.join();
}

TEST(SemaCheaprandTest, SeededSequencesRepeatAndDiffer) {
  cheaprandseed(42);
  std::vector<std::uint32_t> a, b, c;
  for (int i = 0; i < 100; ++i) a.push_back(cheaprand());
  cheaprandseed(42);
  for (int i = 0; i < 100; ++i) b.push_back(cheaprand());
  cheaprandseed(43);
  for (int i = 0; i < 100; ++i) c.push_back(cheaprand());
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_GT(std::set<std::uint32_t>(a.begin(), a.end()).size(), 95u);
}

TEST(SemaCheaprandTest, ThreadsGetDifferentSequences) {
  std::vector<std::uint32_t> first(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&first, i] { first[i] = cheaprand(); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::set<std::uint32_t>(first.begin(), first.end()).size(), 4u);
}

TEST(SemaThreadIdTest, StablePerThreadAndDistinct) {
  const std::uint64_t mine = CurrentThreadId();
  EXPECT_NE(mine, 0u);
  EXPECT_EQ(CurrentThreadId(), mine);
  std::vector<std::uint64_t> ids(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&ids, i] { ids[i] = CurrentThreadId(); });
  }
  for (auto& t : threads) t.join();
  ids.push_back(mine);
  EXPECT_EQ(std::set<std::uint64_t>(ids.begin(), ids.end()).size(), 9u);
}

TEST(SemaSudogTest, ThreadKeepsOneSudogBoundToItsParker) {
  sudog* s = acquireSudog();
  EXPECT_NE(s->g, nullptr);
  EXPECT_EQ(s->id, CurrentThreadId());
  EXPECT_EQ(s->cache, nullptr);
  releaseSudog(s);
  EXPECT_EQ(acquireSudog(), s);
  releaseSudog(s);
  sudog* other = nullptr;
  std::thread([&] {
    other = acquireSudog();
    releaseSudog(other);
  }).join();
  EXPECT_NE(other, s);
}

// Records go back to the pool when a thread exits and are reused, never
// freed: a thread started after another exited can get its record.
TEST(SemaSudogTest, RecordsAreReusedAfterThreadExit) {
  std::set<sudog*> seen;
  for (int i = 0; i < 20; ++i) {
    sudog* s = nullptr;
    std::thread([&] {
      s = acquireSudog();
      releaseSudog(s);
    }).join();
    seen.insert(s);
  }
  EXPECT_LT(seen.size(), 20u);
}

TEST(SemaSudogTest, CacheNumbersRecordsAndReusesThem) {
  sudogcache c;
  sudog* a = c.get();
  sudog* b = c.get();
  EXPECT_EQ(a->id, 1u);
  EXPECT_EQ(b->id, 2u);
  EXPECT_EQ(a->cache, &c);
  EXPECT_EQ(a->g, nullptr);
  releaseSudog(a);
  sudog* d = c.get();
  EXPECT_EQ(d, a);
  EXPECT_EQ(d->id, 3u);
  releaseSudog(b);
  releaseSudog(d);
}

}  // namespace
