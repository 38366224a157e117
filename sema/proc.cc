// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// The parts of Go's runtime/proc.go and runtime/time that package sync calls
// besides the semaphore table: the clock that decides when a sync.Mutex
// starves, and the active spinning it does before it sleeps.

#include <cstdint>
#include <ctime>

#include "sema/internal/spin.h"
#include "sema/sema.h"

namespace go::runtime {

namespace {

// Go: active_spin and active_spin_cnt (runtime/lock_futex.go): how many
// rounds sync.Mutex spins, and how many PAUSEs make one round.
constexpr int active_spin = 4;
constexpr std::uint32_t active_spin_cnt = 30;

}  // namespace

// Go: sync_nanotime returns nanotime(), the monotonic clock; here:
// clock_gettime(CLOCK_MONOTONIC), which is what Go's nanotime reads on Linux
// (through the vDSO, as glibc does).
std::int64_t nanotime() noexcept {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Go: sync_runtime_canSpin.
//
// Go refuses to spin when (1) i >= active_spin, (2) ncpu <= 1, (3) every
// other P is idle or already spinning (gomaxprocs <= npidle + nmspinning + 1),
// or (4) this P's local run queue is not empty. Here: (1) and (2) are kept as
// they are: spinning a few rounds only pays when the owner can be running on
// another CPU at the same time. (3) and (4) are dropped; because threads have
// no P: the kernel, not gosync, knows which threads run and which wait, and
// there is no run queue of ours that a spinning thread would be starving.
// The cost of that blindness is bounded by (1): at most 4 rounds of 30 PAUSEs
// (a few microseconds) before the thread queues on the semaphore, which is
// also what keeps a busy machine (every CPU taken by another process) from
// losing much to spinning on an owner that is not running.
bool canSpin(int i) noexcept {
  if (i >= active_spin || ncpu() <= 1) {
    return false;
  }
  return true;
}

// Go: sync_runtime_doSpin.
void doSpin() noexcept { procyield(active_spin_cnt); }

}  // namespace go::runtime
