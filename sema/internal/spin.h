// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/spin.h
// -----------------------------------------------------------------------------
//
// How a runtime thread burns time while it waits for another CPU: the two
// ways Go's runtime spins (`procyield`, `osyield`) and the CPU count that
// decides whether spinning is worth it at all. Used by the root lock
// (sema/internal/mutex.cc) and the parker (sema/internal/parker.cc), so neither
// has a spin loop of its own.
//
// Internal to gosync's runtime layer.

#ifndef GOSYNC_SEMA_INTERNAL_SPIN_H_
#define GOSYNC_SEMA_INTERNAL_SPIN_H_

#include <cstdint>
#include <thread>

namespace go::runtime {

// procyield()
//
// Go: procyield(cycles) executes PAUSE `cycles` times. It tells the CPU that
// this is a spin-wait loop, which saves power and frees the core's resources
// for a sibling hyperthread.
inline void procyield(std::uint32_t cycles) {
  for (std::uint32_t i = 0; i < cycles; ++i) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    asm volatile("yield" ::: "memory");
#else
    asm volatile("" ::: "memory");
#endif
  }
}

// osyield()
//
// Go: osyield() is sched_yield(2): give the CPU to another runnable thread,
// if there is one.
inline void osyield() { std::this_thread::yield(); }

// ncpu()
//
// Go: the runtime variable `ncpu`, set once at start-up. Spinning only makes
// sense with more than one CPU: on one CPU the thread we wait for cannot run
// while we spin.
inline int ncpu() {
  static const int n = [] {
    unsigned hc = std::thread::hardware_concurrency();
    return hc == 0 ? 1 : static_cast<int>(hc);
  }();
  return n;
}

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_SPIN_H_
