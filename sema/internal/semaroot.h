// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/semaroot.h
// -----------------------------------------------------------------------------
//
// The semaphore table's data structures (Go: semaRoot, semTable, semtable)
// and the two functions that do the work (semacquire1, semrelease1), as
// implemented in sema/sema.cc. sema/sema.h is the public face of the global
// table; sema/semtable.h wraps a private one for tests and tools.
//
// Internal to gosync's runtime layer.

#ifndef GOSYNC_SEMA_INTERNAL_SEMAROOT_H_
#define GOSYNC_SEMA_INTERNAL_SEMAROOT_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "absl/base/thread_annotations.h"
#include "sema/internal/mutex.h"
#include "sema/internal/sudog.h"

namespace go::runtime {

// semaRoot
//
// One bucket of the table: a treap of the sudogs waiting on distinct
// addresses that hash here, each heading a FIFO of the other waiters on its
// address (see sema.cc).
struct semaRoot {
  constexpr semaRoot() = default;
  semaRoot(const semaRoot&) = delete;
  semaRoot& operator=(const semaRoot&) = delete;

  mutex lock;
  sudog* treap ABSL_GUARDED_BY(lock) = nullptr;  // root of the treap
  // Waiters queued in this root, over all its addresses. Read without the
  // lock by semrelease1's fast path; changed only under the lock. It shares
  // the root's cache line with the lock, as in Go.
  std::atomic<std::uint32_t> nwait{0};

  void queue(std::uint32_t* addr, sudog* s, bool lifo)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(lock);
  // Go: returns (found *sudog, now int64); here: `now` through an out
  // parameter; because C++ has no multiple return values.
  sudog* dequeue(std::uint32_t* addr, std::int64_t* now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(lock);
  void rotateLeft(sudog* x) ABSL_EXCLUSIVE_LOCKS_REQUIRED(lock);
  void rotateRight(sudog* y) ABSL_EXCLUSIVE_LOCKS_REQUIRED(lock);
};

// Go: cpu.CacheLinePadSize on amd64 and arm64.
inline constexpr std::size_t kCacheLinePadSize = 64;

// Go: semTabSize ("prime to not correlate with any user patterns").
inline constexpr std::size_t semTabSize = 251;

// The same number under the name sema/semtable.h gives it, as Go's
// export_test.go exports semTabSize as SemTableSize.
inline constexpr std::size_t kSemTabSize = semTabSize;

// RootIndex()
//
// The root that `addr` hashes to. Go: `(uintptr(unsafe.Pointer(addr)) >> 3)
// % semTabSize`, written inside rootFor; here: a function of its own, which
// rootFor calls; because the test hook (SemTable::Nwait, Walk) must pick
// the same root as the table, so there is one hash to keep.
inline std::size_t RootIndex(const void* addr) {
  return (reinterpret_cast<std::uintptr_t>(addr) >> 3) % semTabSize;
}

// semTable
//
// Go: [semTabSize]struct{ root semaRoot; pad [CacheLinePadSize -
// Sizeof(semaRoot{})]byte }. Each root owns one cache line, so releasers on
// different roots never share one.
struct semTable {
  struct alignas(kCacheLinePadSize) entry {
    semaRoot root;
    char pad[kCacheLinePadSize - sizeof(semaRoot)] = {};
  };
  entry t[semTabSize];

  semaRoot* rootFor(const std::uint32_t* addr) {
    return &t[RootIndex(addr)].root;
  }
};

static_assert(sizeof(semaRoot) <= kCacheLinePadSize);
static_assert(sizeof(semTable::entry) == kCacheLinePadSize);
static_assert(alignof(semTable::entry) == kCacheLinePadSize);
static_assert(sizeof(semTable) == semTabSize * kCacheLinePadSize);
static_assert(std::is_trivially_destructible_v<semTable>);

// Go: var semtable semTable. The process-wide table behind sema/sema.h:
// constant-initialized (usable before main and during static destruction)
// and never destroyed.
extern constinit semTable semtable;

// Go: semaProfileFlags.
using semaProfileFlags = int;
inline constexpr semaProfileFlags semaBlockProfile = 1 << 0;
inline constexpr semaProfileFlags semaMutexProfile = 1 << 1;

// Go: semacquire1(addr, lifo, profile, skipframes) and semrelease1(addr,
// handoff, skipframes) on the global `semtable`; here: the table is the first
// parameter; because tests and benchmarks run real parks on private tables
// (the shims in sema.cc pass &semtable: one extra register argument).
void semacquire1(semTable* tab, std::uint32_t* addr, bool lifo,
                 semaProfileFlags profile, int skipframes) noexcept;
void semrelease1(semTable* tab, std::uint32_t* addr, bool handoff,
                 int skipframes) noexcept;
// Not in Go: see SemreleaseN in sema/sema.h.
void semreleaseN(semTable* tab, std::uint32_t* addr, std::uint32_t n) noexcept;

// Go: cansemacquire(addr).
bool cansemacquire(std::uint32_t* addr);

// Go: readyWithTime(s, traceskip). Wakes the thread that owns `s`; the
// caller must not touch `s` afterwards. Throws "bad g->status in ready" for a
// record that no thread is parked on (an Enqueue record).
void readyWithTime(sudog* s, int traceskip);

// Not in Go: readyWithTime for every sudog of a chain linked through `link`
// (waitlink or next), through a wake tree: the caller pays one wakeup. Clears
// the links. The caller must not touch any of the sudogs afterwards. If the
// owners parked with Park(group), a chain of up to 16 is woken with one
// Parker::UnparkAll instead, where the kernel allows.
void readyTree(sudog* head, sudog* sudog::*link, const void* group = nullptr);

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_SEMAROOT_H_
