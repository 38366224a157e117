// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sync/once.h
// -----------------------------------------------------------------------------
//
// `go::sync::Once` is Go's `sync.Once` for threads: it runs one function
// exactly once, however many threads call `Do`, and every `Do` returns only
// after that function has finished. Go 1.19's algorithm and layout
// (`src/sync/once.go`): a done flag checked with one acquire load on the fast
// path, and a `go::sync::Mutex` on the slow path. 12 bytes, no allocation,
// constant-initialized, so a global Once works before `main`.
//
// Go 1.21's OnceFunc, OnceValue and OnceValues are in sync/oncefunc.h (same
// target, //sync:once).

#ifndef GOSYNC_SYNC_ONCE_H_
#define GOSYNC_SYNC_ONCE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>

#include "absl/base/optimization.h"
#include "absl/base/thread_annotations.h"
#include "sync/mutex.h"

namespace go::sync {

// Once
//
// Performs exactly one action.
//
// Example:
//
//   go::sync::Once once;
//   Config* config;
//   const Config& GetConfig() {
//     once.Do([] { config = LoadConfig(); });
//     return *config;
//   }
//
// Guarantees:
//
//   * The first call of `Do` on a Once runs its function; every other call,
//     with the same or a different function, runs nothing. Once the
//     function has run, Do costs one acquire load.
//   * No call of Do returns before the function has finished: concurrent
//     callers wait for it on the Mutex.
//   * If the function throws, the Once counts as done all the same (Go: the
//     deferred store of done, which runs while a panic unwinds), the
//     exception propagates to the caller that ran it, and later calls of Do
//     run nothing.
//
// Requirements:
//
//   * The function must not call Do on the same Once: the inner call waits
//     for the Mutex that the outer call holds, forever (Go deadlocks the
//     same way; its runtime may report "all goroutines are asleep", which a
//     thread-based program cannot).
//   * Not copyable and not movable (Go: "must not be copied after first
//     use"; here a copy does not compile).
//   * (C++ only; Go's garbage collector makes this automatic.) The Once may
//     be destroyed as soon as a Do on it has returned and no other thread
//     waits in Do or will call it, even while the Do that ran the function
//     is still unlocking its Mutex (the destructor waits for that Unlock).
//
// Memory ordering: the return of the function synchronizes with the return
// of every call of Do (Go: "synchronizes before"). ThreadSanitizer sees
// exactly that: the acquire load, the release store and the Mutex.
class Once {
 public:
  constexpr Once() noexcept = default;

  // See the C++-only requirement above: waits out the Unlock of a Do that
  // has already stored done.
  ~Once();

  Once(const Once&) = delete;
  Once& operator=(const Once&) = delete;
  Once(Once&&) = delete;
  Once& operator=(Once&&) = delete;

  // Once::Do()
  //
  // Calls `f()` if and only if Do is being called for the first time on this
  // Once. See the class comment for exceptions and recursion.
  template <class F>
  void Do(F&& f) {
    // Go: atomic.LoadUint32(&o.done) == 0; here: an acquire load; because
    // it pairs with doSlow's release store, which is all the fast path needs.
    if (ABSL_PREDICT_FALSE(done.load(std::memory_order_acquire) == 0)) {
      // Outlined, so that the fast path stays small at every call site.
      doSlow(f);
    }
  }

 private:
  template <class F>
  ABSL_ATTRIBUTE_NOINLINE void doSlow(F& f);

  // Go: done uint32, accessed with sync/atomic; here: std::atomic<uint32_t>;
  // because C++ atomics are typed. First, for the shortest fast path.
  std::atomic<std::uint32_t> done{0};
  Mutex m;
};

// ---------------------------------------------------------------------------
// Implementation. Go's once.go, line by line.
// ---------------------------------------------------------------------------

inline Once::~Once() {
  // Go: no destructor; the garbage collector keeps the Once alive while the
  // Do that ran f unlocks m; here: once f has run, wait until m can be
  // taken, and release it; because a caller whose Do returned on the fast
  // path may destroy the Once while that Do, past its store of done, has yet
  // to unlock m. Taking m orders that Unlock before the destruction (for
  // TSan too); TryLock, not Lock, so that TSan's deadlock detector sees no
  // lock order: with done stored, the holder of m needs nothing to let go.
  if (done.load(std::memory_order_acquire) != 0) {
    while (!m.TryLock()) {
      std::this_thread::yield();
    }
    m.Unlock();
  }
}

template <class F>
void Once::doSlow(F& f) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  m.Lock();
  // Go: defer o.m.Unlock(); here: a scope guard; because C++ has no defer.
  // Declared first, so it runs last, as the first defer in Go does.
  struct unlocker {
    Mutex* m;
    ~unlocker() { m->Unlock(); }
  } defer_unlock{&m};
  // Under m, nobody stores done: relaxed is enough.
  if (done.load(std::memory_order_relaxed) == 0) {
    // Go: defer atomic.StoreUint32(&o.done, 1); here: a scope guard; because
    // the store must also happen when f throws. Release: publishes what f
    // did to the fast path's acquire load.
    struct storer {
      std::atomic<std::uint32_t>* done;
      ~storer() { done->store(1, std::memory_order_release); }
    } defer_store{&done};
    std::invoke(f);
  }
}

}  // namespace go::sync

#endif  // GOSYNC_SYNC_ONCE_H_
