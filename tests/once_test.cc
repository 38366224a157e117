// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// go::sync::Once: Go 1.19's sync/once_test.go (TestOnce, TestOncePanic),
// then what Go's doc promises and its tests leave implicit: the layout, no
// Do returns before f has finished, a throwing f with callers waiting, and
// a randomized race of many threads on fresh Onces (printed seed). Under
// --config=tsan the plain reads after Do are the check of Once's
// happens-before edge.

#include "sync/once.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "gtest/gtest.h"
#include "sync/mutex.h"
#include "tests/test_util.h"
#include "tests/waitgroup_test_util.h"

namespace {

using go::sync::Once;
using gosync_test::Chan;
using gosync_test::PollUntil;
using gosync_test::ScopedThreads;
using gosync_test::SeedNote;
using gosync_test::TestSeed;
using gosync_test::Watchdog;
using std::chrono::seconds;

// Go 1.19's layout, `done uint32; m Mutex`: 12 bytes, 4-aligned.
static_assert(sizeof(Once) == sizeof(std::uint32_t) + sizeof(go::sync::Mutex));
static_assert(sizeof(Once) == 12 && alignof(Once) == 4);
static_assert(!std::is_copy_constructible_v<Once>);
static_assert(!std::is_move_constructible_v<Once>);
// A global Once is constant-initialized (usable before main).
constinit Once global_once;

struct one {
  int v = 0;
  void Increment() { v++; }
};

void run(Once* once, one* o, Chan<bool>* c) {
  once->Do([o] { o->Increment(); });
  EXPECT_EQ(o->v, 1) << "once failed inside run";
  c->Send(true);
}

// Go 1.19 TestOnce.
TEST(OnceTest, Once) {
  Watchdog watchdog("Once", seconds(60));
  one o;
  Once once;
  Chan<bool> c;
  constexpr int N = 10;
  ScopedThreads threads;
  for (int i = 0; i < N; i++) {
    threads.Start([&] { run(&once, &o, &c); });
  }
  for (int i = 0; i < N; i++) {
    c.Recv();
  }
  EXPECT_EQ(o.v, 1) << "once failed outside run";
  threads.JoinAll();
}

// Go 1.19 TestOncePanic: f's panic (an exception here) propagates, and the
// Once counts as done.
TEST(OnceTest, OncePanic) {
  Once once;
  EXPECT_THROW(once.Do([] { throw std::runtime_error("failed"); }),
               std::runtime_error)
      << "Once.Do did not panic";
  once.Do([] { FAIL() << "Once.Do called twice"; });
}

TEST(OnceTest, GlobalOnceAndOtherCallables) {
  int calls = 0;
  struct Counter {
    int* calls;
    void operator()() const { ++*calls; }
  };
  global_once.Do(Counter{&calls});
  const Counter lvalue{&calls};
  global_once.Do(lvalue);
  EXPECT_EQ(calls, 1);
}

// No Do returns before f has finished, whether f returns or throws; the
// callers that waited do not run their own function.
TEST(OnceTest, ConcurrentDoWaitsForF) {
  Watchdog watchdog("ConcurrentDoWaitsForF", seconds(60));
  for (bool throws : {false, true}) {
    SCOPED_TRACE(throws ? "f throws" : "f returns");
    Once once;
    std::atomic<bool> in_f{false};
    std::atomic<bool> release{false};
    std::atomic<bool> f_done{false};
    std::atomic<int> others_returned{0};
    std::atomic<int> wrong{0};
    ScopedThreads threads([&] { release = true; });
    threads.Start([&] {
      try {
        once.Do([&] {
          in_f = true;
          PollUntil([&] { return release.load(); });
          f_done = true;
          if (throws) throw std::runtime_error("f");
        });
        EXPECT_FALSE(throws);
      } catch (const std::runtime_error&) {
        EXPECT_TRUE(throws);
      }
    });
    PollUntil([&] { return in_f.load(); });
    constexpr int kOthers = 3;
    for (int i = 0; i < kOthers; i++) {
      threads.Start([&] {
        once.Do([&] { wrong++; });
        if (!f_done.load()) wrong++;
        others_returned++;
      });
    }
    // The others must not return while f runs. 50ms cannot prove it, but
    // a Do that does not wait returns in microseconds.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(others_returned.load(), 0);
    release = true;
    threads.JoinAll();
    EXPECT_EQ(others_returned.load(), kOthers);
    EXPECT_EQ(wrong.load(), 0);
  }
}

// A caller whose Do returns on the fast path may destroy the Once at once,
// even while the Do that ran f, having stored done, is still unlocking m:
// nothing else tells that caller the other Do is not finished (Go's garbage
// collector keeps the Once alive for it). The window is a few instructions
// wide, so the oracle is TSan: the deleting thread's acquire of done is its
// only edge from the runner, and the runner's Unlock comes after its store
// of done, so TSan reports the free unless ~Once orders that Unlock first.
// The sleep makes the fast path (done already stored) near certain.
TEST(OnceTest, FastPathCallerDeletesOnceCheckedBySanitizer) {
  Watchdog watchdog("FastPathCallerDeletesOnce", seconds(60));
  for (int round = 0; round < 20; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    auto* once = new Once;
    std::atomic<bool> ran{false};
    std::thread runner([&] {
      // Relaxed: no edge to the deleting thread other than Once's own.
      once->Do([&] { ran.store(true, std::memory_order_relaxed); });
    });
    PollUntil([&] { return ran.load(std::memory_order_relaxed); });
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    int calls = 0;
    once->Do([&] { calls++; });
    EXPECT_EQ(calls, 0);
    delete once;
    runner.join();
  }
}

// Destroying a done Once while holding a Mutex that f locked adds no lock
// order to TSan's deadlock detector: the destructor only waits out an Unlock
// (the holder of m needs nothing else once done is stored), so it must not
// look to TSan like a Lock of m under mu after f's Lock of mu under m.
TEST(OnceTest, DestroyUnderALockThatFTookCheckedBySanitizer) {
  Watchdog watchdog("DestroyUnderALockThatFTook", seconds(60));
  go::sync::Mutex mu;
  auto* once = new Once;
  std::thread([&] {
    once->Do([&] {
      mu.Lock();
      mu.Unlock();
    });
  }).join();
  mu.Lock();
  delete once;
  mu.Unlock();
}

// A Do from inside f waits for the Mutex the outer Do holds: a deadlock, as
// in Go. Shown in a child process that an alarm ends.
TEST(OnceDeathTest, RecursiveDoDeadlocks) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        alarm(1);
        Once once;
        once.Do([&] { once.Do([] {}); });
        std::_Exit(0);  // not reached
      },
      ::testing::KilledBySignal(SIGALRM), "");
}

// Many threads race on fresh Onces: f runs exactly once per Once, and every
// caller sees f's plain writes (under TSan: without a report).
TEST(OnceTest, StressManyCallers) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("StressManyCallers", seconds(120), seed);
  std::mt19937_64 rng(seed);
  const int rounds = gosync_test::kSanitized ? 300 : 3000;
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    Once once;
    int value = 0;  // written by f only, read after Do
    std::atomic<int> calls{0};
    std::atomic<int> bad{0};
    const int n = 2 + static_cast<int>(rng() % 6);
    const int spin = static_cast<int>(rng() % 200);
    ScopedThreads threads;
    for (int i = 0; i < n; i++) {
      threads.Start([&] {
        once.Do([&] {
          std::atomic<int> sink{0};  // a little work inside f
          for (int k = 0; k < spin; k++) sink.fetch_add(1);
          value = 42;
          calls++;
        });
        if (value != 42) bad++;
      });
    }
    threads.JoinAll();
    ASSERT_EQ(calls.load(), 1);
    ASSERT_EQ(bad.load(), 0);
  }
}

}  // namespace
