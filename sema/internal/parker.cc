// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// How a parked thread waits: spin briefly, then sleep in the kernel. Never
// yield.
//
// The argument, in counts. A sleeper can catch its wakeup three ways:
// spinning on its state word (no system call), yielding the CPU between
// looks (one sched_yield per look), or sleeping (one futexsleep, and one
// futexwakeup for the waker). Which is cheap depends on idle CPUs:
//
//   * Quiet, a yield returns at once and the loop is a slow spin. The old
//     schedule (spin, 4 yields, sleep) caught every wakeup of the round
//     trip and fan-out benchmarks that way: 2.0 yields and 0.0 futex calls
//     per round trip, 8.0 and 0.0 per fan-out/8 round.
//   * With one CPU-bound process per CPU beside it, the same yield gives the
//     CPU to that process for the rest of its time slice. The wakeup then
//     finds the sleeper runnable but not running, so Unpark need not (and
//     cannot) hurry it. A thread asleep in the kernel is woken with a
//     preemption credit and runs at once. Same counts, 1,000x the time.
//   * Spinning caught no wakeup in any wake benchmark (0.00 spin hits per
//     round): a wakeup that costs the waker a system call and a context
//     switch takes longer than any sane spin. The adaptive budget falls to
//     one round (10 PAUSEs) after a miss, so it costs nothing measurable,
//     and still catches the short waits it was meant for.
//
// Variants, one binary switching between them run by run (2-core AMD EPYC
// VM, load average 10-20 from other builds; "hogs" adds two `while :; do :;
// done` shells), ns per round, medians of 3-7 runs:
//
//   schedule                            round trip      fan-out/8   futex
//                                     quiet     hogs   quiet   hogs  /round
//   spin 8..64, 4 yields, sleep (old) 20,264 6,294,673 26,561 6,095,724  0.0
//   Go lock2: 4x30 PAUSE, 1 yield     33,761 5,462,945 42,537 2,073,034  0.0
//   4x30 PAUSE, sleep                 13,930    26,226 60,687   107,351  1.5
//   spin 8..64 adaptive, sleep (new)  18,375   145,491 45,973   309,597  1.1
//   sleep at once                     15,395   156,051 43,786    51,101  1.1
//   mutex+condvar                     11,844    37,903 69,632   113,188
//   futex floor                        8,459    12,536 26,108   134,856
//
// Every schedule with a yield loses 40x or more under load; those without
// are within the noise of each other and of the peers. Adaptive spin then
// sleep is kept. What it cost and bought, tools:bench before and after this
// change (with SemreleaseN's wake tree, sema.cc), us per op, median of 3
// alternating runs (min-max):
//
//   row            load   before                 after          mutex+cv
//   round trip     quiet       21.9 (18-23)      20.1 (15-22)   32-57
//   round trip     hogs    16,898 (11,550-24,281) 17.9 (16-24)   34-59
//   fan-out/8      quiet       65.3 (54-110)    135 (68-221)    125-145
//   fan-out/8      hogs     7,064 (5,185-19,107) 174 (84-1,044) 246-407
//   fan-in/8       hogs       107 (83-1,115)     65 (51-90)     53-71
//   thread start   hogs    15,248 (12,812-21,173) 165 (53-479)  179-226
//
// Quiet fan-out is the price: eight yielding waiters never slept (like
// std::latch, 26 us quiet and 2.6-7.8 ms under load); sleeping waiters cost
// a wakeup each, as the futex floor's do (one shared futex there, 25-71 us).

#include "sema/internal/parker.h"

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "sema/internal/futex.h"
#include "sema/internal/spin.h"

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
