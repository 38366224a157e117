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
// Wake trees. A waker that releases many sleepers at once (semreleaseN) need
// not pay one wakeup system call each: it arranges them in a binary tree with
// SetWakeChildren and unparks only the root; every sleeper, as soon as it
// wakes, unparks its own (at most two) children before Park returns. So the
// waker pays one wakeup, the tree is O(log n) deep, and sleepers wake in the
// order the tree was laid out in (breadth first). A small group that parked
// with the same `group` key is cheaper still: UnparkAll marks them all and
// wakes those asleep with one system call (Linux's futex_waitv lets each
// sleep on its own word and on the group's).
//
// Lifetime: Unpark's last access is a futex wake on the state word, and it
// can happen after the sleeper has returned, its thread has exited, and its
// record has gone back to the pool. Records are never freed (like Go's sudog
// caches), so that late wake hits live memory; at worst it wakes the record's
// next owner, whose Park loop treats it as spurious and sleeps again. The
// same holds for a tree: it links parkers only, never the sudogs' semaphore
// or anything else of the caller's.
//
// Memory ordering: everything the waker did before Unpark happens before the
// return of the matching Park; for a tree, everything the waker did before
// unparking the root happens before every Park in the tree returns.
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

  // Waits until Unpark has been called after the last Prepare: spins for a
  // while it learns from its recent waits (none at all where spinning
  // cannot pay), then sleeps in the kernel; never yields (see parker.cc). Then
  // unparks the children set by SetWakeChildren, if any. Only the owning thread
  // calls Park. With a `group` (any address that names the waiters released
  // together; semacquire1 passes the semaphore's), UnparkAll can wake it too.
  void Park(const void* group = nullptr);

  // Wakes the owner, or makes its next Park return at once. Called by another
  // thread, exactly once per Prepare, or by the owner's parent in a wake
  // tree. Afterwards the caller must not touch the sudog that led it here:
  // its owner may already be reusing it.
  void Unpark();

  // Unparks the `n` parkers in `ps`, each parked (or about to park) with
  // Park(group), with one wakeup system call for all that sleep; parkers of
  // other groups that share the group's word (a hash, as the table's roots)
  // wake spuriously and sleep again. Only where CanUnparkAll(). As with
  // Unpark, the caller must not touch the sudogs that led it to `ps`
  // afterwards; `ps` is the caller's, and parkers are never freed.
  static bool CanUnparkAll();
  static void UnparkAll(Parker* const* ps, int n, const void* group);

  // Makes the owner unpark `first` and then `second` (either may be null)
  // when it wakes. Called by a waker before the Unpark that wakes this
  // parker or an ancestor in the tree, while the owner cannot be woken any
  // other way (its sudog is dequeued, and the waker holds it).
  void SetWakeChildren(Parker* first, Parker* second) {
    children_[0] = first;
    children_[1] = second;
  }

  // Called by a waker right after Unpark: gives up the CPU, a few times at
  // most, until the owner has returned from Park. For a handoff (see goyield
  // in sema.cc), where the owner already holds the count and should run
  // before the waker races on.
  void YieldToOwner();

  // For the fork child handler (sema/internal/fork.cc): the threads that
  // were spinning in the parent do not exist in the child; forget them.
  static void ResetSpinningInChild();

 private:
  // key_ states.
  static constexpr std::uint32_t kNotified = 0;  // woken (or never armed)
  static constexpr std::uint32_t kArmed = 1;     // prepared, owner awake
  static constexpr std::uint32_t kSleeping = 2;  // owner is in futexsleep
  static constexpr std::uint32_t kRunning = 3;   // owner returned from Park

  // Spins until the key says kNotified (true) or the budget runs out
  // (false), and learns from a caught wakeup or a preemption.
  bool Spin(std::int64_t start);
  // Learns from a wait, begun at `start` on `cpu`, that ended asleep.
  void LearnFromSleep(std::int64_t start, int cpu);

  std::atomic<std::uint32_t> key_{kNotified};
  // The owner's spin budget in ns and how many more Parks skip spinning
  // (see parker.cc). Only the owner thread touches these.
  std::int64_t spin_ns_ = 4000;
  std::uint32_t nospin_ = 0;
  // The CPU the last Unpark ran on (-1: unknown). Written by the waker
  // before its exchange on key_, read by the owner after Park's acquire.
  int waker_cpu_ = -1;
  // Written by a waker before it unparks this parker or an ancestor, read
  // and cleared by the owner after it wakes: the Unpark exchange orders them.
  Parker* children_[2] = {nullptr, nullptr};
};

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_PARKER_H_
