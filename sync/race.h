// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sync/race.h
// -----------------------------------------------------------------------------
//
// Go's `internal/race`, for ThreadSanitizer. Go's synchronization types do
// not let the race detector watch their own atomics: they switch its view of
// synchronization off around their internals and then state, with explicit
// calls, which happens-before edges their contract promises. gosync does the
// same with TSan's annotation interface, so that TSan checks the *contract*
// of a type (for `WaitGroup`: "Done happens before the Wait it unblocks",
// "an Add from zero must happen before Wait") rather than whatever ordering
// its implementation happens to produce.
//
// Every function is an inline no-op unless the translation unit is compiled
// with `-fsanitize=thread`; `Enabled` is a constant, so `if (race::Enabled)`
// blocks vanish from normal builds, as `if race.Enabled` does in Go.
//
// This is an internal header (Go's package is `internal/race`): it is visible
// to gosync's own packages and tests, not to users.

#ifndef GOSYNC_SYNC_RACE_H_
#define GOSYNC_SYNC_RACE_H_

#include "absl/base/config.h"
#include "sema/internal/tsan.h"  // the TSan runtime's entry points

namespace go::race {

#ifdef ABSL_HAVE_THREAD_SANITIZER
inline constexpr bool Enabled = true;
#else
inline constexpr bool Enabled = false;
#endif

// Acquire()
//
// Go: race.Acquire. The calling thread acquires every release made on `addr`
// so far (by `ReleaseMerge`): what those threads did before releasing
// happens before what this thread does next.
inline void Acquire(const void* addr) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  __tsan_acquire(const_cast<void*>(addr));
#else
  (void)addr;
#endif
}

// ReleaseMerge()
//
// Go: race.ReleaseMerge. Adds the calling thread's history to `addr`'s,
// keeping what earlier releasers put there, so one later `Acquire` sees all
// of them. (TSan's `__tsan_release` merges; its non-merging variant is
// `ReleaseStore`, which Go's `race.Release` would need and gosync does not.)
inline void ReleaseMerge(const void* addr) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  __tsan_release(const_cast<void*>(addr));
#else
  (void)addr;
#endif
}

// Disable() / Enable()
//
// Go: race.Disable / race.Enable. Between them the calling thread's
// synchronization is invisible: atomics, mutexes and `Acquire`/`ReleaseMerge`
// create no happens-before edges, and TSan does not record the atomics at all.
// Plain memory accesses, including `Read` and `Write` below, are still
// checked. Calls nest; each Disable needs one Enable on the same thread.
inline void Disable() {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
#endif
}

inline void Enable() {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
#endif
}

// Read() / Write()
//
// Go: race.Read / race.Write. Report a 4-byte plain read or write of `addr`
// without touching it, so that two unordered calls on the same address (at
// least one a Write) are reported as a data race at the caller's line.
inline void Read(const void* addr) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  __tsan_read4(const_cast<void*>(addr));
#else
  (void)addr;
#endif
}

inline void Write(const void* addr) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
  __tsan_write4(const_cast<void*>(addr));
#else
  (void)addr;
#endif
}

// DeferEnable
//
// Go: `defer race.Enable()`; here: an object whose destructor calls Enable;
// because C++ has no defer, and a panic (exception) must not leave the thread
// with synchronization ignored. `Run()` calls Enable early, once, for the
// panic path: Go runs deferred calls before an unrecovered panic ends the
// program, but a C++ exception that nobody catches terminates without
// unwinding, so no destructor would. Empty and free when TSan is off.
class DeferEnable {
 public:
  DeferEnable() = default;
  DeferEnable(const DeferEnable&) = delete;
  DeferEnable& operator=(const DeferEnable&) = delete;
  ~DeferEnable() { Run(); }

  void Run() {
    if constexpr (Enabled) {
      if (armed_) {
        armed_ = false;
        Enable();
      }
    }
  }

 private:
  bool armed_ = true;
};

}  // namespace go::race

#endif  // GOSYNC_SYNC_RACE_H_
