// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sync/rwmutex.h
// -----------------------------------------------------------------------------
//
// `go::sync::RWMutex` is Go's `sync.RWMutex` for threads: a reader/writer
// lock held by any number of readers or by one writer, 24 bytes, whose zero
// value is unlocked. The algorithm is Go 1.19's (`src/sync/rwmutex.go`) line
// by line: a reader makes one atomic add to lock and one to unlock; a writer
// takes the Mutex `w` (which orders writers), then announces itself by
// subtracting `rwmutexMaxReaders` from `readerCount`, so that arriving readers
// see a negative count and sleep on `readerSem`, and waits on `writerSem`
// for the readers already inside (counted in `readerWait`) to leave.
//
// Writer preference, as in Go: once a writer is waiting, new readers wait
// too, so a steady stream of readers cannot starve writers. Consequently a
// thread must not take RLock recursively: if a writer arrives between the two
// RLocks, the second one waits for the writer, which waits for the first.
//
// Misuse, with Go's messages (exit status 2, never an exception):
//
//   * `fatal error: sync: RUnlock of unlocked RWMutex`
//   * `fatal error: sync: Unlock of unlocked RWMutex`
//   * `fatal error: sync: unlock of unlocked mutex` (from `w`)
//   * C++ only: `fatal error: sync: RWMutex destroyed while a Lock or RLock
//     is in progress` when a thread is still waiting in Lock or RLock.

#ifndef GOSYNC_SYNC_RWMUTEX_H_
#define GOSYNC_SYNC_RWMUTEX_H_

#include <cstdint>
#include <thread>
#include <type_traits>

#include "absl/base/optimization.h"
#include "absl/base/thread_annotations.h"
#include "sema/panic.h"
#include "sema/sema.h"
#include "sync/locker.h"
#include "sync/mutex.h"
#include "sync/race.h"
#include "sync/tsan_mutex.h"

namespace go::sync {

class RWMutexTestPeer;

// Go: rwmutexMaxReaders, the most readers at once; a writer subtracts it from
// readerCount to announce itself.
inline constexpr std::int32_t rwmutexMaxReaders = 1 << 30;

// RWMutex
//
// Example:
//
//   go::sync::RWMutex mu;
//   std::map<std::string, int> table ABSL_GUARDED_BY(mu);
//
//   {  // readers, any number at once
//     std::shared_lock<go::sync::RWMutex> l(mu);  // or mu.RLock()/RUnlock()
//     auto it = table.find(key);
//   }
//   {  // one writer, alone
//     std::lock_guard<go::sync::RWMutex> l(mu);   // or mu.Lock()/Unlock()
//     table[key] = 1;
//   }
//
// Requirements:
//
//   * RUnlock only a read-locked mutex, Unlock only a write-locked one; any
//     thread may do either. No recursive read locking (see above).
//   * (C++ only; Go's garbage collector makes this automatic.) The mutex must
//     outlive every call on it. It may be destroyed as soon as it is unlocked
//     and no thread is inside one of its functions; a thread that acquired it
//     from the last unlock may unlock and destroy it at once (the destructor
//     waits out a writer's Unlock that has admitted readers but not yet
//     released `w`, see ~RWMutex). Destroying it while a thread waits in Lock
//     or RLock is a fatal error.
//   * Not copyable, not movable.
//
// Memory ordering: the n-th Unlock synchronizes with the (n+1)-th Lock and
// with every RLock that it lets in; an RUnlock synchronizes with the Lock
// that follows it (Go's memory model for sync.RWMutex).
//
// Works with std::lock_guard, std::unique_lock, std::scoped_lock,
// std::shared_lock and std::condition_variable_any, with Clang's
// thread-safety analysis, and with ThreadSanitizer as a reader/writer mutex
// (which, as for Mutex, reports a write Unlock from another thread than the
// one that locked).
class ABSL_LOCKABLE RWMutex {
 public:
  constexpr RWMutex() noexcept
      : w(), writerSem(0), readerSem(0), readerCount(0), readerWait(0) {
    if (!std::is_constant_evaluated()) {
      tsan_mutex::Create(this);
    }
  }

  // Fatal if a thread is waiting in Lock or RLock; see the requirements.
  ~RWMutex();

  RWMutex(const RWMutex&) = delete;
  RWMutex& operator=(const RWMutex&) = delete;

  // RWMutex::RLock()
  //
  // Locks for reading, blocking while a writer holds the lock or waits for
  // it. Must not be called recursively.
  void RLock() ABSL_SHARED_LOCK_FUNCTION();

  // RWMutex::TryRLock()
  //
  // Locks for reading if no writer holds or waits for the lock, and returns
  // true; otherwise returns false without blocking. (Go 1.18.)
  bool TryRLock() ABSL_SHARED_TRYLOCK_FUNCTION(true);

  // RWMutex::RUnlock()
  //
  // Undoes one RLock. Fatal if the mutex is not read-locked.
  void RUnlock() ABSL_UNLOCK_FUNCTION();

  // RWMutex::Lock()
  //
  // Locks for writing, blocking until no reader or writer holds the lock.
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION();

  // RWMutex::TryLock()
  //
  // Locks for writing if no reader or writer holds the lock, and returns
  // true; otherwise returns false without blocking. (Go 1.18.)
  bool TryLock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true);

  // RWMutex::Unlock()
  //
  // Unlocks for writing, admitting the readers that waited and then the next
  // writer. Fatal if the mutex is not write-locked.
  void Unlock() ABSL_UNLOCK_FUNCTION();

  // RWMutex::RLocker()
  //
  // A Locker whose Lock and Unlock call this mutex's RLock and RUnlock.
  Locker RLocker() noexcept { return Locker::RLocker(*this); }

  // The C++ names (Lockable and SharedLockable).
  void lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { Lock(); }
  bool try_lock() ABSL_EXCLUSIVE_TRYLOCK_FUNCTION(true) { return TryLock(); }
  void unlock() ABSL_UNLOCK_FUNCTION() { Unlock(); }
  void lock_shared() ABSL_SHARED_LOCK_FUNCTION() { RLock(); }
  bool try_lock_shared() ABSL_SHARED_TRYLOCK_FUNCTION(true) {
    return TryRLock();
  }
  void unlock_shared() ABSL_UNLOCK_FUNCTION() { RUnlock(); }

 private:
  friend class RWMutexTestPeer;

  void rUnlockSlow(std::int32_t r);

  // Go's fields, in Go's order.
  Mutex w;                   // held if there are pending writers
  std::uint32_t writerSem;   // writers wait here for departing readers
  std::uint32_t readerSem;   // readers wait here for the writer to finish
  std::int32_t readerCount;  // pending readers (minus max if a writer)
  std::int32_t readerWait;   // departing readers a writer still waits for
};

// ---------------------------------------------------------------------------
// Implementation, in Go's order. TSan's Pre/Post annotations wrap Go's
// race.Disable ... race.Enable, so that TSan's own mutex edges are not
// ignored; Go's race.Acquire follows PostLock for the same reason. `w` is
// locked through its unannotated Go body, so TSan sees one mutex.
// ---------------------------------------------------------------------------

inline RWMutex::~RWMutex() {
  static_assert(sizeof(RWMutex) == 24 && alignof(RWMutex) == 4,
                "Go 1.19's RWMutex: Mutex w, two semaphores, two counters");
  // Go: nothing; the garbage collector lets a writer's Unlock go on touching
  // the mutex after it admitted readers; here: while `w` is locked but no
  // writer is announced (readerCount >= 0), a writer's Unlock (or a failed
  // TryLock) is between admitting readers and unlocking `w`, so wait for it
  // to finish; because a reader it admitted may be the thread destroying the
  // mutex. Nothing else is in that state: a writer in Lock announces itself
  // right after taking `w`, and only a thread inside Lock can be there.
  for (int i = 0;
       (__atomic_load_n(&w.state, __ATOMIC_ACQUIRE) & mutexLocked) != 0 &&
       __atomic_load_n(&readerCount, __ATOMIC_ACQUIRE) >= 0;
       i++) {
    std::this_thread::yield();
  }
  // Then fatal if a thread waits: readers behind a writer (readerCount below
  // -rwmutexMaxReaders + 0 is not possible; above it, with a writer, counts
  // waiting readers), or a writer waiting for readers (readerWait != 0).
  // Relaxed: a diagnostic. w.waiting(): a writer waits for `w`.
  std::int32_t c = __atomic_load_n(&readerCount, __ATOMIC_RELAXED);
  if (ABSL_PREDICT_FALSE((c < 0 && c != -rwmutexMaxReaders) ||
                         __atomic_load_n(&readerWait, __ATOMIC_RELAXED) != 0 ||
                         __atomic_load_n(&readerSem, __ATOMIC_RELAXED) != 0 ||
                         __atomic_load_n(&writerSem, __ATOMIC_RELAXED) != 0 ||
                         w.waiting())) {
    go::runtime::fatal(
        "sync: RWMutex destroyed while a Lock or RLock is in progress");
  }
  tsan_mutex::Destroy(this);
}

inline void RWMutex::RLock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  tsan_mutex::PreLock(this, tsan_mutex::kReadLock);
  // Go: `_ = rw.w.state` faults early on a nil mutex; here: omitted, as in
  // WaitGroup.
  if (race::Enabled) {
    race::Disable();
  }
  if (__atomic_add_fetch(&readerCount, 1, __ATOMIC_SEQ_CST) < 0) {
    // A writer is pending, wait for it.
    go::runtime::SemacquireMutex(&readerSem, false, 0);
  }
  if (race::Enabled) {
    race::Enable();
  }
  tsan_mutex::PostLock(this, tsan_mutex::kReadLock);
  if (race::Enabled) {
    race::Acquire(&readerSem);
  }
}

inline bool RWMutex::TryRLock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  tsan_mutex::PreLock(this, tsan_mutex::kReadLock | tsan_mutex::kTryLock);
  if (race::Enabled) {
    race::Disable();
  }
  for (;;) {
    std::int32_t c = __atomic_load_n(&readerCount, __ATOMIC_SEQ_CST);
    if (c < 0) {
      if (race::Enabled) {
        race::Enable();
      }
      tsan_mutex::PostLock(this, tsan_mutex::kReadLock | tsan_mutex::kTryLock |
                                     tsan_mutex::kTryLockFailed);
      return false;
    }
    if (__atomic_compare_exchange_n(&readerCount, &c, c + 1, /*weak=*/false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
      if (race::Enabled) {
        race::Enable();
      }
      tsan_mutex::PostLock(this, tsan_mutex::kReadLock | tsan_mutex::kTryLock);
      if (race::Enabled) {
        race::Acquire(&readerSem);
      }
      return true;
    }
  }
}

inline void RWMutex::RUnlock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  if (race::Enabled) {
    race::ReleaseMerge(&writerSem);
  }
  tsan_mutex::PreUnlock(this, tsan_mutex::kReadLock);
  if (race::Enabled) {
    race::Disable();
  }
  // Lifetime: when r >= 0 this add is the last touch. When r < 0 a writer
  // is inside Lock waiting for this reader, so the mutex stays alive through
  // rUnlockSlow.
  if (std::int32_t r = __atomic_add_fetch(&readerCount, -1, __ATOMIC_SEQ_CST);
      r < 0) {
    // Outlined slow-path to allow the fast-path to be inlined.
    rUnlockSlow(r);
  }
  if (race::Enabled) {
    race::Enable();
  }
  tsan_mutex::PostUnlock(this, tsan_mutex::kReadLock);
}

inline void RWMutex::rUnlockSlow(std::int32_t r) {
  if (r + 1 == 0 || r + 1 == -rwmutexMaxReaders) {
    race::Enable();
    go::runtime::fatal("sync: RUnlock of unlocked RWMutex");
  }
  // A writer is pending.
  if (__atomic_add_fetch(&readerWait, -1, __ATOMIC_SEQ_CST) == 0) {
    // The last reader unblocks the writer. Last touch: the writer cannot
    // return before this Semrelease has added its count.
    go::runtime::Semrelease(&writerSem, false, 1);
  }
}

inline void RWMutex::Lock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  tsan_mutex::PreLock(this, 0);
  if (race::Enabled) {
    race::Disable();
  }
  // First, resolve competition with other writers.
  w.lockGo();
  // Announce to readers there is a pending writer.
  std::int32_t r =
      __atomic_add_fetch(&readerCount, -rwmutexMaxReaders, __ATOMIC_SEQ_CST) +
      rwmutexMaxReaders;
  // Wait for active readers.
  if (r != 0 && __atomic_add_fetch(&readerWait, r, __ATOMIC_SEQ_CST) != 0) {
    go::runtime::SemacquireMutex(&writerSem, false, 0);
  }
  if (race::Enabled) {
    race::Enable();
  }
  tsan_mutex::PostLock(this, 0);
  if (race::Enabled) {
    race::Acquire(&readerSem);
    race::Acquire(&writerSem);
  }
}

inline bool RWMutex::TryLock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  tsan_mutex::PreLock(this, tsan_mutex::kTryLock);
  if (race::Enabled) {
    race::Disable();
  }
  bool locked_w = w.tryLockGo();
  std::int32_t zero = 0;
  if (!locked_w || !__atomic_compare_exchange_n(
                       &readerCount, &zero, -rwmutexMaxReaders,
                       /*weak=*/false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
    if (locked_w) {
      w.unlockGo();
    }
    if (race::Enabled) {
      race::Enable();
    }
    tsan_mutex::PostLock(this,
                         tsan_mutex::kTryLock | tsan_mutex::kTryLockFailed);
    return false;
  }
  if (race::Enabled) {
    race::Enable();
  }
  tsan_mutex::PostLock(this, tsan_mutex::kTryLock);
  if (race::Enabled) {
    race::Acquire(&readerSem);
    race::Acquire(&writerSem);
  }
  return true;
}

inline void RWMutex::Unlock() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  // Go: race.Release (a release-store); here: ReleaseMerge, as in Mutex.
  if (race::Enabled) {
    race::ReleaseMerge(&readerSem);
  }
  tsan_mutex::PreUnlock(this, 0);
  if (race::Enabled) {
    race::Disable();
  }
  // Announce to readers there is no active writer.
  std::int32_t r =
      __atomic_add_fetch(&readerCount, rwmutexMaxReaders, __ATOMIC_SEQ_CST);
  if (ABSL_PREDICT_FALSE(r >= rwmutexMaxReaders)) {
    race::Enable();
    go::runtime::fatal("sync: Unlock of unlocked RWMutex");
  }
  // Unblock blocked readers, if any.
  // Lifetime: from the add above on, readers get in and one of them may
  // destroy the mutex, yet `w` is still to be unlocked; the destructor waits
  // for that (see ~RWMutex).
  for (int i = 0; i < r; i++) {
    go::runtime::Semrelease(&readerSem, false, 0);
  }
  // Allow other writers to proceed.
  w.unlockGo();
  if (race::Enabled) {
    race::Enable();
  }
  tsan_mutex::PostUnlock(this, 0);
}

}  // namespace go::sync

#endif  // GOSYNC_SYNC_RWMUTEX_H_
