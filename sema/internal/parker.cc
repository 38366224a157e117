// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// How a parked thread waits: spin for as long as recent waits say a spin
// can pay, then sleep in the kernel. Never yield.
//
// The argument. A sleeper can catch its wakeup by spinning on its state
// word (no system call), by yielding between looks, or by sleeping (a
// futexsleep, and a futexwakeup for the waker). On this 2-CPU VM a thread
// asleep on an idle CPU needs about 10 us to run again after its wakeup,
// so a ping-pong of two sleeping threads costs about 20 us per round trip,
// while two spinning threads pass the turn in about 1 us. But:
//
//   * A yield loses a whole time slice to any CPU-bound neighbour: the
//     wakeup then finds the thread runnable but not running, and nothing
//     can hurry it (milliseconds per wait; std::latch, which yields, shows
//     2-4 ms round trips beside two CPU hogs). So: no yields.
//   * A spin helps only if the waker runs on another CPU meanwhile. A
//     spinner that shares its CPU with the very thread that will wake it
//     delays that thread by the whole spin. On a busy machine the kernel
//     often puts the woken partner on the spinner's CPU.
//   * Spinning threads beyond the CPUs that can run their wakers only take
//     CPU from them.
//
// Hence the rules, each measured below:
//
//   1. At most ncpu-1 threads spin at once (Go's canSpin asks the same of
//      its Ps); the others sleep at once. A thread waits up to 1 us for a
//      spinning slot, so that a ping-pong pair hands its slot over.
//   2. The budget (1-20 us, 4 at first) is learned from the owner's own
//      waits. A wakeup caught spinning after t keeps at least 2t+1 us. A
//      spin that failed and then slept for t in all grows the budget to
//      t*1.25+1 us if t <= 20 us (a longer spin would have caught it) and
//      halves it otherwise, unless the wakeup came from the CPU this thread
//      spun on: then the spin was what delayed it, and the budget drops to
//      the minimum.
//   3. A spinner that finds 50 us missing between two looks at the clock
//      was preempted: the machine is oversubscribed, and it sleeps at once
//      for its next 64 waits.
//
// Variants, one binary switching between them run by run, tools:bench
// (2-core AMD EPYC VM; "hogs": two CPU-bound threads in a separate
// process), ns per op, medians of 3 repetitions, two to five runs each:
//
//   row          load  old: 1-64 x 10 PAUSE,   new (rules 1-3)  std::latch
//                       then sleep
//   round trip   quiet  22,000-25,900           2,000-2,400      2,000-2,500
//   Cond1        quiet  11,300-13,700             320-1,600     11,300-14,500
//   Cond8        quiet  97,000-109,000         104,000-116,000  102,000-122,000
//   fan-out/8    quiet  87,000-98,000           93,000-98,000    38,000-56,000
//
// Beside the hogs, every implementation (the raw futex floor included)
// alternates between round trips of 5-30 us and of about 270 us from run
// to run, so single runs decide nothing there. Over five runs each the
// round trip's ratio to the floor in the same run had a median of 1.2 (old)
// and 0.5 (new); a 20 us budget without rule 2's same-CPU test had 3.3, and
// one that grew only on success had 1.6 and 2.0. Fan-out stays behind
// std::latch when quiet: its eight waiters sleep (one spins), and each pays
// a futex round trip that the latch's yielding waiters do not.

#include "sema/internal/parker.h"

#if defined(__linux__)
#include <sched.h>
#endif

#include <algorithm>
#include <atomic>
#include <cstdint>

#include "sema/internal/futex.h"
#include "sema/internal/spin.h"
#include "sema/sema.h"

namespace go::runtime {
namespace {

// PAUSEs between two looks at the state word and the clock: about 80 ns.
constexpr std::uint32_t kSpinCycles = 4;

// The learned budget's range (rule 2), in ns.
constexpr std::int64_t kMinSpinNs = 1000;
constexpr std::int64_t kMaxSpinNs = 20000;

// How long a thread waits for a spinning slot (rule 1), in ns.
constexpr std::int64_t kSlotWaitNs = 1000;

// A gap between two looks that means we were preempted, and how many waits
// then sleep at once (rule 3).
constexpr std::int64_t kPreemptedNs = 50000;
constexpr std::uint32_t kNoSpinAfterPreemption = 64;

// How often YieldToOwner gives up the CPU at most.
constexpr int kHandoffYields = 3;

// Threads in Parker::Spin, all parkers of the process (rule 1).
std::atomic<int> nspinning{0};

// The CPU the calling thread runs on, or -1.
int CurrentCpu() {
#if defined(__linux__)
  return sched_getcpu();
#else
  return -1;
#endif
}

}  // namespace

void Parker::ResetSpinningInChild() {
  nspinning.store(0, std::memory_order_relaxed);
}

void Parker::Park() {
  // On one CPU the waker cannot run while we spin, so don't.
  bool woken = false;
  bool spun = false;
  std::int64_t start = 0;
  int spin_cpu = -1;
  if (nospin_ > 0) {
    nospin_--;
  } else if (ncpu() > 1) {
    // Rule 1: take a spinning slot, waiting a little for one to free up.
    std::int64_t slot_wait_start = 0;
    for (;;) {
      int n = nspinning.load(std::memory_order_relaxed);
      if (n < ncpu() - 1 && nspinning.compare_exchange_weak(
                                n, n + 1, std::memory_order_relaxed)) {
        spun = true;
        break;
      }
      if (key_.load(std::memory_order_acquire) == kNotified) {
        woken = true;
        break;
      }
      std::int64_t now = nanotime();
      if (slot_wait_start == 0) {
        slot_wait_start = now;
      } else if (now - slot_wait_start > kSlotWaitNs) {
        break;
      }
      procyield(kSpinCycles);
    }
    if (spun) {
      spin_cpu = CurrentCpu();
      start = nanotime();
      woken = Spin(start);
      nspinning.fetch_sub(1, std::memory_order_relaxed);
      spun = !woken && nospin_ == 0;  // a spin to learn from after a sleep
    }
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
    if (spun) {
      LearnFromSleep(start, spin_cpu);
    }
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

bool Parker::Spin(std::int64_t start) {
  std::int64_t prev = start;
  for (;;) {
    if (key_.load(std::memory_order_acquire) == kNotified) {
      // Rule 2: a budget of twice this wait, plus a margin, catches the
      // next one like it.
      spin_ns_ =
          std::min(kMaxSpinNs,
                   std::max(spin_ns_, 2 * (nanotime() - start) + kMinSpinNs));
      return true;
    }
    procyield(kSpinCycles);
    std::int64_t now = nanotime();
    if (now - prev > kPreemptedNs) {
      // Rule 3: we lost the CPU while spinning.
      nospin_ = kNoSpinAfterPreemption;
      spin_ns_ = kMinSpinNs;
      return false;
    }
    prev = now;
    if (now - start > spin_ns_) {
      return false;
    }
  }
}

void Parker::LearnFromSleep(std::int64_t start, int spin_cpu) {
  // Rule 2. The wait's length includes our own wakeup latency, so it
  // overestimates the spin that would have caught it: that errs towards
  // catching the next one.
  std::int64_t t = nanotime() - start;
  if (spin_cpu >= 0 && waker_cpu_ == spin_cpu) {
    spin_ns_ = kMinSpinNs;  // our spin held up the waker
  } else if (t <= kMaxSpinNs) {
    spin_ns_ = std::min(kMaxSpinNs, t + t / 4 + kMinSpinNs);
  } else {
    spin_ns_ = std::max(kMinSpinNs, spin_ns_ / 2);
  }
}

void Parker::Unpark() {
  // The exchange both delivers the wakeup and tells us whether the owner is
  // (about to be) asleep. After it, the owner may return and reuse or give
  // up this record; the futex wake below only touches the state word, which
  // lives in a never-freed record (see parker.h).
  // For the owner's learning (see LearnFromSleep); ordered before its read
  // by the exchange.
  waker_cpu_ = CurrentCpu();
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
