// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sync/cond.h
// -----------------------------------------------------------------------------
//
// `go::sync::Cond` is Go's `sync.Cond` for threads: a condition variable on
// any lock (a `go::sync::Locker`: `Mutex`, `RWMutex::RLocker()`, `std::mutex`,
// ...), with `Wait`, `Signal` and `Broadcast`.
//
// The algorithm is Go 1.19's (`src/sync/cond.go`): waiters are kept in a
// port of the runtime's ticket list (`sema/notifylist.h`). Wait takes a
// ticket while it still holds the lock, so a Signal or Broadcast that comes
// after that, even before the waiter has gone to sleep, is not lost. An idle
// Cond owns no kernel or heap resource; Signal and Broadcast with nobody
// waiting cost two atomic loads.

#ifndef GOSYNC_SYNC_COND_H_
#define GOSYNC_SYNC_COND_H_

#include <atomic>
#include <cstdint>

#include "absl/base/optimization.h"
#include "sema/notifylist.h"
#include "sema/panic.h"
#include "sync/locker.h"
#include "sync/race.h"

namespace go::sync {

// Cond
//
// A rendezvous point for threads waiting for, or announcing, a change of
// some state guarded by the lock `L`.
//
// Example:
//
//   go::sync::Mutex mu;
//   go::sync::Cond c(&mu);       // Go: sync.NewCond(&mu)
//   std::deque<Job> queue;       // guarded by mu
//
//   // consumer
//   mu.Lock();
//   while (queue.empty()) c.Wait();
//   Job j = std::move(queue.front());
//   queue.pop_front();
//   mu.Unlock();
//
//   // producer
//   mu.Lock();
//   queue.push_back(j);
//   mu.Unlock();
//   c.Signal();
//
// Requirements:
//
//   * `L` must be held when changing the condition and when calling Wait.
//     Signal and Broadcast may be called with or without it.
//   * Wait does not return spuriously, but the condition may have changed
//     again by the time it has relocked `L` (another thread may have taken
//     the lock first), so call it in a loop.
//   * (C++ only; Go's garbage collector makes this automatic.) The Cond must
//     outlive every call on it. It may be destroyed as soon as every thread
//     that called Wait has returned: Signal and Broadcast wake waiters only
//     after they are done with the Cond, so the last waiter may destroy the
//     Cond (and its lock) right after its Wait returns. Destroying a Cond
//     while a thread is inside Wait (between taking its ticket and being
//     notified) ends the process with
//     `fatal error: sync: Cond destroyed while a Wait is in progress`.
//   * Not copyable and not movable. Go's Cond panics with
//     "sync.Cond is copied" (its copyChecker) when a copy is used; here a
//     copy does not compile.
//
// Guarantees:
//
//   * Signal wakes the thread that has waited longest (took its ticket
//     first) among those that started waiting before the Signal; Broadcast
//     wakes exactly every thread that started waiting before it. Threads
//     that start waiting later are not woken by them.
//   * No lost wakeups, no allocation; waiting threads park on the runtime's
//     per-thread parker.
//
// Memory ordering: a Signal or Broadcast synchronizes with the return of
// every Wait it unblocks (Go: "synchronizes before"), and `L` orders the
// rest. Under ThreadSanitizer that is all the Cond shows: its ticket list is
// invisible (sema/internal/race.h), so data shared without `L` and without a
// Signal/Wait pair between the accesses is reported as a race.
class Cond {
 public:
  // Go: NewCond(l) or Cond{L: l}. `l` must outlive the Cond.
  explicit Cond(Locker l) noexcept : L(l) {}

  // See the C++-only requirement above: fatal if a thread is in Wait.
  ~Cond();

  // Go: copyChecker panics "sync.Cond is copied" at run time; here: deleted;
  // because C++ can refuse the copy at compile time.
  Cond(const Cond&) = delete;
  Cond& operator=(const Cond&) = delete;
  Cond(Cond&&) = delete;
  Cond& operator=(Cond&&) = delete;

  // Cond::Wait()
  //
  // Atomically (with respect to Signal and Broadcast) unlocks `L` and starts
  // waiting; once woken, relocks `L` and returns. `L` must be held. If `L`'s
  // Unlock or Lock throws, the exception propagates; if Unlock threw, the
  // ticket already taken stays outstanding (as in Go): one later Signal is
  // spent on it, and until one is, destroying the Cond is the fatal error
  // above.
  void Wait();

  // Cond::Signal()
  //
  // Wakes the longest-waiting thread, if any.
  void Signal();

  // Cond::Broadcast()
  //
  // Wakes every waiting thread.
  void Broadcast();

  // The lock held while observing or changing the condition. Go's field is
  // public and so is this one; change it only while no thread uses the Cond.
  Locker L;

 private:
  runtime::notifyList notify;
};

// ---------------------------------------------------------------------------
// Implementation. Go's cond.go, line by line.
// ---------------------------------------------------------------------------

inline Cond::~Cond() {
  // Go: no destructor; here: fatal if a ticket is outstanding; because its
  // holder is in Wait and will touch the list again. Relaxed: a diagnostic,
  // not a synchronization.
  if (ABSL_PREDICT_FALSE(notify.wait.load(std::memory_order_relaxed) !=
                         notify.notify.load(std::memory_order_relaxed))) {
    go::runtime::fatal("sync: Cond destroyed while a Wait is in progress");
  }
}

inline void Cond::Wait() {
  // Go: c.checker.check(); here: nothing; because copies do not compile.
  std::uint32_t t = runtime::notifyListAdd(&notify);
  L.Unlock();
  runtime::notifyListWait(&notify, t);
  // Go: no race call, yet Go documents the edge; here: acquire what every
  // Signal/Broadcast so far released; because TSan cannot see the list.
  race::Acquire(&notify);
  L.Lock();
}

inline void Cond::Signal() {
  race::ReleaseMerge(&notify);  // see Wait
  runtime::notifyListNotifyOne(&notify);
}

inline void Cond::Broadcast() {
  race::ReleaseMerge(&notify);  // see Wait
  runtime::notifyListNotifyAll(&notify);
}

}  // namespace go::sync

#endif  // GOSYNC_SYNC_COND_H_
