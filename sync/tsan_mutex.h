// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sync/tsan_mutex.h
// -----------------------------------------------------------------------------
//
// ThreadSanitizer's custom-mutex annotations, for gosync's Mutex and RWMutex.
// Go's race detector knows sync.Mutex only through race.Acquire/Release; TSan
// can do more when told that an object *is* a mutex: it reports lock-order
// inversions (potential deadlocks), names the mutexes held in a data race
// report, and ignores the lock's own atomics between a `Pre` and its `Post`.
//
// Every function is an inline no-op unless the translation unit is compiled
// with `-fsanitize=thread`. Internal to gosync's sync package.

#ifndef GOSYNC_SYNC_TSAN_MUTEX_H_
#define GOSYNC_SYNC_TSAN_MUTEX_H_

#include "absl/base/config.h"

#ifdef ABSL_HAVE_THREAD_SANITIZER
#include <sanitizer/tsan_interface.h>
#endif

namespace go::sync::tsan_mutex {

#ifdef ABSL_HAVE_THREAD_SANITIZER
inline constexpr unsigned kReadLock = __tsan_mutex_read_lock;
inline constexpr unsigned kTryLock = __tsan_mutex_try_lock;
inline constexpr unsigned kTryLockFailed = __tsan_mutex_try_lock_failed;
#else
inline constexpr unsigned kReadLock = 1u << 3;
inline constexpr unsigned kTryLock = 1u << 4;
inline constexpr unsigned kTryLockFailed = 1u << 5;
#endif

// Create() / Destroy(): the object's life as a mutex. A constant-initialized
// mutex never calls Create; TSan then creates it at its first Pre/PostLock.
inline void Create(const void* m, unsigned flags = 0) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  __tsan_mutex_create(const_cast<void*>(m), flags);
#else
  (void)m, (void)flags;
#endif
}

inline void Destroy(const void* m) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  __tsan_mutex_destroy(const_cast<void*>(m), 0);
#else
  (void)m;
#endif
}

// PreLock() / PostLock(): around a (read-, try-) lock. `flags` of PostLock
// add kTryLockFailed when a try-lock fails. Between the two, TSan ignores the
// thread's memory accesses and synchronization.
inline void PreLock(const void* m, unsigned flags) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  __tsan_mutex_pre_lock(const_cast<void*>(m), flags);
#else
  (void)m, (void)flags;
#endif
}

inline void PostLock(const void* m, unsigned flags) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  __tsan_mutex_post_lock(const_cast<void*>(m), flags, 0);
#else
  (void)m, (void)flags;
#endif
}

// PreUnlock() / PostUnlock(): around an unlock (kReadLock for a read unlock).
inline void PreUnlock(const void* m, unsigned flags) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  __tsan_mutex_pre_unlock(const_cast<void*>(m), flags);
#else
  (void)m, (void)flags;
#endif
}

inline void PostUnlock(const void* m, unsigned flags) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  __tsan_mutex_post_unlock(const_cast<void*>(m), flags);
#else
  (void)m, (void)flags;
#endif
}

}  // namespace go::sync::tsan_mutex

#endif  // GOSYNC_SYNC_TSAN_MUTEX_H_
