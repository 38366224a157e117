// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/parker.h
// -----------------------------------------------------------------------------
//
// How a thread sleeps and is woken: the thread-level stand-in for Go's
// `gopark` and `goready`. Each thread that ever blocks in the semaphore table
// owns one Parker (inside its record in sema/internal/sudog.cc). The treap code
// only sees the three operations below, so the parker can be replaced without
// touching it.
//
// Protocol (one wakeup per sleep, in either order):
//
//   sleeper                            waker
//   -------                            -----
//   p->Prepare();                      (finds the sleeper's sudog under
//   publish sudog (under root lock)     the root lock, drops the lock)
//   drop root lock                     p->Unpark();
//   p->Park();   // returns once Unpark has been called
//
// An Unpark that runs before Park, even before the sleeper has dropped the
// root lock, is remembered in the state word, and Park then returns without
// sleeping. That is the guarantee Go gets from `goparkunlock` releasing the
// lock only after the goroutine is marked waiting.
//
// Lifetime: Unpark's last access is a futex wake on the state word, and it
// can happen after the sleeper has returned, its thread has exited, and its
// record has gone back to the pool. Records are never freed (like Go's sudog
// caches), so that late wake hits live memory; at worst it wakes the record's
// next owner, whose Park loop treats it as spurious and sleeps again.
//
// Memory ordering: everything the waker did before Unpark happens before the
// return of the matching Park.
//
// Internal to gosync's runtime layer.

#ifndef GOSYNC_SEMA_INTERNAL_PARKER_H_
#define GOSYNC_SEMA_INTERNAL_PARKER_H_

#include <atomic>
#include <cstdint>

namespace go::runtime {

class Parker {
 public:
  constexpr Parker() = default;
  Parker(const Parker&) = delete;
  Parker& operator=(const Parker&) = delete;

  // Arms the parker for one wakeup. Must be called by the owning thread
  // before it makes itself findable by a waker (for semacquire1: before
  // `queue`, under the root lock), so that the lock orders it before any
  // Unpark.
  void Prepare() { key_.store(kArmed, std::memory_order_relaxed); }

  // Waits until Unpark has been called after the last Prepare. Spins for a
  // short, adaptive while before sleeping in the kernel. Only the owning
  // thread calls Park.
  void Park();

  // Wakes the owner, or makes its next Park return at once. Called by another
  // thread, exactly once per Prepare. Afterwards the caller must not touch
  // the sudog that led it here: its owner may already be reusing it.
  void Unpark();

 private:
  // key_ states.
  static constexpr std::uint32_t kNotified = 0;  // woken (or never armed)
  static constexpr std::uint32_t kArmed = 1;     // prepared, owner awake
  static constexpr std::uint32_t kSleeping = 2;  // owner is in futexsleep

  // Adaptive spin budget, in rounds of procyield. Grows when a wakeup
  // arrives while spinning, shrinks when the owner had to sleep anyway.
  static constexpr std::uint32_t kMinSpin = 1;
  static constexpr std::uint32_t kMaxSpin = 64;

  std::atomic<std::uint32_t> key_{kNotified};
  std::uint32_t spin_ = 8;  // only the owner thread touches this
};

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_PARKER_H_
