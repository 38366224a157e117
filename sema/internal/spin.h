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

#if defined(__linux__)
#include <sched.h>
#endif

#include <cerrno>
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

// getproccount()
//
// Go: getproccount() (os_linux.go), the number of CPUs in this thread's
// affinity mask (sched_getaffinity), or 1 if the mask cannot be read; here:
// the same, and where there is no affinity mask, the online CPUs; because
// `taskset -c 0` must make gosync stop spinning as it makes Go stop. Keeps
// the caller's errno. Reads the mask anew on every call; use ncpu().
inline int getproccount() {
  const int saved_errno = errno;
  int n = 0;
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    n = CPU_COUNT(&set);
  } else if (errno != EINVAL) {
    n = 1;  // Go: any error gives 1
  }
  // EINVAL: more CPUs than a cpu_set_t holds; fall through to the count.
#endif
  if (n == 0) {
    unsigned hc = std::thread::hardware_concurrency();
    n = hc == 0 ? 1 : static_cast<int>(hc);
  }
  errno = saved_errno;
  return n;
}

// ncpu()
//
// Go: the runtime variable `ncpu`, set once at start-up from getproccount;
// here: set on first use; because there is no start-up hook, and the first
// use is a thread's first contended lock or park. Spinning only makes sense
// with more than one CPU: on one CPU the thread we wait for cannot run while
// we spin.
inline int ncpu() {
  static const int n = getproccount();
  return n;
}

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_SPIN_H_
