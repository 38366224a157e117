// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/race.h
// -----------------------------------------------------------------------------
//
// How the runtime layer appears to ThreadSanitizer: as in Go, not at all,
// except for the happens-before edges it promises its callers.
//
// Go builds the runtime without race instrumentation, so the race detector
// never sees the root lock, the treap or goready/gopark, and package sync
// tells it about the synchronization the semaphore provides. gosync's runtime
// is ordinary C++ and would be instrumented, which would be wrong twice over:
//   * the root lock and the parker would add happens-before edges between
//     unrelated semaphore users that hash to the same root, hiding real races
//     in their callers; and
//   * a caller that, like Go's WaitGroup, calls into the semaphore inside a
//     TSan ignore-sync region would make TSan drop the runtime's own edges
//     and report races on the runtime's internal fields.
// So the slow paths run inside a `norace` scope, in which TSan ignores this
// thread's memory accesses and synchronization; the caller's word is touched
// only through sema/internal/semaword.h, which TSan does not see either; and
// the semaphore's one promise, "a release happens before the acquire that takes
// its count", is stated with racerelease/raceacquire on the word's address,
// outside any norace scope. Inside a caller's ignore-sync region those two are
// ignored as well, exactly as Go's are.
//
// Without TSan everything here compiles to nothing.
//
// Internal to gosync's runtime layer.

#ifndef GOSYNC_SEMA_INTERNAL_RACE_H_
#define GOSYNC_SEMA_INTERNAL_RACE_H_

#include "absl/base/config.h"
#include "sema/internal/tsan.h"

namespace go::runtime {

// racerelease()
//
// Go: runtime.racerelease(addr). Everything this thread did so far happens
// before a later raceacquire(addr) by any thread. No-op without TSan.
inline void racerelease(const void* addr) {
#if defined(ABSL_HAVE_THREAD_SANITIZER)
  __tsan_release(const_cast<void*>(addr));
#else
  (void)addr;
#endif
}

// raceacquire()
//
// Go: runtime.raceacquire(addr). No-op without TSan.
inline void raceacquire(const void* addr) {
#if defined(ABSL_HAVE_THREAD_SANITIZER)
  __tsan_acquire(const_cast<void*>(addr));
#else
  (void)addr;
#endif
}

// norace
//
// Go: the runtime is compiled without race instrumentation (as if every
// function were //go:norace); here: a scope in which TSan ignores the calling
// thread's memory accesses and synchronization; because gosync's runtime is
// compiled with the rest of the program. Scopes nest.
class norace {
 public:
#if defined(ABSL_HAVE_THREAD_SANITIZER)
  norace() {
    __tsan_ignore_thread_begin();
    AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
  }
  ~norace() {
    AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
    __tsan_ignore_thread_end();
  }
#else
  norace() {}  // user-provided, so `norace nr;` is not an unused variable
#endif
  norace(const norace&) = delete;
  norace& operator=(const norace&) = delete;
};

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_RACE_H_
