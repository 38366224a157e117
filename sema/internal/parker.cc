// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

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

// osyield rounds after spinning, before sleeping.
constexpr int kYieldRounds = 4;

}  // namespace

void Parker::Park() {
  // A wakeup that arrives within a few microseconds is far cheaper to catch
  // here than through the kernel. On one CPU the waker cannot run while we
  // spin, so don't.
  if (ncpu() > 1) {
    for (std::uint32_t i = 0; i < spin_; i++) {
      if (key_.load(std::memory_order_acquire) == kNotified) {
        spin_ = std::min(kMaxSpin, spin_ * 2);
        return;
      }
      procyield(kSpinCycles);
    }
    spin_ = std::max(kMinSpin, spin_ / 2);
  }

  // Then give up the CPU a few times before paying for a kernel sleep. When
  // runnable threads outnumber CPUs, the thread that will wake us may be
  // waiting for ours; a yield lets it run and usually brings the wakeup
  // back before we would have fallen asleep. (Go's lock2 has the same step,
  // passive_spin rounds of osyield; libstdc++'s atomic wait does likewise.)
  for (int i = 0; i < kYieldRounds; i++) {
    if (key_.load(std::memory_order_acquire) == kNotified) {
      return;
    }
    osyield();
  }

  // Announce that we are going to sleep. If Unpark got here first the
  // exchange fails, the wakeup is already ours, and we never sleep.
  std::uint32_t expected = kArmed;
  if (!key_.compare_exchange_strong(expected, kSleeping,
                                    std::memory_order_acquire,
                                    std::memory_order_acquire)) {
    return;  // expected == kNotified
  }
  // Unpark saw kSleeping, or will: it sets kNotified and then wakes us. Any
  // other return from futexsleep (signal, a late wake meant for this
  // record's previous owner) is spurious.
  do {
    futexsleep(&key_, kSleeping);
  } while (key_.load(std::memory_order_acquire) != kNotified);
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

}  // namespace go::runtime
