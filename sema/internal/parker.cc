// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// How a parked thread waits: spin for as long as recent waits say a spin
// can pay, then sleep in the kernel. Never yield. And how a small group of
// sleepers is woken with one system call.
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
//   2. The budget (0-20 us; 4 at first) is learned from the owner's own
//      waits, spun or not. A wakeup caught spinning after t keeps at least
//      2t+1 us. A wait that ended asleep after t in all sets it to
//      t*1.25+1 us if t <= 20 us (a spin that long would have caught it),
//      and halves it otherwise (0 below 1 us), unless the wakeup came from
//      the CPU this thread parked on: a spin there would have held up the
//      waker, and the budget drops to 0.
//   3. A spinner that finds 50 us missing between two looks at the clock
//      was preempted: the machine is oversubscribed, and it sleeps at once
//      for its next 64 waits.
//
// Variants, one binary each, run in turn by tools:bench (2-core AMD EPYC
// VM; "hogs": two CPU-bound threads in a separate process), ns per op,
// medians of 3 repetitions, one range over 2-5 runs of each:
//
//   A: old, 1-64 rounds of 10 PAUSEs, then sleep
//   B: 1-20 us, learning only after a spin, budget never 0
//   C: rules 1-3 (kept)
//
//   row         load         A                B                C    latch/cv
//   round trip  quiet  22.0-25.9 k      1.5-2.4 k        1.5-2.1 k   1.8-2.5 k
//   round trip  hogs      5-310 k        8-276 k        5.9-6.7 k   2.4-4.0 M
//   Cond1       quiet  11.3-13.7 k     0.3-1.6 k        0.7-0.8 k  11-15 k
//   Cond8       quiet     97-109 k     104-116 k         99-115 k  101-120 k
//   fan-out/8   quiet      87-98 k      93-101 k         92-113 k     20-64 k
//   fan-out/8   hogs     225-402 k     171-472 k        355-367 k   2.6-3.0 M
//
// Beside the hogs every implementation, the raw futex floor included, has
// runs of 5-30 us round trips and runs of about 280 us, so ranges there say
// more than medians; rule 2's same-CPU test is what took the round trip out
// of the slow runs. Fan-out stays behind std::latch when quiet: of its eight
// waiters one may spin and the others sleep, each paying a futex round trip
// that the latch's yielding waiters do not (and that the latch pays back
// 1,000-fold under load). Five variants for fan-out, measured the same way;
// F is kept:
//
//   D: C, and a thread refused a slot yields for up to 50 us first (all
//      threads stop yielding for 10 ms, doubling to 1 s, after a yield
//      that took over 0.5 ms): fan-out/8 quiet 92-96 k, round trip quiet
//      2.5-3.0 k (C: 1.4-1.7 k in the same runs). With nine threads on two
//      CPUs a yield took 5-200 us, and the wake tree advances only when a
//      parent gets the CPU.
//   E: D, and the releaser unparks all eight itself: fan-out/8 106-130 k.
//   F: C, and a group of 2-16 is woken together (UnparkAll): each sleeper
//      waits in futex_waitv on its own word and on its group's, and one
//      futex wake on the group's word wakes all of them. With the tree a
//      fan-out/8 round made 19 futex calls, 8 more than the raw futex
//      floor's single wake for all. In 3 alternating runs each:
//
//   row              load      C             F        floor
//   fan-out/8        quiet  90-107 k      58-73 k    45-111 k
//   fan-out/8        hogs  272-363 k    255-288 k   138-316 k
//   Done's own call  quiet   17-23 k      56-66 k     43-66 k
//   Done's own call  hogs    66-96 k    137-156 k    84-143 k
//
//      The round trip, fan-in and Cond rows did not move. With 16 waiters
//      (3 runs, quiet): fan-out 142-161 k with the tree, 80-103 k grouped
//      (floor 72-92 k); Done's own call 35-44 k and 72-79 k (floor 66-70 k).
//      The releaser's call pays for the group's wakeups (the kernel makes
//      them inside it), hence at most 16; larger groups go through the
//      tree. Cond's Broadcast keeps the tree: its waiters all go for one
//      Mutex next, and woken together they made Cond8 104 k -> 132-145 k.
//   G: F, and a thread about to sleep on a group yields first, guarded
//      as D is, for up to 50 us: in tools:bench, 4 alternating quiet
//      runs, fan-out/8 95-103 k against F's 62-81 k, round trip
//      2.7-3.1 k against 1.6-1.8 k.
//   H: at most 4 yields instead, as libstdc++'s atomic waits do, and a
//      wakeup caught by yields that kept the CPU (each under 5 us)
//      teaches the spin budget as a sleep would (without that, the round
//      trip was 1.5-2.2 k). Run alone in a process, 4 alternating quiet
//      runs: fan-out/8 26-39 k against F's 60-64 k (latch 16-44 k),
//      round trip 1.5-1.8 k against 1.3-1.6 k. Within tools:bench, 3
//      alternating runs: fan-out/8 quiet 42-72 k against 55-68 k; beside
//      the hogs, fan-in/8 took 0.9-3.9 ms per round in four runs of six
//      (F: 189-299 k), and still 1.2 and 3.6 ms in two runs of three
//      with the guard at 50 us, which lets a thread through at most one
//      slow yield per ban: the time goes elsewhere, most likely to
//      wakeups that find their thread runnable behind a hog, not asleep.
//
// What F leaves to the sleepers' cost. Over 24 quiet tools:bench runs,
// fan-out/8 was 1.61x std::latch (median; 0.95-3.69x) and 1.20x the raw
// futex floor, whose eight waiters sleep in one futex wait each, and the
// floor itself was 1.28x the latch (0.79-3.06x): a design whose waiters
// sleep cannot hold 1.5x of the latch here in every run. Two suspects for
// F's extra cost were cleared, in 12-15 alternating runs each: with the
// WaitGroup benchmarks alone in a process, turning the spin off gave 1.07x
// the floor against 1.12x with it (medians; 0.75-1.32 and 0.81-1.65), and
// eight bare sleepers woken by one futex wake took 61 k per round with
// futex_wait on one word and 62 k with futex_waitv on two.

#include "sema/internal/parker.h"

#if defined(__linux__)
#include <sched.h>
#endif

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
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

// The group words of Park(group) and UnparkAll, hashed from the group's
// address as the table's roots are. Never freed, so that UnparkAll's wakeup
// after its last mark touches live memory.
struct alignas(64) GroupWord {
  std::atomic<std::uint32_t> word{0};
};
constexpr std::size_t kGroupWords = 251;
GroupWord group_words[kGroupWords];

std::atomic<std::uint32_t>* WordOf(const void* group) {
  return &group_words[(reinterpret_cast<std::uintptr_t>(group) >> 3) %
                      kGroupWords]
              .word;
}

// The CPU the calling thread runs on, or -1. Keeps the caller's errno,
// which sched_getcpu sets where it fails (no getcpu system call).
int CurrentCpu() {
#if defined(__linux__)
  const int saved_errno = errno;
  const int cpu = sched_getcpu();
  errno = saved_errno;
  return cpu;
#else
  return -1;
#endif
}

}  // namespace

void Parker::ResetSpinningInChild() {
  nspinning.store(0, std::memory_order_relaxed);
}

void Parker::Park(const void* group) {
  // On one CPU the waker cannot run while we spin: don't spin, and don't
  // learn what nothing will use.
  const bool multi = ncpu() > 1;
  const std::int64_t start = multi ? nanotime() : 0;
  const int cpu = multi ? CurrentCpu() : -1;
  bool woken = false;
  if (nospin_ > 0) {
    nospin_--;
  } else if (multi && spin_ns_ > 0) {
    // Rule 1: take a spinning slot, waiting a little for one to free up.
    bool slot = false;
    for (;;) {
      int n = nspinning.load(std::memory_order_relaxed);
      if (n < ncpu() - 1 && nspinning.compare_exchange_weak(
                                n, n + 1, std::memory_order_relaxed)) {
        slot = true;
        break;
      }
      if (key_.load(std::memory_order_acquire) == kNotified) {
        woken = true;
        break;
      }
      if (nanotime() - start > kSlotWaitNs) {
        break;
      }
      procyield(kSpinCycles);
    }
    if (slot) {
      woken = Spin(start);
      nspinning.fetch_sub(1, std::memory_order_relaxed);
    }
  }

  // Then sleep, without a yield in between (see the top of this file).
  // With a group, sleep on the group's word as well, read before the key
  // is checked: UnparkAll marks every key before it moves the word, so
  // either we see our mark, or the word has moved past `seen` (the kernel
  // returns at once), or we are asleep on it before UnparkAll wakes it.
  // Acquire: the key's check must come after the word's load, and then
  // sees the mark made before the word's release. A wakeup already caught
  // needs neither (the spin's hot path).
  std::atomic<std::uint32_t>* const word =
      group != nullptr && !woken && CanUnparkAll() ? WordOf(group) : nullptr;
  std::uint32_t seen =
      word != nullptr ? word->load(std::memory_order_acquire) : 0;
  // Announce the sleep first: if Unpark got here before us, the exchange
  // fails (the key is kNotified), the wakeup is ours, and we never sleep.
  std::uint32_t expected = kArmed;
  if (!woken && key_.compare_exchange_strong(expected, kSleeping,
                                             std::memory_order_acquire,
                                             std::memory_order_acquire)) {
    // Unpark saw kSleeping, or will: it sets kNotified and then wakes us.
    // Any other return from futexsleep (signal, a late wake meant for this
    // record's previous owner, another group's UnparkAll on our word) is
    // spurious.
    do {
      if (word != nullptr) {
        futexsleep2(&key_, kSleeping, word, seen);
        seen = word->load(std::memory_order_acquire);
      } else {
        futexsleep(&key_, kSleeping);
      }
    } while (key_.load(std::memory_order_acquire) != kNotified);
    if (multi && nospin_ == 0) {
      LearnFromSleep(start, cpu);
    }
  }
  // Tell YieldToOwner that we run. Relaxed: it only ends a courtesy wait.
  key_.store(kRunning, std::memory_order_relaxed);

  // Pass the wakeup on to our part of a wake tree before anything else but
  // the clock read above, so that the tree's latency is one wakeup per level.
  // The children's parkers live in never-freed records and their owners cannot
  // return before we unpark them, so this touches nothing that may be gone.
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
      spin_ns_ = 0;
      return false;
    }
    prev = now;
    if (now - start > spin_ns_) {
      return false;
    }
  }
}

void Parker::LearnFromSleep(std::int64_t start, int cpu) {
  // Rule 2. The wait's length includes our own wakeup latency, so it
  // overestimates the spin that would have caught it: that errs towards
  // catching the next one.
  std::int64_t t = nanotime() - start;
  if (cpu >= 0 && waker_cpu_ == cpu) {
    spin_ns_ = 0;  // a spin here would have held up the waker
  } else if (t <= kMaxSpinNs) {
    spin_ns_ = std::min(kMaxSpinNs, t + t / 4 + kMinSpinNs);
  } else {
    spin_ns_ = spin_ns_ / 2 < kMinSpinNs ? 0 : spin_ns_ / 2;
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

bool Parker::CanUnparkAll() { return futexsleep2Available(); }

void Parker::UnparkAll(Parker* const* ps, int n, const void* group) {
  std::atomic<std::uint32_t>* const word = WordOf(group);
  const int cpu = CurrentCpu();
  bool asleep = false;
  for (int i = 0; i < n; i++) {
    ps[i]->waker_cpu_ = cpu;  // as in Unpark
    asleep |=
        ps[i]->key_.exchange(kNotified, std::memory_order_acq_rel) == kSleeping;
  }
  // Only now move the word (see Park): a sleeper that reads the new value
  // will also see its mark. Its owners may return from here on; the word and
  // the parkers are never freed.
  if (asleep) {
    word->fetch_add(1, std::memory_order_release);
    futexwakeup(word, INT32_MAX);
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
