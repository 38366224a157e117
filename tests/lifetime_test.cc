// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// C++ only: the lifetime rule across every user-facing type. Go's garbage
// collector keeps an object alive while any goroutine still refers to it;
// here an object may be destroyed the moment a waiter's call returns, so the
// releasing side must touch nothing of it after the step that lets a waiter
// return. Each test allocates the object on the heap, round after round, and
// has the thread that returns last (as each type's header allows) destroy it
// while the releaser may still be inside its call. These complement the
// single-waiter cases in mutex_test, rwmutex_test, once_test, cond_test,
// waitgroup_test and sema_threads_test with the paths those leave out: the
// starvation handoff, many readers, blocked Do callers, OnceFunc's shared
// state, wake trees and grouped wakeups, a FIFO of waiters on one word, and
// the notifyList on its own.
//
// The oracle is ASan (heap-use-after-free) or TSan (a race with the free),
// hence the suffix CheckedBySanitizer; plain runs only check that nothing
// hangs (Watchdog) and what the rounds are meant to reach.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <utility>

#include "gtest/gtest.h"
#include "sema/notifylist.h"
#include "sema/sema.h"
#include "sema/semtable.h"
#include "sync/cond.h"
#include "sync/mutex.h"
#include "sync/once.h"
#include "sync/oncefunc.h"
#include "sync/rwmutex.h"
#include "sync/waitgroup.h"
#include "tests/mutex_test_util.h"
#include "tests/test_util.h"
#include "tests/waitgroup_test_util.h"

namespace go::sync {
namespace {

using gosync_test::kSanitized;
using gosync_test::PollUntil;
using gosync_test::ScopedThreads;
using gosync_test::SeedNote;
using gosync_test::TestSeed;
using gosync_test::Watchdog;
using std::chrono::seconds;
using namespace std::chrono_literals;

// Rounds of a test: fewer under a sanitizer, which is slower.
int Rounds(int plain, int sanitized) { return kSanitized ? sanitized : plain; }

// Mutex in starvation mode: Unlock hands the mutex to the waiter at the head
// (Semrelease with handoff, then goyield), and the recipient may unlock and
// destroy it at once. Each round: the main thread holds the mutex until n
// threads wait for it longer than 1 ms, unlocks and at once relocks it (the
// barging that makes the woken waiter switch to starvation mode), then takes
// part like the others. Whoever unlocks last destroys the mutex; most such
// threads got it by handoff.
TEST(LifetimeTest, MutexStarvationHandoffRecipientDeletesCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("MutexStarvationHandoffRecipientDeletes", seconds(120),
                    seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(400, 100);
  int starved = 0;
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int n = 1 + static_cast<int>(rng() % 4);
    auto* mu = new Mutex;
    std::atomic<int> left{n + 1};  // outside the mutex: the refcount
    auto take_part = [mu, &left] {
      mu->Lock();
      const bool last = left.fetch_sub(1) == 1;
      mu->Unlock();
      if (last) delete mu;
    };
    mu->Lock();
    ScopedThreads threads;
    for (int i = 0; i < n; i++) threads.Start(take_part);
    PollUntil([&] { return MutexTestPeer::Waiters(*mu) == n; });
    std::this_thread::sleep_for(2ms);  // every waiter now starves
    mu->Unlock();  // wakes one waiter and sets mutexWoken for it
    mu->Lock();    // usually barges in before the woken waiter runs
    if (left.load() == n + 1) {
      // We barged in: nobody took the mutex in between. The woken waiter's
      // next CAS clears mutexWoken and, as it has waited over 1 ms and finds
      // the mutex locked, sets mutexStarving. Untimed: it must get there.
      PollUntil([&] { return (MutexTestPeer::State(*mu) & mutexWoken) == 0; });
    }
    if ((MutexTestPeer::State(*mu) & mutexStarving) != 0) starved++;
    const bool last = left.fetch_sub(1) == 1;
    mu->Unlock();  // a handoff: the recipient may be last and delete mu
    if (last) delete mu;
    threads.JoinAll();
    ASSERT_EQ(left.load(), 0);
  }
  // Starvation mode must be common, or this test checks the normal path
  // only. A round misses it when the woken waiter takes the mutex before
  // our Lock does, as when the kernel runs it on our CPU at once (seen in
  // most rounds with two waiters: 18-29% of all rounds, quiet).
  EXPECT_GE(starved, rounds / 4) << "rounds in starvation mode";
}

// RWMutex: a writer's Unlock admits many blocked readers (one Semrelease on
// readerSem per reader, then the Unlock of `w`), and the last reader out
// destroys the mutex while that Unlock may still be in its loop or before
// `w`'s Unlock (which ~RWMutex waits out).
TEST(LifetimeTest,
     RWMutexLastOfReadersAdmittedByUnlockDeletesCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("RWMutexLastOfReadersAdmittedByUnlockDeletes", seconds(120),
                    seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(1000, 200);
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int k = 1 + static_cast<int>(rng() % 8);
    auto* rw = new RWMutex;
    std::atomic<int> left{k};
    rw->Lock();
    ScopedThreads threads;
    for (int i = 0; i < k; i++) {
      threads.Start([rw, &left] {
        rw->RLock();
        rw->RUnlock();
        if (left.fetch_sub(1) == 1) delete rw;
      });
    }
    if (rng() % 4 != 0) {
      // Every reader blocked behind the writer (it must get there).
      PollUntil([&] {
        return RWMutexTestPeer::ReaderCount(*rw) == -rwmutexMaxReaders + k;
      });
    }
    rw->Unlock();  // rw may be gone when this returns
    threads.JoinAll();
    ASSERT_EQ(left.load(), 0);
  }
}

// RWMutex: a writer waits in Lock for k readers to leave; they RUnlock
// together, the last one's rUnlockSlow releases writerSem, and the writer
// unlocks and destroys the mutex while the other readers may still be
// returning from RUnlock.
TEST(LifetimeTest, RWMutexWriterReleasedByLastReaderDeletesCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("RWMutexWriterReleasedByLastReaderDeletes", seconds(120),
                    seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(1000, 200);
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int k = 1 + static_cast<int>(rng() % 6);
    auto* rw = new RWMutex;
    std::atomic<int> holding{0};
    std::atomic<bool> go{false};
    ScopedThreads threads([&] { go = true; });
    for (int i = 0; i < k; i++) {
      threads.Start([rw, &holding, &go] {
        rw->RLock();
        holding.fetch_add(1);
        PollUntil([&] { return go.load(); });
        rw->RUnlock();  // the last one lets the writer delete rw
      });
    }
    PollUntil([&] { return holding.load() == k; });
    threads.Start([rw] {
      rw->Lock();
      rw->Unlock();
      delete rw;
    });
    // The writer waits for all k readers (it must get there).
    PollUntil([&] { return RWMutexTestPeer::ReaderWait(*rw) == k; });
    go = true;
    threads.JoinAll();
  }
}

// RWMutex with readers and writers waiting behind a writer: its Unlock
// admits the readers and unlocks `w`, waking a writer parked on `w`'s
// semaphore, which then waits for those readers (rUnlockSlow) or is
// followed by the next writer. Whoever unlocks last destroys the mutex,
// whichever path let it in.
TEST(LifetimeTest, RWMutexMixedWaitersLastOutDeletesCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("RWMutexMixedWaitersLastOutDeletes", seconds(120), seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(1000, 200);
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int readers = static_cast<int>(rng() % 5);
    const int writers = 1 + static_cast<int>(rng() % 3);
    auto* rw = new RWMutex;
    std::atomic<int> left{readers + writers};
    rw->Lock();
    ScopedThreads threads;
    for (int i = 0; i < readers + writers; i++) {
      const bool write = i < writers;
      threads.Start([rw, write, &left] {
        if (write) {
          rw->Lock();
          rw->Unlock();
        } else {
          rw->RLock();
          rw->RUnlock();
        }
        if (left.fetch_sub(1) == 1) delete rw;
      });
    }
    if (rng() % 4 != 0) {
      // Every reader counted behind the writer, every writer on `w`.
      PollUntil([&] {
        return RWMutexTestPeer::ReaderCount(*rw) ==
                   -rwmutexMaxReaders + readers &&
               MutexTestPeer::Waiters(RWMutexTestPeer::W(*rw)) == writers;
      });
    }
    rw->Unlock();  // rw may be gone when this returns
    threads.JoinAll();
    ASSERT_EQ(left.load(), 0);
  }
}

// Once: callers that arrive while f runs block in Do's Mutex; the Do that
// ran f wakes one of them on its Unlock, which wakes the next, and so on.
// Whoever returns from Do last destroys the Once (in rounds where f does not
// linger, late callers take the fast path). The last to return deletes, so
// this checks the Mutex wakeups inside Do; a fast-path caller that deletes
// while the runner still unlocks (the wait in ~Once) is once_test's
// FastPathCallerDeletesOnceCheckedBySanitizer.
TEST(LifetimeTest, OnceLastOfBlockedCallersDeletesCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("OnceLastOfBlockedCallersDeletes", seconds(120), seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(1000, 200);
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int n = 2 + static_cast<int>(rng() % 6);
    const bool linger = rng() % 2 == 0;
    auto* once = new Once;
    std::atomic<int> arrived{0};
    std::atomic<int> calls{0};
    std::atomic<int> left{n};
    ScopedThreads threads;
    for (int i = 0; i < n; i++) {
      threads.Start([&, once, linger] {
        arrived.fetch_add(1);
        once->Do([&] {
          calls.fetch_add(1);
          if (linger) {
            // Let the others reach Do and block on its Mutex.
            PollUntil([&] { return arrived.load() == n; });
            std::this_thread::sleep_for(200us);
          }
        });
        if (left.fetch_sub(1) == 1) delete once;
      });
    }
    threads.JoinAll();
    ASSERT_EQ(calls.load(), 1);
    ASSERT_EQ(left.load(), 0);
  }
}

// OnceFunc, OnceValue, OnceValues: each thread calls its own copy of the
// wrapper and then destroys it, so the thread that finishes last frees the
// shared state (its Once, result and exception) while the others may still
// be returning. f holds the first caller until every thread has called. A
// guard of the shared ownership: each call holds its copy's reference.
template <class MakeWrapper, class Check>
void CopiesDestroyedByTheirCallers(const char* name, MakeWrapper make,
                                   Check check) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog(name, seconds(120), seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(500, 100);
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int n = 2 + static_cast<int>(rng() % 6);
    std::atomic<int> arrived{0};
    std::atomic<int> calls{0};
    // f's capture lives on the heap, so a late touch of it shows too.
    auto wrapper = make([&, token = std::make_unique<int>(7)] {
      calls.fetch_add(1);
      PollUntil([&] { return arrived.load() == n; });
      return *token;
    });
    ScopedThreads threads;
    for (int i = 0; i < n; i++) {
      threads.Start(
          [&arrived, &check, copy = std::optional(wrapper)]() mutable {
            arrived.fetch_add(1);
            check((*copy)());
            copy.reset();  // the last one frees the state
          });
    }
    wrapper = decltype(wrapper)(nullptr);  // the threads own the state now
    threads.JoinAll();
    ASSERT_EQ(calls.load(), 1);
  }
}

TEST(LifetimeTest, OnceFuncCopiesDestroyedByTheirCallersCheckedBySanitizer) {
  CopiesDestroyedByTheirCallers(
      "OnceFuncCopiesDestroyedByTheirCallers",
      [](auto f) {
        return std::function<int()>([g = OnceFunc(std::move(f))] {
          g();
          return 7;
        });
      },
      [](int v) { EXPECT_EQ(v, 7); });
}

TEST(LifetimeTest, OnceValueCopiesDestroyedByTheirCallersCheckedBySanitizer) {
  CopiesDestroyedByTheirCallers(
      "OnceValueCopiesDestroyedByTheirCallers",
      [](auto f) { return std::function<int()>(OnceValue(std::move(f))); },
      [](int v) { EXPECT_EQ(v, 7); });
}

TEST(LifetimeTest, OnceValuesCopiesDestroyedByTheirCallersCheckedBySanitizer) {
  CopiesDestroyedByTheirCallers(
      "OnceValuesCopiesDestroyedByTheirCallers",
      [](auto f) {
        return std::function<std::pair<int, int>()>(
            OnceValues([f = std::move(f)]() mutable {
              const int v = f();
              return std::pair<int, int>(v, -v);
            }));
      },
      [](const std::pair<int, int>& v) {
        EXPECT_EQ(v, std::make_pair(7, -7));
      });
}

// Cond with many waiters: Broadcast wakes them through a wake tree (each
// woken waiter wakes two more), n Signals wake them one by one, and the last
// waiter out destroys the Cond and its lock while a notifier may still be
// returning. Over a Mutex and over RWMutex::RLocker(), where the waiters hold
// a read lock and take their tickets concurrently.
TEST(LifetimeTest, CondManyWaitersLastDeletesCondAndLockCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("CondManyWaitersLastDeletesCondAndLock", seconds(120),
                    seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(600, 150);
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    struct Shared {
      explicit Shared(bool read) : c(read ? rw.RLocker() : Locker(mu)) {}
      Mutex mu;
      RWMutex rw;
      Cond c;
    };
    const int n = 1 + static_cast<int>(rng() % 24);
    const bool read = rng() % 2 == 0;
    const bool broadcast = rng() % 2 == 0;
    auto* s = new Shared(read);
    // Outside the Cond, so the waiters' bookkeeping cannot keep it alive.
    std::atomic<int> waiting{0};
    std::atomic<bool> go{false};
    std::atomic<int> left{n};
    ScopedThreads threads;
    for (int i = 0; i < n; i++) {
      threads.Start([s, &waiting, &go, &left] {
        s->c.L.Lock();
        waiting.fetch_add(1);
        while (!go.load()) s->c.Wait();
        s->c.L.Unlock();
        if (left.fetch_sub(1) == 1) delete s;  // the Cond and its lock
      });
    }
    // Every waiter holds a ticket once it counted itself and dropped L:
    // taking L (exclusively) waits for the Mutex waiters' Unlock inside
    // Wait; for RLocker, Lock waits for every reader's RUnlock.
    PollUntil([&] { return waiting.load() == n; });
    if (read) {
      s->rw.Lock();
      go = true;
      s->rw.Unlock();
    } else {
      s->mu.Lock();
      go = true;
      s->mu.Unlock();
    }
    if (broadcast) {
      s->c.Broadcast();  // s may be gone when this returns
    } else {
      // Each waiter leaves only when woken, so s lives until the n-th Signal
      // has woken the last one: exactly one ticket per Signal.
      Cond* c = &s->c;
      for (int i = 0; i < n; i++) c->Signal();
    }
    threads.JoinAll();
    ASSERT_EQ(left.load(), 0);
  }
}

// WaitGroup: a Done releases 2-16 waiters, the size that semreleaseN wakes
// with one grouped system call (Parker::UnparkAll) where the kernel has
// futex_waitv, and the last waiter out destroys the group. The larger wake
// tree and a single waiter are covered in waitgroup_test.
TEST(LifetimeTest, WaitGroupSmallGroupLastWaiterDeletesCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("WaitGroupSmallGroupLastWaiterDeletes", seconds(120), seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(600, 150);
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int k = 2 + static_cast<int>(rng() % 15);
    auto* wg = gosync_test::NewWaitGroupAt(4 * (rng() % 4));
    std::atomic<int> left{k};
    wg->Add(1);
    ScopedThreads threads;
    for (int i = 0; i < k; i++) {
      threads.Start([wg, &left] {
        wg->Wait();
        if (left.fetch_sub(1) == 1) gosync_test::DeleteWaitGroupAt(wg);
      });
    }
    if (rng() % 4 != 0) {
      PollUntil([&] {
        return WaitGroupTestPeer::Waiters(*wg) == static_cast<std::uint32_t>(k);
      });
    }
    wg->Done();  // wg may be gone when this returns
    threads.JoinAll();
    ASSERT_EQ(left.load(), 0);
  }
}

// WaitGroup::Go: several tasks and several waiters; the last waiter out
// destroys the group while the task whose Done released it may still be
// returning on its detached thread.
TEST(LifetimeTest, WaitGroupGoTasksLastWaiterDeletesCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("WaitGroupGoTasksLastWaiterDeletes", seconds(120), seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(400, 100);
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int tasks = 1 + static_cast<int>(rng() % 4);
    const int k = 1 + static_cast<int>(rng() % 4);
    auto* wg = new WaitGroup;
    std::atomic<int> left{k};
    std::atomic<int> ran{0};
    std::atomic<bool> go{false};
    for (int i = 0; i < tasks; i++) {
      wg->Go([&ran, &go] {
        PollUntil([&] { return go.load(); });
        ran.fetch_add(1);
      });
    }
    ScopedThreads threads([&] { go = true; });
    for (int i = 0; i < k; i++) {
      threads.Start([wg, &left] {
        wg->Wait();
        if (left.fetch_sub(1) == 1) delete wg;
      });
    }
    go = true;
    threads.JoinAll();
    ASSERT_EQ(left.load(), 0);
    ASSERT_EQ(ran.load(), tasks);
  }
}

// sema: k waiters on one heap word (the treap node and its FIFO of further
// waiters, some queued lifo by SemacquireMutex), released by k Semreleases
// with or without handoff; the last waiter out frees the word while the
// releaser may still be inside its last Semrelease.
TEST(LifetimeTest, SemreleaseEachOfManyWaitersLastFreesWordCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("SemreleaseEachOfManyWaitersLastFreesWord", seconds(120),
                    seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(600, 150);
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int k = 1 + static_cast<int>(rng() % 6);
    const bool handoff = rng() % 2 == 0;
    auto* word = new std::uint32_t(0);
    std::atomic<int> left{k};
    ScopedThreads threads;
    for (int i = 0; i < k; i++) {
      const bool lifo = rng() % 2 == 0;
      threads.Start([word, lifo, &left] {
        if (lifo) {
          go::runtime::SemacquireMutex(word, /*lifo=*/true, 0);
        } else {
          go::runtime::Semacquire(word);
        }
        if (left.fetch_sub(1) == 1) delete word;
      });
    }
    if (rng() % 4 != 0) {
      PollUntil([&] {
        return go::runtime::SemTable::Global().Nwait(word) ==
               static_cast<std::uint32_t>(k);
      });
    }
    // Each waiter returns only with a count, so the word lives until the
    // k-th Semrelease's add.
    for (int i = 0; i < k; i++) go::runtime::Semrelease(word, handoff, 0);
    threads.JoinAll();
    ASSERT_EQ(left.load(), 0);
  }
}

// notifyList (sema/notifylist.h) on its own: k ticket holders, notified all
// at once or one by one, and the last one to return from notifyListWait
// frees the list while the notifier may still be returning.
TEST(LifetimeTest, NotifyListLastWaiterFreesListCheckedBySanitizer) {
  const std::uint64_t seed = TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog watchdog("NotifyListLastWaiterFreesList", seconds(120), seed);
  std::mt19937_64 rng(seed);
  const int rounds = Rounds(600, 150);
  for (int round = 0; round < rounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    const int k = 1 + static_cast<int>(rng() % 20);
    const bool all = rng() % 2 == 0;
    auto* l = new go::runtime::notifyList;
    std::atomic<int> tickets{0};
    std::atomic<int> left{k};
    ScopedThreads threads;
    for (int i = 0; i < k; i++) {
      threads.Start([l, &tickets, &left] {
        const std::uint32_t t = go::runtime::notifyListAdd(l);
        tickets.fetch_add(1);
        go::runtime::notifyListWait(l, t);
        if (left.fetch_sub(1) == 1) delete l;
      });
    }
    PollUntil([&] { return tickets.load() == k; });
    if (all) {
      go::runtime::notifyListNotifyAll(l);  // l may be gone now
    } else {
      // One ticket per call: l lives until the k-th call's notification.
      for (int i = 0; i < k; i++) go::runtime::notifyListNotifyOne(l);
    }
    threads.JoinAll();
    ASSERT_EQ(left.load(), 0);
  }
}

}  // namespace
}  // namespace go::sync
