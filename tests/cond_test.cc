// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// go::sync::Cond: Go 1.19's sync/cond_test.go (TestCondSignal,
// TestCondSignalGenerations, TestCondBroadcast, TestRace,
// TestCondSignalStealing; TestCondCopy as compile-time checks), then the
// C++-only lifetime tests (a Cond destroyed by its last waiter, under ASan),
// other Lockers, and a randomized stress test with a printed seed. Every
// test bounds itself with a Watchdog. Go's goroutines are threads here, and
// Go's channels are gosync_test::Chan.

#include "sync/cond.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "gtest/gtest.h"
#include "sync/locker.h"
#include "sync/mutex.h"
#include "sync/rwmutex.h"
#include "tests/test_util.h"
#include "tests/waitgroup_test_util.h"

namespace {

using go::sync::Cond;
using go::sync::Mutex;
using go::sync::RWMutex;
using gosync_test::Chan;
using gosync_test::PollUntil;
using gosync_test::ScopedThreads;
using gosync_test::SeedNote;
using gosync_test::TestSeed;
using gosync_test::Watchdog;
using std::chrono::seconds;

// Go 1.19 TestCondCopy: Go panics "sync.Cond is copied" when a copy is used;
// here the copy does not compile.
static_assert(!std::is_copy_constructible_v<Cond>);
static_assert(!std::is_copy_assignable_v<Cond>);
static_assert(!std::is_move_constructible_v<Cond>);
static_assert(!std::is_move_assignable_v<Cond>);
// Go: NewCond(l Locker). Any lock converts, a pointer as in Go or a
// reference.
static_assert(std::is_constructible_v<Cond, Mutex*>);
static_assert(std::is_constructible_v<Cond, Mutex&>);
static_assert(std::is_constructible_v<Cond, std::mutex&>);
static_assert(!std::is_constructible_v<Cond, int*>);

// Go 1.19 TestCondSignal.
TEST(CondTest, CondSignal) {
  Watchdog watchdog("CondSignal", seconds(60));
  Mutex m;
  Cond c(&m);
  int n = 2;
  Chan<bool> running;
  Chan<bool> awake;
  ScopedThreads threads([&] { c.Broadcast(); });
  for (int i = 0; i < n; i++) {
    threads.Start([&] {
      m.Lock();
      running.Send(true);
      c.Wait();
      awake.Send(true);
      m.Unlock();
    });
  }
  for (int i = 0; i < n; i++) {
    running.Recv();  // Wait for everyone to run.
  }
  while (n > 0) {
    ASSERT_FALSE(awake.TryRecv()) << "goroutine not asleep";
    m.Lock();
    c.Signal();
    m.Unlock();
    awake.Recv();  // hangs (watchdog) if no thread wakes up
    ASSERT_FALSE(awake.TryRecv()) << "too many goroutines awake";
    n--;
  }
  c.Signal();
  threads.JoinAll();
}

// Go 1.19 TestCondSignalGenerations.
TEST(CondTest, CondSignalGenerations) {
  Watchdog watchdog("CondSignalGenerations", seconds(60));
  Mutex m;
  Cond c(&m);
  const int n = 100;
  Chan<bool> running;
  Chan<int> awake;
  ScopedThreads threads([&] {
    m.Lock();
    m.Unlock();
    c.Broadcast();
  });
  for (int i = 0; i < n; i++) {
    threads.Start([&, i] {
      m.Lock();
      running.Send(true);
      c.Wait();
      awake.Send(i);
      m.Unlock();
    });
    if (i > 0) {
      int a = awake.Recv();
      ASSERT_EQ(a, i - 1) << "wrong goroutine woke up";
    }
    running.Recv();
    m.Lock();
    c.Signal();
    m.Unlock();
  }
  threads.JoinAll();
}

// Go 1.19 TestCondBroadcast.
TEST(CondTest, CondBroadcast) {
  Watchdog watchdog("CondBroadcast", seconds(120));
  Mutex m;
  Cond c(&m);
  const int n = gosync_test::kSanitized ? 50 : 200;
  Chan<int> running;
  Chan<int> awake;
  bool exit = false;  // guarded by m
  ScopedThreads threads([&] {
    m.Lock();
    exit = true;
    m.Unlock();
    c.Broadcast();
  });
  for (int i = 0; i < n; i++) {
    threads.Start([&, g = i] {
      m.Lock();
      while (!exit) {
        running.Send(g);
        c.Wait();
        awake.Send(g);
      }
      m.Unlock();
    });
  }
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      running.Recv();  // hangs (watchdog) unless n are running
    }
    if (i == n - 1) {
      m.Lock();
      exit = true;
      m.Unlock();
    }
    ASSERT_FALSE(awake.TryRecv()) << "goroutine not asleep";
    m.Lock();
    c.Broadcast();
    m.Unlock();
    std::vector<bool> seen(n);
    for (int j = 0; j < n; j++) {
      int g = awake.Recv();
      ASSERT_FALSE(seen[g]) << "goroutine woke up twice";
      seen[g] = true;
    }
  }
  threads.JoinAll();
  ASSERT_FALSE(running.TryRecv()) << "goroutine did not exit";
  c.Broadcast();
}

// Go 1.19 TestRace. Under --config=tsan also the check that the Cond's race
// model accepts correct use.
TEST(CondTest, Race) {
  Watchdog watchdog("Race", seconds(60));
  int x = 0;  // guarded by c.L
  Mutex mu;
  Cond c(&mu);
  Chan<bool> done;
  ScopedThreads threads;
  threads.Start([&] {
    c.L.Lock();
    x = 1;
    c.Wait();
    EXPECT_EQ(x, 2) << "want 2";
    x = 3;
    c.Signal();
    c.L.Unlock();
    done.Send(true);
  });
  threads.Start([&] {
    c.L.Lock();
    for (;;) {
      if (x == 1) {
        x = 2;
        c.Signal();
        break;
      }
      c.L.Unlock();
      std::this_thread::yield();  // Go: runtime.Gosched()
      c.L.Lock();
    }
    c.L.Unlock();
    done.Send(true);
  });
  threads.Start([&] {
    c.L.Lock();
    for (;;) {
      if (x == 2) {
        c.Wait();
        EXPECT_EQ(x, 3) << "want 3";
        break;
      }
      if (x == 3) {
        break;
      }
      c.L.Unlock();
      std::this_thread::yield();
      c.L.Lock();
    }
    c.L.Unlock();
    done.Send(true);
  });
  done.Recv();
  done.Recv();
  done.Recv();
  threads.JoinAll();
}

// Go 1.19 TestCondSignalStealing.
TEST(CondTest, CondSignalStealing) {
  Watchdog watchdog("CondSignalStealing", seconds(120));
  const int iters = gosync_test::kSanitized ? 200 : 1000;
  for (int iter = 0; iter < iters; iter++) {
    watchdog.SetContext("iteration " + std::to_string(iter));
    Mutex m;
    Cond cond(&m);
    bool done = false;  // guarded by m
    ScopedThreads threads([&] {
      m.Lock();
      done = true;
      m.Unlock();
      cond.Broadcast();
    });

    // Start a waiter.
    Chan<bool> ch;
    threads.Start([&] {
      m.Lock();
      ch.Send(true);
      cond.Wait();
      m.Unlock();
      ch.Send(true);
    });

    ch.Recv();
    m.Lock();
    m.Unlock();
    // The waiter is inside Wait: it sent while holding m and kept it until
    // Wait released it.

    // Race a Broadcast against a second waiter. The second may or may not be
    // woken, but the first must be.
    threads.Start([&] { cond.Broadcast(); });
    threads.Start([&] {
      m.Lock();
      while (!done) {
        cond.Wait();
      }
      m.Unlock();
    });

    // Go: a 2 s time.After fails the test; here: the watchdog does, since
    // a timed assertion would also fail a merely slow machine.
    watchdog.SetContext("iteration " + std::to_string(iter) +
                        ": First waiter didn't get broadcast.");
    ch.Recv();

    // Release the second waiter in case it missed the broadcast.
    m.Lock();
    done = true;
    m.Unlock();
    cond.Broadcast();
    threads.JoinAll();
  }
}

// C++ only. Each round the last waiter to wake destroys the Cond and its
// mutex right after Wait returns, while Broadcast (or the final Signal) may
// still be returning. Under ASan any touch of the Cond after the wake is a
// heap-use-after-free.
TEST(CondTest, LastWaiterDestroysCondCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("LastWaiterDestroysCond", seconds(120), seed);
  std::mt19937_64 rng(seed);
  const int rounds = gosync_test::kSanitized ? 300 : 2000;
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    struct Shared {
      Mutex m;
      Cond c{&m};
      int waiting = 0;    // guarded by m
      bool go = false;    // guarded by m
      int remaining = 0;  // guarded by m
    };
    auto* s = new Shared;
    const int n = 1 + static_cast<int>(rng() % 4);
    const bool broadcast = rng() % 2 == 0;
    s->remaining = n;
    ScopedThreads threads;
    for (int i = 0; i < n; i++) {
      threads.Start([s] {
        s->m.Lock();
        s->waiting++;
        while (!s->go) s->c.Wait();
        const bool last = --s->remaining == 0;
        s->m.Unlock();
        if (last) delete s;  // Cond and mutex die while a waker may run
      });
    }
    // Notify once every waiter is inside Wait (it has released m), without
    // holding m, so waking and destroying overlap as much as possible.
    for (;;) {
      s->m.Lock();
      const bool all = s->waiting == n;
      if (all) s->go = true;
      s->m.Unlock();
      if (all) break;
      std::this_thread::yield();
    }
    if (broadcast) {
      s->c.Broadcast();  // s may be freed by the time this returns
    } else {
      // One Signal per waiter; each woken waiter but the last leaves the
      // Cond alive, and the last Signal may race with the delete.
      for (int i = 0; i < n - 1; i++) s->c.Signal();
      // Safe: the last waiter is still waiting for this Signal (waiters
      // only leave when woken; go is set, but Wait doesn't recheck it).
      s->c.Signal();
    }
    threads.JoinAll();
  }
}

// Cond over locks other than Mutex: std::mutex, and RWMutex.RLocker() as Go
// allows, where Waits run under a shared lock and take their tickets
// concurrently.
TEST(CondTest, OtherLockers) {
  Watchdog watchdog("OtherLockers", seconds(60));
  {
    std::mutex mu;
    Cond c(mu);
    bool ready = false;
    ScopedThreads threads([&] { c.Broadcast(); });
    threads.Start([&] {
      std::lock_guard<std::mutex> g(mu);
      ready = true;
      c.Signal();
    });
    mu.lock();
    while (!ready) c.Wait();
    mu.unlock();
    threads.JoinAll();
  }
  {
    RWMutex rw;
    Cond c(rw.RLocker());
    std::atomic<int> in_wait{0};
    std::atomic<bool> go{false};
    constexpr int kReaders = 6;
    ScopedThreads threads([&] {
      go = true;
      c.Broadcast();
    });
    for (int i = 0; i < kReaders; i++) {
      threads.Start([&] {
        c.L.Lock();
        in_wait++;
        while (!go.load()) c.Wait();
        c.L.Unlock();
      });
    }
    PollUntil([&] { return in_wait.load() == kReaders; });
    rw.Lock();  // every reader is in Wait or has left its lock
    go = true;
    rw.Unlock();
    c.Broadcast();
    threads.JoinAll();
  }
}

// Randomized stress: producers and consumers on a bounded queue with Signal
// and Broadcast mixed; every item must be consumed exactly once. Fails on the
// watchdog if a wakeup is lost.
TEST(CondTest, StressProducerConsumer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("StressProducerConsumer", seconds(180), seed);
  const int kItems = gosync_test::kSanitized ? 20000 : 200000;
  constexpr int kProducers = 3;
  constexpr int kConsumers = 4;
  constexpr int kCapacity = 4;
  Mutex m;
  Cond not_empty(&m);
  Cond not_full(&m);
  std::vector<int> queue;            // guarded by m
  int produced = 0;                  // guarded by m
  int consumed = 0;                  // guarded by m
  std::vector<int> seen(kItems, 0);  // guarded by m
  ScopedThreads threads;
  for (int p = 0; p < kProducers; p++) {
    threads.Start([&, p] {
      std::mt19937_64 rng(seed + p);
      for (;;) {
        m.Lock();
        while (queue.size() == kCapacity && produced < kItems) not_full.Wait();
        if (produced == kItems) {
          m.Unlock();
          return;
        }
        queue.push_back(produced++);
        const bool all = rng() % 8 == 0;
        const bool under_lock = rng() % 2 == 0;
        if (under_lock) all ? not_empty.Broadcast() : not_empty.Signal();
        m.Unlock();
        if (!under_lock) all ? not_empty.Broadcast() : not_empty.Signal();
      }
    });
  }
  for (int q = 0; q < kConsumers; q++) {
    threads.Start([&] {
      for (;;) {
        m.Lock();
        while (queue.empty() && consumed < kItems) not_empty.Wait();
        if (queue.empty()) {  // consumed == kItems
          m.Unlock();
          return;
        }
        int v = queue.back();
        queue.pop_back();
        seen[v]++;
        if (++consumed == kItems) {
          not_empty.Broadcast();  // let the other consumers leave
          not_full.Broadcast();
        }
        m.Unlock();
        not_full.Signal();
      }
    });
  }
  threads.JoinAll();
  for (int i = 0; i < kItems; i++) {
    ASSERT_EQ(seen[i], 1) << "item " << i;
  }
}

}  // namespace
