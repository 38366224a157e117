// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// WaitGroup's slow paths: releasing the waiters, sleeping in Wait, the
// panics, and Go's task runner. The fast paths are inline in waitgroup.h.

#include "sync/waitgroup.h"

#include <cstdint>
#include <string_view>

#include "absl/base/optimization.h"
#include "sema/panic.h"
#include "sema/sema.h"
#include "sync/race.h"

namespace go::sync {

// Go: panic(msg) runs the deferred race.Enable before the program dies;
// here: run it, then throw; because an exception that nobody catches ends
// the program without unwinding (see race.h).
void WaitGroup::panic(race::DeferEnable& defer_enable, std::string_view msg) {
  defer_enable.Run();
  go::runtime::gopanic(msg);
}

// The Add that took the counter to zero with w waiters registered.
void WaitGroup::releaseWaiters(std::uint64_t state,
                               race::DeferEnable& defer_enable) {
  auto [statep, semap] = this->state();
  const std::uint32_t w = static_cast<std::uint32_t>(state);
  // Nobody else may touch the state now: an Add from zero must not race with
  // Wait, and Wait does not register once it sees zero. Check that cheaply.
  // Relaxed: a misuse check; the RMW in Add already ordered this thread.
  if (ABSL_PREDICT_FALSE(__atomic_load_n(statep, __ATOMIC_RELAXED) != state)) {
    panic(defer_enable,
          "sync: WaitGroup misuse: Add called concurrently with Wait");
  }
  // Go: a plain store `*statep = 0`; here: an atomic release store; because a
  // plain store racing with Wait's load is a C++ data race, and a Wait that
  // reads this zero on its fast path must see every Done's work. Still a
  // store, not an RMW: an illegal increment landing between the check and
  // here is wiped out as in Go (so misuse tests also accept "negative").
  __atomic_store_n(statep, 0, __ATOMIC_RELEASE);
  // Go: `for ; w != 0; w-- { runtime_Semrelease(semap, false, 0) }`; here:
  // one SemreleaseN(semap, w); because it adds w at once and wakes the w
  // waiters under one hold of the root lock, with one system call for a
  // small group (sema/internal/parker.h), where the loop pays w of each.
  // After its add, semap is only a key: nothing after this touches the
  // group.
  go::runtime::SemreleaseN(semap, w);
}

// Wait, after its fast path found the counter above zero.
void WaitGroup::waitSlow(std::uint64_t state) {
  auto [statep, semap] = this->state();
  for (;;) {
    std::int32_t v = static_cast<std::int32_t>(state >> 32);
    std::uint32_t w = static_cast<std::uint32_t>(state);
    if (v == 0) {
      if (race::Enabled) {
        race::Enable();
        race::Acquire(this);
      }
      return;
    }
    // Register as a waiter. The CAS and every Add are RMWs of one word, so
    // they are totally ordered: if the CAS comes first, the Add reaching
    // zero sees w > 0 and releases us; otherwise the CAS fails and we look
    // again. A release that reaches the semaphore before we sleep is kept by
    // it. (No Dekker pair here, so acq_rel would do; seq_cst is Go's, and a
    // `lock cmpxchg` costs the same.)
    if (__atomic_compare_exchange_n(statep, &state, state + 1, /*weak=*/false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
      if (race::Enabled && w == 0) {
        // Races with the read in an Add from zero (see Add). Only the first
        // waiter writes, or concurrent Waits would race each other.
        race::Write(semap);
      }
      go::runtime::Semacquire(semap);
      // The releaser zeroed the state before waking anyone, so anything else
      // means a new round began before we left. Relaxed: a misuse check.
      if (ABSL_PREDICT_FALSE(__atomic_load_n(statep, __ATOMIC_RELAXED) != 0)) {
        // Go: (1.17) panics with race handling still disabled; here: enable
        // it first, as Go 1.26 does; because the exception unwinds into code
        // that TSan must keep checking.
        if (race::Enabled) {
          race::Enable();
        }
        go::runtime::gopanic(
            "sync: WaitGroup is reused before previous Wait has returned");
      }
      if (race::Enabled) {
        race::Enable();
        race::Acquire(this);
      }
      return;
    }
    // The failed CAS loaded the current state into `state` (seq_cst).
  }
}

// Go: `defer func() { if x := recover(); x != nil { panic(x) }; wg.Done() }()`;
// here: catch go::Panic, from f or from the task's own Done (f called Done
// itself), and report it from this thread; because rethrowing would reach
// std::thread's boundary, which calls std::terminate and loses Go's report,
// and the process's terminate handler is not ours to replace. Without
// exceptions, gopanic reports and aborts by itself.
void WaitGroup::runGoTask(WaitGroup* wg, void (*run)(void*), void* f) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    run(f);  // calls f, then destroys it
  } catch (const go::Panic& p) {
    go::ReportPanicAndExit(p);
  }
  try {
    wg->Done();  // nothing after this may touch the group
  } catch (const go::Panic& p) {
    go::ReportPanicAndExit(p);
  }
#else
  run(f);
  wg->Done();
#endif
}

}  // namespace go::sync
