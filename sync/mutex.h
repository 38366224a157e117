// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sync/mutex.h
// -----------------------------------------------------------------------------
//
// `go::sync::Mutex` is Go's `sync.Mutex` for threads: a mutual exclusion lock
// of 8 bytes, Go's `state int32; sema uint32`, whose zero value is an
// unlocked mutex. The algorithm is Go 1.19's (`src/sync/mutex.go`) line by
// line: one CAS to lock and one atomic RMW to unlock when uncontended, a few
// rounds of active spinning, then sleeping in gosync's port of Go's runtime
// semaphore table (`sema/sema.h`) keyed by the address of `sema`.
//
// Fairness, as in Go. In normal mode waiters queue FIFO, but a woken waiter
// competes with threads arriving right now (which are already on a CPU) and
// often loses; it then queues again at the *head* of the queue. A waiter that
// has waited more than 1 ms switches the mutex to starvation mode: the
// unlocking thread hands the mutex straight to the waiter at the head, and
// arriving threads neither take it nor spin but queue at the tail. The mutex
// goes back to normal mode when the waiter that gets it is the last one or
// waited less than 1 ms. Normal mode is much faster under contention;
// starvation mode bounds the tail latency.
//
// Misuse, with Go's messages (exit status 2, never an exception):
//
//   * `fatal error: sync: unlock of unlocked mutex`
//   * `fatal error: sync: inconsistent mutex state` (a broken invariant,
//     with the stack: memory corruption, or a mutex copied while in use)
//   * C++ only: `fatal error: sync: Mutex destroyed while a Lock is in
//     progress` when a thread is still waiting in Lock.
//
// Like Go's, and unlike `std::mutex`, the mutex is not tied to a thread: one
// thread may lock it and another unlock it.

#ifndef GOSYNC_SYNC_MUTEX_H_
#define GOSYNC_SYNC_MUTEX_H_

#include <cstdint>
#include <type_traits>

#include "absl/base/optimization.h"
#include "absl/base/thread_annotations.h"
#include "sema/panic.h"
#include "sema/sema.h"
#include "sync/race.h"
#include "sync/tsan_mutex.h"

namespace go::sync {

class MutexTestPeer;
class RWMutex;

// Go: mutexLocked, mutexWoken, mutexStarving, mutexWaiterShift: the low bits
// of Mutex::state, and above them the number of waiters.
inline constexpr std::int32_t mutexLocked = 1 << 0;    // locked
inline constexpr std::int32_t mutexWoken = 1 << 1;     // a waiter is awake
inline constexpr std::int32_t mutexStarving = 1 << 2;  // starvation mode
inline constexpr int mutexWaiterShift = 3;

// Go: starvationThresholdNs = 1e6. A waiter that has waited longer than this
// switches the mutex to starvation mode.
inline constexpr std::int64_t starvationThresholdNs = 1000000;

// Mutex
//
// Example:
//
//   go::sync::Mutex mu;
//   int balance ABSL_GUARDED_BY(mu);
//
//   mu.Lock();
//   balance += 10;
//   mu.Unlock();
//   // or, the C++ way:
//   std::lock_guard<go::sync::Mutex> guard(mu);
//
// Requirements:
//
//   * Unlock only a locked mutex. Any thread may unlock it, not only the one
//     that locked it. It is not recursive: Lock on a mutex that this thread
//     holds deadlocks.
//   * (C++ only; Go's garbage collector makes this automatic.) The mutex must
//     outlive every call on it. It may be destroyed as soon as it is unlocked
//     and no thread is inside Lock, TryLock or Unlock on it; in particular the
//     thread that takes the lock from the last Unlock may unlock and destroy
//     it at once (Unlock never touches the mutex after the step that lets
//     another thread acquire it). Destroying it while a thread waits in Lock
//     is a fatal error (one load in the destructor).
//   * Not copyable, not movable (Go's `go vet` copylocks check).
//
// Guarantees:
//
//   * `constexpr` default constructor: a global is constant-initialized
//     (`constinit`), with no start-up order problem.
//   * No lost wakeups; no waiter waits more than about 1 ms plus the
//     scheduler's delays once the mutex is in starvation mode.
//   * No allocation, no kernel object: 8 bytes, 4-byte aligned.
//
// Memory ordering: an Unlock synchronizes with the Lock (or successful
// TryLock) that next acquires the mutex. The state word is accessed with
// sequentially consistent atomics, as Go's `sync/atomic`.
//
// Works with `std::lock_guard`, `std::unique_lock`, `std::scoped_lock` and
// `std::condition_variable_any` through `lock()`, `unlock()`, `try_lock()`,
// with Clang's thread-safety analysis (`ABSL_GUARDED_BY(mu)`), and with
// ThreadSanitizer, which treats it as a mutex (lock-order inversions are
// reported). TSan's mutexes are owned by the thread that locked them, so
// under TSan an Unlock from another thread, legal here as in Go, is reported
// as "unlock of an unlocked mutex (or by a wrong thread)".
class ABSL_LOCKABLE Mutex {
 public:
  constexpr Mutex() noexcept : state(0), sema(0) {
    if (!std::is_constant_evaluated()) {
      tsan_mutex::Create(this);
    }
  }

  // Fatal if a thread is waiting in Lock; see the requirements.
  ~Mutex();

  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  // Mutex::Lock()
  //
  // Locks the mutex, blocking until it is available.
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION();

  // Mutex::TryLock()
  //
  // Locks the mutex if that is possible right now and returns true; returns
  // false, without blocking, if it is locked or starving. (Go 1.18.) As in
  // Go, a correct use is rare: it is mostly a sign of a deeper problem.
  bool TryLock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true);

  // Mutex::Unlock()
  //
  // Unlocks the mutex. Fatal if it is not locked.
  void Unlock() ABSL_UNLOCK_FUNCTION();

  // The C++ names (Lockable), for the standard's locks and
  // std::condition_variable_any.
  void lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { Lock(); }
  bool try_lock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true) { return TryLock(); }
  void unlock() ABSL_UNLOCK_FUNCTION() { Unlock(); }

 private:
  friend class MutexTestPeer;
  friend class RWMutex;

  // The Go body of Lock/TryLock/Unlock, without TSan's mutex annotations;
  // RWMutex calls these for its writer lock `w`, so that TSan sees one mutex,
  // the RWMutex, not two.
  void lockGo();
  bool tryLockGo();
  void unlockGo();

  // Whether a thread is in Lock past its fast path: counted as a waiter,
  // awake in lockSlow, handed the mutex, or owed a semaphore count.
  bool waiting() const noexcept;

  void lockSlow();
  void unlockSlow(std::int32_t old);

  // Go: `state int32; sema uint32`, the only data members.
  std::int32_t state;
  std::uint32_t sema;
};

// ---------------------------------------------------------------------------
// Implementation. Go's order: Lock, TryLock, lockSlow (mutex.cc), Unlock,
// unlockSlow (mutex.cc). The fast paths are inline.
// ---------------------------------------------------------------------------

inline Mutex::~Mutex() {
  static_assert(sizeof(Mutex) == 8 && alignof(Mutex) == 4,
                "Go's Mutex: state int32, sema uint32");
  // Go: no destructor; the garbage collector keeps the mutex alive while a
  // waiter refers to it; here: fatal if a thread is counted as a waiter, is
  // awake in lockSlow (mutexWoken), holds the mutex by handoff
  // (mutexStarving), or has a wakeup pending in `sema`; because that thread
  // will read the state again.
  if (ABSL_PREDICT_FALSE(waiting())) {
    go::runtime::fatal("sync: Mutex destroyed while a Lock is in progress");
  }
  tsan_mutex::Destroy(this);
}

inline bool Mutex::waiting() const noexcept {
  // Relaxed: a diagnostic, not a synchronization.
  std::int32_t s = __atomic_load_n(&state, __ATOMIC_RELAXED);
  return (s >> mutexWaiterShift) != 0 ||
         (s & (mutexWoken | mutexStarving)) != 0 ||
         __atomic_load_n(&sema, __ATOMIC_RELAXED) != 0;
}

inline void Mutex::Lock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  tsan_mutex::PreLock(this, 0);
  lockGo();
  tsan_mutex::PostLock(this, 0);
  // Go: race.Acquire at the end of Lock and of lockSlow; here: once, after
  // TSan's PostLock; because between PreLock and PostLock TSan ignores the
  // thread's synchronization.
  if (race::Enabled) {
    race::Acquire(this);
  }
}

inline void Mutex::lockGo() {
  // Fast path: grab unlocked mutex. Go's CompareAndSwapInt32 is
  // sequentially consistent; acquire would do, and costs the same `lock
  // cmpxchg` on x86-64.
  std::int32_t old = 0;
  if (ABSL_PREDICT_TRUE(
          __atomic_compare_exchange_n(&state, &old, mutexLocked, /*weak=*/false,
                                      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))) {
    return;
  }
  // Slow path (outlined so that the fast path can be inlined).
  lockSlow();
}

inline bool Mutex::TryLock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  tsan_mutex::PreLock(this, tsan_mutex::kTryLock);
  if (!tryLockGo()) {
    tsan_mutex::PostLock(this,
                         tsan_mutex::kTryLock | tsan_mutex::kTryLockFailed);
    return false;
  }
  tsan_mutex::PostLock(this, tsan_mutex::kTryLock);
  if (race::Enabled) {
    race::Acquire(this);
  }
  return true;
}

inline bool Mutex::tryLockGo() {
  // Go: `old := m.state`, a plain read; here: a relaxed atomic load; because
  // a plain read racing with other threads' CAS is a C++ data race. The CAS
  // below validates it.
  std::int32_t old = __atomic_load_n(&state, __ATOMIC_RELAXED);
  if ((old & (mutexLocked | mutexStarving)) != 0) {
    return false;
  }
  // There may be a thread waiting for the mutex, but we are running now and
  // can try to grab it before it wakes up.
  return __atomic_compare_exchange_n(&state, &old, old | mutexLocked,
                                     /*weak=*/false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_RELAXED);
}

inline void Mutex::Unlock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  // Go: `_ = m.state` to fault early on a nil mutex; here: omitted, as in
  // WaitGroup. Go: race.Release (a release-store); here: race::ReleaseMerge;
  // because race.h maps only the merging form, and for a mutex the two agree:
  // the unlocking thread already acquired every earlier unlock's history.
  if (race::Enabled) {
    race::ReleaseMerge(this);
  }
  tsan_mutex::PreUnlock(this, 0);
  unlockGo();
  // Nothing below touches the mutex: PostUnlock only tells TSan about this
  // thread.
  tsan_mutex::PostUnlock(this, 0);
}

inline void Mutex::unlockGo() {
  // Go: `new := atomic.AddInt32(&m.state, -mutexLocked); if new != 0 {
  // m.unlockSlow(new) }`; here: a CAS from exactly mutexLocked to 0, and
  // unlockSlow(old) drops the lock bit in the same CAS that claims a waiter to
  // wake; because once the add has unlocked the mutex, another thread may
  // lock it, unlock it (waking the last waiter) and the woken waiter may
  // return and destroy the mutex, all before unlockSlow's CAS on m.state:
  // Go's garbage collector keeps that memory valid, C++ does not. The CAS
  // costs what the add costs (one locked instruction); its failure is Go's
  // `new != 0`.
  std::int32_t old = mutexLocked;
  if (ABSL_PREDICT_TRUE(
          __atomic_compare_exchange_n(&state, &old, 0, /*weak=*/false,
                                      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))) {
    return;
  }
  // Outlined slow path to allow inlining the fast path.
  unlockSlow(old);
}

}  // namespace go::sync

#endif  // GOSYNC_SYNC_MUTEX_H_
