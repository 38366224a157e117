// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/semaword.h
// -----------------------------------------------------------------------------
//
// Every access the runtime makes to the caller's semaphore word goes through
// these three functions (Go: atomic.Load, atomic.Cas, atomic.Xadd on the
// *uint32). All three are sequentially consistent: semrelease1's Xadd and
// semacquire1's second cansemacquire form a Dekker pair with the nwait
// counter (see sema.cc).
//
// ThreadSanitizer: Go's race detector does not instrument the runtime, so
// these operations are invisible to it, and package sync tells the detector
// about the synchronization itself (race.ReleaseMerge / race.Acquire, and
// fake race.Read / race.Write on &sema in WaitGroup). gosync keeps that model:
// under TSan on x86-64 the three operations are inline assembly, which TSan
// does not see, and sema.cc states the happens-before edge explicitly with
// racerelease/raceacquire (sema/internal/race.h). Otherwise a WaitGroup's fake
// read of its semaphore word would be reported as racing with an earlier
// SemreleaseN in correct code. Without TSan they are plain `std::atomic_ref`
// operations.
//
// Internal to gosync's runtime layer.

#ifndef GOSYNC_SEMA_INTERNAL_SEMAWORD_H_
#define GOSYNC_SEMA_INTERNAL_SEMAWORD_H_

#include <atomic>
#include <cstdint>

#include "absl/base/config.h"

#if defined(ABSL_HAVE_THREAD_SANITIZER) && defined(__x86_64__)
#define GOSYNC_SEMAWORD_INVISIBLE_TO_TSAN 1
#else
// On other TSan targets the atomic_ref operations below are visible to TSan.
// Synchronization through the word is then modelled twice (harmless), but a
// caller's fake race.Read on the word is reported against the runtime's
// atomics. Porting the three asm blocks is the fix.
// Which configuration builds and tests what (see tools/m32/BUILD.bazel): the
// asm branch by --config=tsan (x86-64 only); the atomic_ref branch by every
// other build, --config=m32 (i386) included. TSan on a target other than
// x86-64 is built and tested by none: GCC's TSan has no i386 runtime.
#define GOSYNC_SEMAWORD_INVISIBLE_TO_TSAN 0
#endif

namespace go::runtime::semaword {

static_assert(std::atomic_ref<std::uint32_t>::required_alignment ==
                  alignof(std::uint32_t),
              "the caller's plain uint32_t must be usable as an atomic");

// Load()
//
// Go: atomic.Load(addr). A sequentially consistent load.
inline std::uint32_t Load(std::uint32_t* addr) {
#if GOSYNC_SEMAWORD_INVISIBLE_TO_TSAN
  // On x86-64 an aligned mov is a seq_cst load (the RMWs are full fences).
  std::uint32_t v;
  asm volatile("movl %1, %0" : "=r"(v) : "m"(*addr) : "memory");
  return v;
#else
  return std::atomic_ref<std::uint32_t>(*addr).load(std::memory_order_seq_cst);
#endif
}

// Cas()
//
// Go: atomic.Cas(addr, old, new). Stores `new_value` if `*addr == old` and
// reports whether it did.
inline bool Cas(std::uint32_t* addr, std::uint32_t old,
                std::uint32_t new_value) {
#if GOSYNC_SEMAWORD_INVISIBLE_TO_TSAN
  bool ok;
  asm volatile("lock cmpxchgl %3, %1"
               : "=@ccz"(ok), "+m"(*addr), "+a"(old)
               : "r"(new_value)
               : "memory");
  return ok;
#else
  return std::atomic_ref<std::uint32_t>(*addr).compare_exchange_strong(
      old, new_value, std::memory_order_seq_cst);
#endif
}

// Xadd()
//
// Go: atomic.Xadd(addr, delta). Adds `delta` and returns the new value.
inline std::uint32_t Xadd(std::uint32_t* addr, std::uint32_t delta) {
#if GOSYNC_SEMAWORD_INVISIBLE_TO_TSAN
  std::uint32_t old = delta;
  asm volatile("lock xaddl %0, %1" : "+r"(old), "+m"(*addr) : : "memory", "cc");
  return old + delta;
#else
  return std::atomic_ref<std::uint32_t>(*addr).fetch_add(
             delta, std::memory_order_seq_cst) +
         delta;
#endif
}

}  // namespace go::runtime::semaword

#endif  // GOSYNC_SEMA_INTERNAL_SEMAWORD_H_
