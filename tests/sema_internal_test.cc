// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// The runtime layer's building blocks, one concept each: the table layout
// and hash, the root lock, the parker, the futex wrapper, cheaprand, the
// thread ids, and the Enqueue record pool. Not ports of Go tests.

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <type_traits>
#include <vector>

#include "gtest/gtest.h"
#include "sema/internal/cheaprand.h"
#include "sema/internal/futex.h"
#include "sema/internal/mutex.h"
#include "sema/internal/parker.h"
#include "sema/internal/semaroot.h"
#include "sema/internal/spin.h"
#include "sema/internal/sudog.h"
#include "sema/notifylist.h"
#include "sema/semtable.h"
#include "tests/test_util.h"

namespace {

using namespace go::runtime;  // NOLINT: the runtime's own lowercase names
using gosync_test::BlockedInFutex;
using gosync_test::CurrentTid;
using gosync_test::PollUntil;
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
  Watchdog dog("mutex contention", seconds(120));
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

// A sleep on a value the word no longer has returns without any wake: the
// sleeper below is never woken unless the test fails, and then only so that
// it can be joined.
TEST(SemaFutexTest, SleepReturnsAtOnceWhenValueDiffers) {
  Watchdog dog("futex stale sleep", seconds(60));
  std::atomic<std::uint32_t> w{1};
  constexpr int kSleeps = 100;
  std::atomic<int> returned{0};
  std::thread sleeper([&] {
    for (int i = 0; i < kSleeps; ++i) {
      futexsleep(&w, 0);
      returned.fetch_add(1);
    }
  });
  EXPECT_TRUE(
      PollUntil([&] { return returned.load() == kSleeps; }, seconds(30)))
      << "futexsleep on a stale value blocked; returned " << returned.load()
      << " of " << kSleeps;
  EXPECT_EQ(w.load(), 1u) << "futexsleep wrote the word";
  while (returned.load() != kSleeps) {  // only if the EXPECT above failed
    futexwakeup(&w, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  sleeper.join();
}

// The wrapper keeps the caller's errno on the ordinary paths: a sleep on a
// value the word no longer has (EAGAIN from the kernel) and a wake.
TEST(SemaFutexTest, KeepsCallersErrno) {
  std::atomic<std::uint32_t> w{1};
  errno = 12345;
  futexsleep(&w, 0);  // EAGAIN from the kernel
  EXPECT_EQ(errno, 12345);
  futexwakeup(&w, 1);
  EXPECT_EQ(errno, 12345);
}

// A wake with nobody asleep is not remembered (unlike the Parker's): a sleep
// that comes after it, on the word's current value, really sleeps in the
// kernel, as /proc shows, until the next wake.
TEST(SemaFutexTest, WakeWithoutSleeperIsNotRemembered) {
  if (!gosync_test::CanSeeBlockedSyscalls()) {
    GTEST_SKIP() << "/proc/self/task/<tid>/syscall is not readable here";
  }
  Watchdog dog("futex forgotten wake", seconds(60));
  std::atomic<std::uint32_t> w{0};
  futexwakeup(&w, 1);  // nobody sleeping
  std::atomic<long> tid{0};
  std::atomic<bool> returned{false};
  std::thread sleeper([&] {
    tid.store(CurrentTid());
    futexsleep(&w, 0);  // once, no loop: a return is observable
    returned.store(true);
  });
  PollUntil([&] { return tid.load() != 0; });
  // Either it sleeps on &w, or (a failure, or a rare spurious return) it
  // returned; never wait for the first alone.
  PollUntil([&] {
    return returned.load() || BlockedInFutex(tid.load(), &w).value_or(false);
  });
  EXPECT_FALSE(returned.load())
      << "futexsleep returned without a wake after an earlier wake with "
         "nobody asleep";
  w.store(1);
  futexwakeup(&w, 1);
  sleeper.join();
  EXPECT_TRUE(returned.load());
}

// One wake ends the sleep of a thread that is asleep in the kernel on the
// word. Every round waits until /proc shows the sleeper there (rather than
// sleeping and hoping); where /proc does not show it, the rounds still check
// the wake, in whatever interleaving, and the test says it could not check
// where the sleeper was.
TEST(SemaFutexTest, WakeupReachesSleeper) {
  Watchdog dog("futex wake", seconds(60));
  const bool can_see = gosync_test::CanSeeBlockedSyscalls();
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    dog.SetContext("round " + std::to_string(round));
    std::atomic<std::uint32_t> w{0};
    std::atomic<long> tid{0};
    std::atomic<bool> done{false};
    std::thread sleeper([&] {
      tid.store(CurrentTid());
      while (w.load() == 0) futexsleep(&w, 0);
      done.store(true);
    });
    PollUntil([&] { return tid.load() != 0; });
    if (can_see) {
      // It must get there: nothing else wakes it.
      PollUntil([&] { return BlockedInFutex(tid.load(), &w).value_or(false); });
    }
    w.store(1);
    futexwakeup(&w, 1);
    EXPECT_TRUE(PollUntil([&] { return done.load(); }, seconds(30)))
        << "round " << round << ": the wake did not reach the sleeper";
    while (!done.load()) {  // only after a failure: free it to join it
      futexwakeup(&w, 1);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    sleeper.join();
  }
  if (!can_see) {
    std::fprintf(stderr,
                 "/proc syscall not readable: whether the sleeper was asleep "
                 "in futex(2) was not checked\n");
  }
}

// An Unpark that comes before Park is kept, and kept only once: the sleeper's
// first Park returns on it, its second Park really sleeps (in futex(2), as
// /proc shows where readable) until the second Unpark. `data` is plain:
// Unpark must order it before Park's return.
TEST(SemaParkerTest, UnparkBeforeParkIsKeptExactlyOnce) {
  Watchdog dog("parker early unpark", seconds(60));
  Parker p;
  int data = 0;
  std::atomic<int> stage{0};  // 1: armed; 2: unparked; 3: first Park returned
  std::atomic<long> tid{0};
  std::atomic<int> parks_returned{0};
  std::thread sleeper([&] {
    tid.store(CurrentTid());
    p.Prepare();
    stage.store(1);
    while (stage.load() != 2) std::this_thread::yield();
    p.Park();  // the Unpark already happened: returns without a new one
    EXPECT_EQ(data, 1);
    parks_returned.fetch_add(1);
    p.Prepare();
    stage.store(3);
    p.Park();  // needs the second Unpark
    EXPECT_EQ(data, 2);
    parks_returned.fetch_add(1);
  });
  PollUntil([&] { return stage.load() == 1; });
  data = 1;
  p.Unpark();
  stage.store(2);
  // If the early wakeup were lost the first Park would never return; make
  // that a clean failure rather than the watchdog's.
  const bool first = PollUntil([&] { return stage.load() == 3; }, seconds(30));
  EXPECT_TRUE(first) << "the Unpark that came before Park was lost";
  if (!first) {
    p.Unpark();  // free the first Park, to end cleanly
    PollUntil([&] { return stage.load() == 3; });
  } else if (gosync_test::CanSeeBlockedSyscalls()) {
    // The sleeper is armed and nobody has unparked it since: it must end up
    // asleep in the kernel, unless the old wakeup let it through.
    PollUntil([&] {
      return parks_returned.load() != 1 ||
             BlockedInFutex(tid.load()).value_or(false);
    });
    EXPECT_EQ(parks_returned.load(), 1)
        << "the second Park returned on the first Unpark";
  } else {
    std::fprintf(stderr,
                 "/proc syscall not readable: checking the second "
                 "Park after a 20 ms sleep instead\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(parks_returned.load(), 1)
        << "the second Park returned on the first Unpark";
  }
  data = 2;
  p.Unpark();
  sleeper.join();
  EXPECT_EQ(parks_returned.load(), 2);
}

// One thread parks, the other unparks, many times, with the unpark landing
// anywhere from before the park to long after the sleeper is in the kernel:
// every 500th round the unparker waits until /proc shows the sleeper in
// futex(2) (where readable).
TEST(SemaParkerTest, PingPongLosesNoWakeup) {
  Watchdog dog("parker ping-pong", seconds(120));
  const bool can_see = gosync_test::CanSeeBlockedSyscalls();
  Parker p;
  std::atomic<int> armed{0};  // rounds the sleeper has prepared
  std::atomic<long> tid{0};
  int data = 0;  // plain: Unpark must order it before Park's return
  // A tenth under qemu-i386 (--config=m32 without kernel 32-bit support),
  // where the spinning below is many times slower.
  const int kRounds = gosync_test::Emulated() ? 2000 : 20000;
  std::thread sleeper([&] {
    tid.store(CurrentTid());
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
    if (i % 500 == 0 && can_see) {
      // Armed and not unparked: the sleeper must end up in the kernel.
      PollUntil([&] { return BlockedInFutex(tid.load()).value_or(false); });
    }
    data = i;
    p.Unpark();
  }
  sleeper.join();
}

// futexsleep2 sleeps on two words: it returns at once if either word
// differs from its value, and a wake on either word ends the sleep.
TEST(SemaFutexTest, SleepOnTwoWordsEndsOnEither) {
  if (!futexsleep2Available()) GTEST_SKIP() << "no futex_waitv here";
  Watchdog dog("futexsleep2", seconds(60));
  const bool can_see = gosync_test::CanSeeBlockedSyscalls();
  std::atomic<std::uint32_t> a{0};
  std::atomic<std::uint32_t> b{0};
  futexsleep2(&a, 1, &b, 0);  // the watchdog fails the test if these block
  futexsleep2(&a, 0, &b, 1);
  for (std::atomic<std::uint32_t>* w : {&a, &b}) {
    dog.SetContext(w == &a ? "wake on the first word" : "on the second");
    a.store(0);
    b.store(0);
    std::atomic<long> tid{0};
    std::atomic<bool> done{false};
    std::thread sleeper([&] {
      tid.store(CurrentTid());
      while (w->load() == 0) futexsleep2(&a, 0, &b, 0);
      done.store(true);
    });
    PollUntil([&] { return tid.load() != 0; });
    if (can_see) {
      PollUntil([&] { return BlockedInFutex(tid.load()).value_or(false); });
    }
    w->store(1);
    futexwakeup(w, 1);
    EXPECT_TRUE(PollUntil([&] { return done.load(); }, seconds(30)))
        << "a wake on " << (w == &a ? "the first" : "the second")
        << " word did not end the sleep";
    while (!done.load()) {  // only after a failure: free it to join it
      futexwakeup(&a, 1);
      futexwakeup(&b, 1);
    }
    sleeper.join();
  }
}

// UnparkAll wakes every parker of its group wherever its wakeup finds it
// (not yet in Park, spinning, asleep: every 250th round the releaser waits
// until all are asleep in the kernel, where /proc shows it), orders plain
// data before each return, and leaves a parker of another group that shares
// the group's word parked.
TEST(SemaParkerTest, UnparkAllWakesItsGroupAndNoOneElse) {
  if (!Parker::CanUnparkAll()) GTEST_SKIP() << "no futex_waitv here";
  Watchdog dog("parker UnparkAll", seconds(120));
  const bool can_see = gosync_test::CanSeeBlockedSyscalls();
  constexpr int kThreads = 6;
  const int kRounds = gosync_test::Emulated() ? 200 : 2000;
  CollidingWords words(2);  // two keys, one group word
  const void* group = words.Word(0);
  const void* other = words.Word(1);
  Parker ps[kThreads];
  std::atomic<int> armed[kThreads] = {};
  std::atomic<long> tids[kThreads] = {};
  int data = 0;  // plain: UnparkAll must order it before each Park's return
  Parker bystander;
  std::atomic<int> bystander_state{0};  // 1: armed; 2: returned
  std::thread by([&] {
    bystander.Prepare();
    bystander_state.store(1);
    bystander.Park(other);
    bystander_state.store(2);
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      tids[t].store(CurrentTid());
      for (int i = 1; i <= kRounds; ++i) {
        ps[t].Prepare();
        armed[t].store(i, std::memory_order_release);
        ps[t].Park(group);
        EXPECT_EQ(data, i);
      }
    });
  }
  PollUntil([&] { return bystander_state.load() == 1; });
  Parker* all[kThreads];
  for (int t = 0; t < kThreads; ++t) all[t] = &ps[t];
  for (int i = 1; i <= kRounds; ++i) {
    dog.SetContext("round " + std::to_string(i));
    for (int t = 0; t < kThreads; ++t) {
      while (armed[t].load(std::memory_order_acquire) != i) {
        std::this_thread::yield();
      }
    }
    if (i % 250 == 0 && can_see) {
      for (int t = 0; t < kThreads; ++t) {
        PollUntil(
            [&] { return BlockedInFutex(tids[t].load()).value_or(false); });
      }
    }
    data = i;
    Parker::UnparkAll(all, kThreads, group);
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(bystander_state.load(), 1)
      << "UnparkAll woke a parker of another group";
  bystander.Unpark();
  by.join();
  EXPECT_EQ(bystander_state.load(), 2);
}

// The first CPU in the calling thread's affinity mask, or -1.
int FirstAllowedCpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return -1;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) return cpu;
  }
  return -1;
}

// Restricts the calling thread to one CPU.
bool PinToCpu(int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return sched_setaffinity(0, sizeof(one), &one) == 0;
}

// Go's getproccount counts the affinity mask, not the online CPUs: a thread
// pinned to one CPU (as under `taskset -c 0`) counts 1.
TEST(SemaSpinTest, GetproccountCountsTheAffinityMask) {
  cpu_set_t set;
  CPU_ZERO(&set);
  ASSERT_EQ(sched_getaffinity(0, sizeof(set), &set), 0);
  EXPECT_EQ(getproccount(), CPU_COUNT(&set));
  const int cpu = FirstAllowedCpu();
  ASSERT_GE(cpu, 0);
  int pinned = 0;
  std::thread([&] {
    if (PinToCpu(cpu)) pinned = getproccount();
  }).join();
  EXPECT_EQ(pinned, 1);
  errno = 4242;
  getproccount();
  EXPECT_EQ(errno, 4242);
}

// ncpu() is read once, from the mask in force at the first use: a process
// started under a one-CPU mask (here: a fresh child that pins itself before
// anything in it has used gosync) never spins. The child exits with ncpu().
TEST(SemaSpinDeathTest, NcpuUnderOneCpuMaskIsOne) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const int cpu = FirstAllowedCpu();
  ASSERT_GE(cpu, 0);
  EXPECT_EXIT(
      {
        if (!PinToCpu(cpu)) std::_Exit(100);
        std::_Exit(ncpu());
      },
      ::testing::ExitedWithCode(1), "");
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

// Known answers from Go 1.19's runtime.fastrand: both branches, copied into
// a Go program (fastrand64 with math/bits.Mul64, fastrand32 through
// *[2]uint32) and run from state 0x0123456789abcdef on linux/amd64.
TEST(SemaCheaprandTest, BothBranchesMatchGo) {
  constexpr std::uint64_t kStart = 0x0123456789abcdefULL;
  std::uint64_t s = kStart;
  std::vector<std::uint32_t> got;
  for (int i = 0; i < 4; ++i) {
    got.push_back(cheaprand_internal::Xorshift64Plus(s));
  }
  EXPECT_EQ(got, (std::vector<std::uint32_t>{0x1495a797, 0xacfb50df, 0xe8bd2082,
                                             0x5a9f6f68}));
  EXPECT_EQ(s, 0x0b6b3d954f3431d3ULL);
#ifdef __SIZEOF_INT128__
  s = kStart;
  got.clear();
  for (int i = 0; i < 4; ++i) got.push_back(cheaprand_internal::Wyrand(s));
  EXPECT_EQ(got, (std::vector<std::uint32_t>{0x7aafc627, 0x880dbd37, 0x466eac63,
                                             0xd42795c0}));
  EXPECT_EQ(s, 0x82fbbaf96ca15eabULL);
#else
  std::fprintf(stderr, "no unsigned __int128: cheaprand is xorshift64+\n");
#endif
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

// A thread that blocks again in a thread_local destructor running after
// gosync's own (a per-thread pool draining at exit, say) gets a record from
// the pool for that block; it must go back too. Each thread below first
// constructs such a destructor, then blocks (so gosync's destructor,
// registered later, runs first), and blocks once more at exit. Measured by
// the records those late blocks used: with the late record returned, the
// threads, one after another, keep reusing the same few; leaked, every
// thread needs a new one.
std::mutex late_mu;
std::vector<sudog*> late_records;

struct BlocksInLateDestructor {
  bool armed = false;
  ~BlocksInLateDestructor() {
    if (!armed) return;
    sudog* s = acquireSudog();  // what semacquire1 does around its park
    releaseSudog(s);
    std::lock_guard<std::mutex> l(late_mu);
    late_records.push_back(s);
  }
};
thread_local BlocksInLateDestructor late_blocker;

// Runs kLateThreads threads one after another; each calls `arm` to
// construct its late destructor and then blocks once. Returns what the late
// destructors pushed onto `records`.
constexpr int kLateThreads = 50;

std::vector<sudog*> RunLateThreads(void (*arm)(),
                                   std::vector<sudog*>& records) {
  {
    std::lock_guard<std::mutex> l(late_mu);
    records.clear();
  }
  for (int i = 0; i < kLateThreads; ++i) {
    std::thread([arm] {
      arm();  // constructed before the first block
      releaseSudog(acquireSudog());
    }).join();
  }
  std::lock_guard<std::mutex> l(late_mu);
  return records;
}

// One record per late thread, and, the threads having run one after
// another, at most two distinct ones: each gave its record back.
void ExpectLateRecordsReturned(const std::vector<sudog*>& records,
                               const char* what) {
  ASSERT_EQ(records.size(), static_cast<std::size_t>(kLateThreads));
  const std::set<sudog*> distinct(records.begin(), records.end());
  EXPECT_LE(distinct.size(), 2u)
      << "late " << what << " used " << distinct.size() << " records for "
      << kLateThreads
      << " threads run one after another: their records were not returned";
}

TEST(SemaSudogTest, BlockInLateThreadLocalDestructorReturnsItsRecord) {
  ExpectLateRecordsReturned(
      RunLateThreads([] { late_blocker.armed = true; }, late_records),
      "blocks");
}

// The same for a notifyListWait in such a destructor whose ticket was
// notified before it got there: it returns without sleeping, and must still
// give back the record it bound (Go takes no sudog on that path at all).
std::vector<sudog*> late_wait_records;

struct WaitsInLateDestructor {
  bool armed = false;
  ~WaitsInLateDestructor() {
    if (!armed) return;
    // Bind the record first, to learn which one it is; notifyListWait's own
    // acquireSudog then gets the same one.
    sudog* s = acquireSudog();
    notifyList l;
    const std::uint32_t t = notifyListAdd(&l);
    notifyListNotifyAll(&l);
    notifyListWait(&l, t);  // returns at once: t is notified
    std::lock_guard<std::mutex> lock(late_mu);
    late_wait_records.push_back(s);
  }
};
thread_local WaitsInLateDestructor late_waiter;

TEST(SemaSudogTest, NotifiedWaitInLateThreadLocalDestructorReturnsItsRecord) {
  ExpectLateRecordsReturned(
      RunLateThreads([] { late_waiter.armed = true; }, late_wait_records),
      "waits");
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
