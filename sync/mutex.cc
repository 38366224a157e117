// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// The slow paths of Go 1.19's sync.Mutex (src/sync/mutex.go): lockSlow and
// unlockSlow. The fast paths, and the contract, are in mutex.h.

#include "sync/mutex.h"

#include <cstdint>

#include "sema/panic.h"
#include "sema/sema.h"

namespace go::sync {

namespace {

// Go: `old := m.state`, a plain read of a word other threads CAS; here: a
// relaxed atomic load; because a plain one would be a C++ data race. Every
// value read this way is validated by the CAS that uses it.
std::int32_t loadRelaxed(const std::int32_t* p) {
  return __atomic_load_n(p, __ATOMIC_RELAXED);
}

// Go: atomic.CompareAndSwapInt32, sequentially consistent.
bool cas(std::int32_t* p, std::int32_t old, std::int32_t new_) {
  return __atomic_compare_exchange_n(p, &old, new_, /*weak=*/false,
                                     __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

}  // namespace

void Mutex::lockSlow() {
  std::int64_t waitStartTime = 0;
  bool starving = false;
  bool awoke = false;
  int iter = 0;
  std::int32_t old = loadRelaxed(&state);
  for (;;) {
    // Don't spin in starvation mode, ownership is handed off to waiters so
    // we would not be able to acquire the mutex anyway.
    if ((old & (mutexLocked | mutexStarving)) == mutexLocked &&
        go::runtime::canSpin(iter)) {
      // Active spinning makes sense. Try to set mutexWoken, so that Unlock
      // does not wake another waiter while we spin.
      if (!awoke && (old & mutexWoken) == 0 && (old >> mutexWaiterShift) != 0 &&
          cas(&state, old, old | mutexWoken)) {
        awoke = true;
      }
      go::runtime::doSpin();
      iter++;
      old = loadRelaxed(&state);
      continue;
    }
    // Go: `new`; here: new_; because `new` is a C++ keyword.
    std::int32_t new_ = old;
    // Don't try to acquire a starving mutex: arriving threads must queue.
    if ((old & mutexStarving) == 0) {
      new_ |= mutexLocked;
    }
    if ((old & (mutexLocked | mutexStarving)) != 0) {
      new_ += 1 << mutexWaiterShift;
    }
    // Switch to starvation mode, unless the mutex is unlocked now (then the
    // Unlock expects waiters, and a starving unlocked mutex would have none
    // to hand to).
    if (starving && (old & mutexLocked) != 0) {
      new_ |= mutexStarving;
    }
    if (awoke) {
      // We are the one who set mutexWoken (spinning) or were woken; either
      // way we must clear it.
      if ((new_ & mutexWoken) == 0) {
        go::runtime::throw_("sync: inconsistent mutex state");
      }
      new_ &= ~mutexWoken;
    }
    if (cas(&state, old, new_)) {
      if ((old & (mutexLocked | mutexStarving)) == 0) {
        break;  // locked the mutex with CAS
      }
      // A thread that has waited before queues at the front (lifo).
      bool queueLifo = waitStartTime != 0;
      if (waitStartTime == 0) {
        waitStartTime = go::runtime::nanotime();
      }
      // Lifetime: this thread is inside Lock, so the mutex is alive; the
      // Unlock that wakes us lets go of the mutex before it does (mutex.h).
      go::runtime::SemacquireMutex(&sema, queueLifo, 1);
      starving = starving || go::runtime::nanotime() - waitStartTime >
                                 starvationThresholdNs;
      old = loadRelaxed(&state);
      if ((old & mutexStarving) != 0) {
        // Handoff: the unlocker left the mutex unlocked but starving and
        // gave us the semaphore count, so the mutex is ours. mutexWoken must
        // be clear and we must still be counted as a waiter.
        if ((old & (mutexLocked | mutexWoken)) != 0 ||
            (old >> mutexWaiterShift) == 0) {
          go::runtime::throw_("sync: inconsistent mutex state");
        }
        std::int32_t delta = mutexLocked - (1 << mutexWaiterShift);
        if (!starving || (old >> mutexWaiterShift) == 1) {
          // Leave starvation mode: we did not starve, or we are the last
          // waiter. Staying in it would make the waiters that come next
          // queue one behind another, each handed the lock in turn, which is
          // slow when nobody needs the help.
          delta -= mutexStarving;
        }
        // Go: atomic.AddInt32, sequentially consistent.
        __atomic_add_fetch(&state, delta, __ATOMIC_SEQ_CST);
        break;
      }
      awoke = true;
      iter = 0;
    } else {
      old = loadRelaxed(&state);
    }
  }
  // Go: race.Acquire here; here: in Lock, after TSan's PostLock (mutex.h).
}

void Mutex::unlockSlow(std::int32_t old) {
  // Go: unlockSlow(new), where new is the state after the add that dropped
  // mutexLocked; here: old, the state seen by the failed CAS in unlockGo, with
  // mutexLocked still set; because this function drops the lock bit itself,
  // in the same CAS that claims a waiter to wake (see unlockGo).
  for (;;) {
    // Go: `(new+mutexLocked)&mutexLocked == 0`.
    if ((old & mutexLocked) == 0) {
      go::runtime::fatal("sync: unlock of unlocked mutex");
    }
    if ((old & mutexStarving) == 0) {
      // Normal mode.
      std::int32_t new_;
      if ((old >> mutexWaiterShift) == 0 || (old & mutexWoken) != 0) {
        // No waiters, or a thread is already awake (spinning, or woken and
        // about to retry): nobody to wake. Go also returns when, after its
        // add, another thread has locked the mutex or switched it to
        // starvation mode; here the lock bit is still ours, so those cannot
        // have happened yet.
        new_ = old - mutexLocked;
        if (cas(&state, old, new_)) {
          // The mutex is free: nothing below may touch it.
          return;
        }
      } else {
        // Take one waiter off the count, mark it woken, and unlock. The
        // waiter we are about to wake is still inside Lock, and no other
        // Unlock wakes anyone while mutexWoken is set, so the mutex stays
        // alive until our Semrelease has added its count.
        new_ = (old - mutexLocked - (1 << mutexWaiterShift)) | mutexWoken;
        if (cas(&state, old, new_)) {
          // Wakes the first waiter in the queue. Last touch of the mutex:
          // Semrelease adds to sema once and then only uses its address as a
          // key into the semaphore table.
          go::runtime::Semrelease(&sema, false, 1);
          return;
        }
      }
      old = loadRelaxed(&state);
    } else {
      // Starvation mode: hand ownership to the next waiter, and yield our
      // time slice so that it can start running right away. mutexLocked is
      // dropped but the mutex stays starving, so arriving threads do not
      // take it; the waiter sets mutexLocked itself. Go's add, sequentially
      // consistent. Lifetime: starving implies a waiter counted in state, so
      // a thread is inside Lock and the mutex stays alive until it returns,
      // which needs our Semrelease; with handoff, Semrelease reads sema again
      // only while that waiter is still parked.
      __atomic_add_fetch(&state, -mutexLocked, __ATOMIC_SEQ_CST);
      go::runtime::Semrelease(&sema, true, 1);
      return;
    }
  }
}

}  // namespace go::sync
