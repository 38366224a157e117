// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// How a parked thread waits: spin briefly, then sleep in the kernel. Never
// yield.
//
// The argument, in counts. A sleeper can catch its wakeup three ways:
// spinning on its state word (no system call at all), yielding the CPU
// between looks (sched_yield, one call per look), or sleeping in futexsleep
// (one call to sleep, one futexwakeup for the waker). Which one is cheap
// depends on whether the machine has idle CPUs:
//
//   * Quiet, a yield returns at once and the loop is a slow spin. It caught
//     every wakeup of the round-trip benchmark (2.0 yields and 0.0 futex
//     calls per round) and won it narrowly.
//   * With one CPU-bound process per CPU beside it, a yield hands the CPU to
//     that process for the rest of its time slice (milliseconds). The
//     wakeup then finds the sleeper runnable but not running, and Unpark
//     does not even need to wake it, so nothing brings it back early. A
//     thread asleep in the kernel, by contrast, is woken with a preemption
//     credit and runs at once.
//   * Spinning caught no wakeup in the wake benchmarks (0.00 spin hits per
//     round): a wakeup that needs a system call and a context switch on the
//     waker's side takes longer than any sane spin. The adaptive budget
//     shrinks to one round (10 PAUSEs) after a miss, so the spin costs
//     nothing measurable, and it still catches the short waits of lock
//     handoffs when they occur.
//
// Measured on the 2-core development machine (AMD EPYC VM, other builds
// running), ns per round, median of 3-7 alternating runs with min-max, one
// binary switching variants between runs; "load" is two `while :; do :;
// done` shells beside it:
//
//   variant                          round trip           fan-out/8 (Done)
//   quiet:
//   spin 8..64, 4 yields, sleep (old)  20,264 (14-30k)   26,561 (0.4 us)
//   spin 8..64, sleep                  18,375 (18-23k)   45,973 (35 us)
//   Go lock2: 4x30 PAUSE, 1 yield      33,761 (30-74k)   42,537
//   sleep at once                      15,395 (15-16k)   43,786
//   mutex+condvar / futex floor        11,844 / 8,459    69,632 / 26,108
//   with 2 CPU hogs:
//   spin 8..64, 4 yields, sleep (old)  6,294,673         6,095,724
//   spin 8..64, sleep                    145,491           309,597
//   Go lock2: 4x30 PAUSE, 1 yield      5,462,945         2,073,034
//   sleep at once                        156,051            51,101
//   mutex+condvar / futex floor       37,903 / 12,536  113,188 / 134,856
//
// Every schedule with a yield loses 40x or more under load; the schedules
// without one are within the noise of each other and of the peers. The
// yield-free spin-then-sleep is kept: it costs at most one futex sleep and
// one wake per parked round (1.0-1.1 measured), as the futex floor does.

#include "sema/parker.h"

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "sema/futex.h"
#include "sema/spin.h"

namespace go::runtime {
namespace {

// PAUSEs per spin round: a round is a fraction of a microsecond, so the
// whole budget stays well under the cost of a futex sleep plus wakeup.
constexpr std::uint32_t kSpinCycles = 10;

// How often YieldToOwner gives up the CPU at most.
constexpr int kHandoffYields = 3;

}  // namespace

void Parker::Park() {
  // A wakeup that arrives within a few microseconds is far cheaper to catch
  // here than through the kernel. On one CPU the waker cannot run while we
  // spin, so don't.
  bool woken = false;
  if (ncpu() > 1) {
    for (std::uint32_t i = 0; i < spin_; i++) {
      if (key_.load(std::memory_order_acquire) == kNotified) {
        woken = true;
        break;
      }
      procyield(kSpinCycles);
    }
    spin_ =
        woken ? std::min(kMaxSpin, spin_ * 2) : std::max(kMinSpin, spin_ / 2);
  }

  // Then sleep, without a yield in between (see the top of this file).
  // Announce the sleep first: if Unpark got here before us, the exchange
  // fails (the key is kNotified), the wakeup is ours, and we never sleep.
  std::uint32_t expected = kArmed;
  if (!woken && key_.compare_exchange_strong(expected, kSleeping,
                                             std::memory_order_acquire,
                                             std::memory_order_acquire)) {
    // Unpark saw kSleeping, or will: it sets kNotified and then wakes us.
    // Any other return from futexsleep (signal, a late wake meant for this
    // record's previous owner) is spurious.
    do {
      futexsleep(&key_, kSleeping);
    } while (key_.load(std::memory_order_acquire) != kNotified);
  }
  // Tell YieldToOwner that we run. Relaxed: it only ends a courtesy wait.
  key_.store(kRunning, std::memory_order_relaxed);

  // Pass the wakeup on to our part of a wake tree before anything else, so
  // that the tree's latency is one wakeup per level. The children's
  // parkers live in never-freed records and their owners cannot return
  // before we unpark them, so this touches nothing that may be gone.
  Parker* first = children_[0];
  Parker* second = children_[1];
  children_[0] = nullptr;
  children_[1] = nullptr;
  if (first != nullptr) {
    first->Unpark();
  }
  if (second != nullptr) {
    second->Unpark();
  }
}

void Parker::Unpark() {
  // The exchange both delivers the wakeup and tells us whether the owner is
  // (about to be) asleep. After it, the owner may return and reuse or give
  // up this record; the futex wake below only touches the state word, which
  // lives in a never-freed record (see parker.h).
  if (key_.exchange(kNotified, std::memory_order_acq_rel) == kSleeping) {
    futexwakeup(&key_, 1);
  }
}

void Parker::YieldToOwner() {
  // The owner may already have run, re-armed for another wait (kArmed) and
  // even been woken again (kNotified): then we yield in vain, a bounded
  // number of times. The record is never freed, so the load is safe.
  for (int i = 0;
       i < kHandoffYields && key_.load(std::memory_order_relaxed) == kNotified;
       i++) {
    osyield();
  }
}

}  // namespace go::runtime
