// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/mutex.h
// -----------------------------------------------------------------------------
//
// The runtime's internal lock, ported from Go's `runtime/lock_futex.go`. It
// guards one semaRoot (and the small record pools in sema/internal/sudog.cc).
// It is not `go::sync::Mutex`: it has no fairness, no handoff and no waiter
// queue of its own. A thread that finds it held spins briefly, then sleeps in
// the kernel on the lock word.
//
// Critical sections under it are a few dozen instructions (one treap
// operation), and nobody ever sleeps or blocks while holding it: semacquire1
// drops it before parking, and semrelease1 wakes threads after dropping it.
//
// Constant-initialized and trivially destructible, so a lock inside a static
// table can be used before `main` and during static destruction.
//
// Internal to gosync's runtime layer.

#ifndef GOSYNC_SEMA_INTERNAL_MUTEX_H_
#define GOSYNC_SEMA_INTERNAL_MUTEX_H_

#include <atomic>
#include <cstdint>

#include "absl/base/thread_annotations.h"

namespace go::runtime {

// Go: mutex_unlocked, mutex_locked, mutex_sleeping. mutex_sleeping means
// there is presumably at least one thread asleep on the lock word.
inline constexpr std::uint32_t mutex_unlocked = 0;
inline constexpr std::uint32_t mutex_locked = 1;
inline constexpr std::uint32_t mutex_sleeping = 2;

// mutex
//
// Go: `type mutex struct { lockRankStruct; key uintptr }`; here: a 32-bit
// atomic key and no lock rank; because the futex word is 32 bits (Go also
// uses only the low 32 bits of key) and gosync has no lock-rank checker.
struct ABSL_LOCKABLE mutex {
  constexpr mutex() = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  std::atomic<std::uint32_t> key{mutex_unlocked};
};

// lock()
//
// Go: lock(l) → lock2(l). Returns with `l` held.
void lock(mutex* l) ABSL_EXCLUSIVE_LOCK_FUNCTION(l);

// unlock()
//
// Go: unlock(l) → unlock2(l). Throws "unlock of unlocked lock" if `l` is not
// held.
void unlock(mutex* l) ABSL_UNLOCK_FUNCTION(l);

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_MUTEX_H_
