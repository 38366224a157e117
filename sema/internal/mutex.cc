// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Port of lock2/unlock2 from Go's runtime/lock_futex.go. The states and the
// spin schedule are Go's; the only sleeping primitive is sema/internal/futex.h.

#include "sema/internal/mutex.h"

#include <atomic>
#include <cstdint>

#include "sema/internal/futex.h"
#include "sema/internal/spin.h"
#include "sema/panic.h"

namespace go::runtime {
namespace {

// Go's spin schedule: up to active_spin rounds of procyield(active_spin_cnt)
// (multiprocessors only), then passive_spin rounds of osyield, then sleep.
// Go: passive_spin = 1; here: no osyield round at all; because with one
// CPU-bound thread per CPU beside us a yield gives the CPU away for a whole
// time slice (milliseconds) to guard a critical section of a few dozen
// instructions. Asleep in the kernel, we are woken by unlock and run at once.
// Measured with 8 threads hammering one lock (sema/internal/parker.cc has the
// method): the slow path is rare (0.4 per 1,000 locks under load), and the
// variant without the yield was as fast quiet (107 against 183 ns per lock,
// medians of 5, spread 60-356) and under load (278 against 384, spread
// 104-764).
constexpr int active_spin = 4;
constexpr std::uint32_t active_spin_cnt = 30;

}  // namespace

// Go: lock2 first bumps gp.m.locks (and throws "runtime·lock: lock count" if
// it is negative); here: no per-thread lock count; because the count only
// stops Go's scheduler from preempting or yielding while a runtime lock is
// held, and the OS preempts threads regardless.
void lock(mutex* l) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  // Try the lock once before anything else.
  // Go: Xchg, Cas and Store are sequentially consistent; here: acquire on
  // taking the lock, release on dropping it, and a weak CAS in the retry
  // loops; because a lock needs no more, and nwait's Dekker pair (which
  // does) is not made of these operations.
  std::uint32_t v = l->key.exchange(mutex_locked, std::memory_order_acquire);
  if (v == mutex_unlocked) {
    return;
  }

  // wait is mutex_locked or mutex_sleeping, whichever the key held. Once a
  // thread has seen mutex_sleeping, it must put mutex_sleeping back when it
  // takes the lock, or the thread asleep on the key would miss its wakeup.
  std::uint32_t wait = v;

  // On one CPU, spinning only delays the holder.
  int spin = 0;
  if (ncpu() > 1) {
    spin = active_spin;
  }
  for (;;) {
    // Spin on the word while the holder likely runs on another CPU.
    for (int i = 0; i < spin; i++) {
      while (l->key.load(std::memory_order_relaxed) == mutex_unlocked) {
        std::uint32_t expected = mutex_unlocked;
        if (l->key.compare_exchange_weak(expected, wait,
                                         std::memory_order_acquire,
                                         std::memory_order_relaxed)) {
          return;
        }
      }
      procyield(active_spin_cnt);
    }

    // Go: then osyields passive_spin times, in case the holder needs the
    // CPU; here: straight to sleep in the kernel until unlock wakes us; see
    // the top of this file for why.
    v = l->key.exchange(mutex_sleeping, std::memory_order_acquire);
    if (v == mutex_unlocked) {
      return;
    }
    wait = mutex_sleeping;
    futexsleep(&l->key, mutex_sleeping);
  }
}

void unlock(mutex* l) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  std::uint32_t v = l->key.exchange(mutex_unlocked, std::memory_order_release);
  if (v == mutex_unlocked) {
    throw_("unlock of unlocked lock");
  }
  if (v == mutex_sleeping) {
    futexwakeup(&l->key, 1);
  }
  // Go: then drops gp.m.locks and restores a pending preemption request;
  // here: nothing; because there is no lock count (see lock).
}

}  // namespace go::runtime
