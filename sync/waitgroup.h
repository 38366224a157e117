// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sync/waitgroup.h
// -----------------------------------------------------------------------------
//
// `go::sync::WaitGroup` is Go's `sync.WaitGroup` for threads: a counter of
// outstanding tasks that threads can wait on. `Add` raises or lowers the
// counter, `Done` lowers it by one, and `Wait` blocks until it is zero. Unlike
// `std::latch` and `absl::BlockingCounter`, the count need not be known up
// front (it may grow while it is above zero), any number of threads may wait,
// and the group can be reused once every `Wait` of a round has returned.
//
// The algorithm is Go 1.17's (`src/sync/waitgroup.go`), line by line: the
// counter and the number of waiters share one 64-bit word, so `Add` and `Wait`
// each make one atomic read-modify-write on the fast path, and sleeping
// threads are parked in gosync's port of Go's runtime semaphore table
// (`sema/sema.h`), keyed by the address of a 32-bit word inside the group.
// The whole object is 12 bytes and owns no kernel or heap resource, so an
// idle WaitGroup costs nothing but its bytes.
//
// Go's misuse checks are kept, with Go's messages byte for byte. Misuse that
// Go reports with `panic` throws `go::Panic` (see `sema/panic.h`):
//
//   * "sync: negative WaitGroup counter"
//   * "sync: WaitGroup misuse: Add called concurrently with Wait"
//   * "sync: WaitGroup is reused before previous Wait has returned"
//
// The last two are best effort, as in Go: they catch some racing programs,
// sometimes, and late. One check is C++ only: destroying a WaitGroup while a
// thread is registered as a waiter ends the process with
// `fatal error: sync: WaitGroup destroyed while a Wait is in progress`.
//
// Under ThreadSanitizer the group models its contract as Go's race detector
// does (see `sync/race.h`): Done happens before the Wait it unblocks, and an
// Add that raises the counter from zero *races* with a concurrent Wait, so
// TSan reports the classic bug of calling Add inside the spawned thread.

#ifndef GOSYNC_SYNC_WAITGROUP_H_
#define GOSYNC_SYNC_WAITGROUP_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

#include "absl/base/optimization.h"
#include "sema/panic.h"
#include "sema/sema.h"
#include "sync/race.h"

namespace go::sync {

class WaitGroupTestPeer;

// WaitGroup
//
// Waits for a collection of tasks (usually threads) to finish. The thread
// that starts the tasks calls `Add` with their number (or `Go` for each
// one); each task calls `Done` when it finishes; meanwhile any thread can call
// `Wait` to block until all of them have.
//
// Example:
//
//   go::sync::WaitGroup wg;
//   for (const Url& url : urls) {
//     wg.Go([&fetcher, url] { fetcher.Fetch(url); });
//   }
//   wg.Wait();  // every Fetch has returned, and its effects are visible here
//
// or, with threads you manage yourself:
//
//   wg.Add(static_cast<int>(urls.size()));   // before starting the threads
//   for (...) pool.Schedule([&wg, ...] { ...; wg.Done(); });
//   wg.Wait();
//
// Requirements (the first two are Go's; breaking them is a race that the
// misuse checks and TSan catch only sometimes):
//
//   * Add with a positive delta while the counter is zero must happen before
//     `Wait`. Put `Add` before the statement that starts the task, never
//     inside the task: if `Wait` runs first it sees zero and returns at once.
//     An Add that raises the counter from zero while a Wait is registered
//     panics ("Add called concurrently with Wait") if the race is detected.
//   * To reuse a group for a new round, the new round's first Add must happen
//     after every Wait of the previous round has returned. A Wait that was
//     still leaving when the new round started panics with "reused before
//     previous Wait has returned". A Wait abandoned forever (say a thread
//     stuck waiting) makes the group unusable for new rounds.
//   * The counter must not go negative ("negative WaitGroup counter").
//   * (C++ only; Go's garbage collector makes this automatic.) The group must
//     outlive every call on it: it may be destroyed once every Wait has
//     returned and no Add or Done is still running. In particular a task must
//     not touch the group after its `Done`, and `Done` itself never touches
//     the group once it has made a waiter able to return, so it is fine for
//     the waiter to destroy the group as soon as its Wait returns. Destroying
//     the group while a thread is registered in Wait is detected (one relaxed
//     load in the destructor) and is a fatal error.
//   * Not copyable and not movable: tasks hold its address (Go's `noCopy`).
//
// Guarantees:
//
//   * No lost wakeups: a Wait that registered before the counter reached zero
//     is woken exactly once, even if the release comes before it sleeps.
//   * Waiters are woken with one `SemreleaseN` that never dereferences the
//     group after its atomic add (see `Add`), so the releasing Done never
//     touches a destroyed group. The group may be destroyed once the last of
//     its Waits has returned: a woken waiter still reads the state before it
//     returns.
//   * No allocation, no kernel object; 12 bytes, 4-byte aligned.
//
// Footguns, kept from Go on purpose:
//
//   * `defer wg.Done()` style (a `Done` in a destructor or scope guard) also
//     runs when the task throws, letting `Wait` return and the program go on
//     (or exit 0) before the exception is reported; golang/go#74702 measured
//     this losing the crash about 3% of the time. `Go(f)` does not call Done
//     when `f` panics (golang/go#76126); prefer it.
//   * Misuse detection is probabilistic; a clean run proves nothing. Run the
//     tests under TSan, which reports an Add from zero racing with Wait.
//
// Memory ordering: each `Done` (and each Add with a negative delta)
// synchronizes with the return of every Wait it unblocks and every Wait that
// observes the counter at zero afterwards: what the task did before Done
// happens before what the waiter does after Wait. For `Go(f)`, the return of
// `f` happens before such a Wait returns. The state word is accessed with
// sequentially consistent atomics, as Go's `sync/atomic` is.
class WaitGroup {
 public:
  constexpr WaitGroup() noexcept : state1{0, 0, 0} {}

  // See the C++-only requirement above: fatal if a thread is registered as a
  // waiter.
  ~WaitGroup();

  WaitGroup(const WaitGroup&) = delete;
  WaitGroup& operator=(const WaitGroup&) = delete;
  WaitGroup(WaitGroup&&) = delete;
  WaitGroup& operator=(WaitGroup&&) = delete;

  // WaitGroup::Add()
  //
  // Adds `delta`, which may be negative, to the counter. If the counter
  // becomes zero, every thread blocked in Wait is released. If the counter
  // goes negative, throws `go::Panic("sync: negative WaitGroup counter")`.
  // `Add(0)` changes nothing and releases no one, even while the last Done is
  // releasing the waiters (Go's Add(0) would release them a second time).
  //
  // A positive delta that starts from zero must happen before Wait (see the
  // class requirements); a negative delta, or a positive one while the counter
  // is already above zero, may happen at any time.
  //
  // Memory ordering: a negative delta is a release that the Waits it
  // unblocks acquire; see the class comment.
  void Add(int delta);

  // WaitGroup::Done()
  //
  // Decrements the counter by one: `Add(-1)`.
  void Done() { Add(-1); }

  // WaitGroup::Wait()
  //
  // Blocks until the counter is zero. Returns at once, without a write to the
  // group, if it already is. Throws `go::Panic` ("sync: WaitGroup is reused
  // before previous Wait has returned") if, when it wakes, a new round has
  // already begun.
  //
  // Memory ordering: everything that happened before the Done (or Add)
  // that brought the counter to zero happens before Wait returns.
  void Wait();

  // WaitGroup::Go()
  //
  // Runs `f()` on a new thread and adds that task to the group: Add(1), then
  // the thread runs `f` and calls Done when it returns. (Go 1.25
  // `WaitGroup.Go`, with the fix for golang/go#76126.)
  //
  // The thread is detached. `f` (a decayed copy of the argument) is destroyed
  // on that thread *before* Done, so none of your code runs there after Wait
  // can return; the thread itself may still be exiting when Wait returns.
  //
  // If `f` lets a `go::Panic` escape, Done is *not* called and the process
  // ends the way an unrecovered Go panic does (`panic: <msg>`, the stack,
  // exit status 2); a waiter cannot slip out of Wait and let the program
  // finish as if nothing happened. Any other exception escaping `f` calls
  // `std::terminate`, as for any thread.
  //
  // Like Add, a Go that raises the counter from zero must happen before Wait.
  // If copying or moving `f` throws, or the thread cannot be created, the
  // exception propagates and the counter is left as it was.
  //
  // Memory ordering: the call to Go happens before `f` starts; the return of
  // `f` happens before the return of any Wait it unblocks.
  template <class F>
  void Go(F&& f);

 private:
  friend class WaitGroupTestPeer;

  // Go: `statep *uint64`; here: a uint64_t type with GCC/Clang's `may_alias`
  // attribute; because the 64-bit state lives in two elements of a uint32_t
  // array. Accesses through a may_alias type are exempt from type-based alias
  // analysis (the compilers treat them like accesses through `char`), so the
  // optimizer cannot assume the uint64 and uint32 views are unrelated.
  // std::atomic_ref<uint64_t> is not an option: it requires a live uint64_t
  // object, and there is none here, only uint32_t elements. All accesses go
  // through the `__atomic` builtins, which work on plain memory.
  typedef std::uint64_t __attribute__((__may_alias__)) MayAliasUint64;

  // The builtins compile an 8-byte access at an 8-aligned address to one
  // lock-free instruction (`lock xadd`, `lock cmpxchg`, plain `mov` on
  // x86-64): state() below only ever hands out 8-aligned state pointers, so
  // the word never straddles a cache line and no access is split.
  static_assert(__atomic_always_lock_free(sizeof(std::uint64_t), 0),
                "gosync needs lock-free 8-byte atomics");

  // Go: state() returns the pair `(statep *uint64, semap *uint32)`; here: a
  // struct of the two pointers, unpacked with a structured binding; because
  // a template such as std::pair would drop the may_alias attribute from its
  // argument type.
  struct StatePointers {
    MayAliasUint64* statep;
    std::uint32_t* semap;
  };

  // Go 1.11-1.17 state(): returns the 64-bit state word (counter in the high
  // 32 bits, waiter count in the low 32) and the semaphore word. The struct
  // is only 4-aligned, so which pair of words is 8-aligned depends on where
  // the object lives; the remaining word is the semaphore.
  StatePointers state() noexcept {
    if (reinterpret_cast<std::uintptr_t>(&state1) % 8 == 0) {
      return {reinterpret_cast<MayAliasUint64*>(&state1), &state1[2]};
    } else {
      return {reinterpret_cast<MayAliasUint64*>(&state1[1]), &state1[0]};
    }
  }

  // Go: 64-bit state (counter, waiters) in two 8-aligned words, plus the
  // 4-byte semaphore word in the third; see state(). The only data member.
  std::uint32_t state1[3];
};

// ---------------------------------------------------------------------------
// Implementation. The fast paths are inline; everything that panics, parks or
// wakes is an out-of-line call marked unlikely.
// ---------------------------------------------------------------------------

inline WaitGroup::~WaitGroup() {
  static_assert(sizeof(WaitGroup) == 12 && sizeof(WaitGroup) == sizeof(state1),
                "state1 must be WaitGroup's only data member");
  static_assert(alignof(WaitGroup) == 4 &&
                    alignof(WaitGroup) == alignof(decltype(state1)),
                "WaitGroup is 4-aligned, as Go's [3]uint32");
  MayAliasUint64* statep = state().statep;
  // Go: no destructor, the garbage collector keeps the group alive while a
  // waiter references it; here: a fatal error if a waiter is registered;
  // because that waiter reads the state after it wakes, so destroying the
  // group now is a use-after-free in the making. Relaxed: a diagnostic, not a
  // synchronization.
  if (ABSL_PREDICT_FALSE(static_cast<std::uint32_t>(
                             __atomic_load_n(statep, __ATOMIC_RELAXED)) != 0)) {
    go::runtime::fatal("sync: WaitGroup destroyed while a Wait is in progress");
  }
}

inline void WaitGroup::Add(int delta) {
  auto [statep, semap] = state();
  // Go: `_ = *statep // trigger nil deref early`; here: omitted; because a
  // member call through a null pointer is already undefined in C++.
  race::DeferEnable defer_enable;  // Go's `defer race.Enable()`, see race.h.
  // Go: panic(msg) runs the deferred race.Enable before the program dies;
  // here: a local `panic` that runs it, then throws; because an exception
  // that nobody catches ends the program without unwinding (see race.h).
  auto panic = [&defer_enable](std::string_view msg) {
    defer_enable.Run();
    go::runtime::gopanic(msg);
  };
  if (race::Enabled) {
    if (delta < 0) {
      // Every decrement is a release that the waiters will acquire.
      race::ReleaseMerge(this);
    }
    race::Disable();
  }
  // Sequentially consistent, as Go's atomic.AddUint64. It must be at least
  // acq_rel: release so that a Wait acquiring the new value sees this
  // thread's work; acquire so that the Add that reaches zero carries every
  // earlier Done's work into the SemreleaseN below. The counter lives in the
  // high half, so a negative delta wraps correctly and one RMW returns both
  // the new counter and the waiters in the same snapshot.
  std::uint64_t state = __atomic_add_fetch(
      statep, static_cast<std::uint64_t>(delta) << 32, __ATOMIC_SEQ_CST);
  std::int32_t v = static_cast<std::int32_t>(state >> 32);
  std::uint32_t w = static_cast<std::uint32_t>(state);
  if (race::Enabled && delta > 0 && v == delta) {
    // A raise from zero must happen before Wait. Several threads may raise
    // from zero concurrently (legally, before any Wait), so model it as a
    // read, which only conflicts with the first waiter's write below.
    race::Read(semap);
  }
  if (ABSL_PREDICT_FALSE(v < 0)) {
    panic("sync: negative WaitGroup counter");
  }
  if (ABSL_PREDICT_FALSE(w != 0 && delta > 0 && v == delta)) {
    // Waiters can only register while the counter is positive, so they were
    // registered before it reached zero and are being released right now:
    // this raise from zero is racing that release.
    panic("sync: WaitGroup misuse: Add called concurrently with Wait");
  }
  // Go: an Add(0) that lands between the last Done's add and its store of 0
  // sees (0, w), passes both checks, stores 0 and releases the waiters a
  // second time; here: Add(0) changes nothing and wakes no one; because the
  // extra counts would let a later round's Wait return early, and the second
  // release could run after a waiter returned and destroyed the group. The
  // Done that reached zero still releases them.
  if (ABSL_PREDICT_TRUE(v > 0 || w == 0 || delta == 0)) {
    return;
  }
  // This thread took the counter to zero with w waiters registered. No one
  // else may touch the state now: an Add from zero must not race with Wait,
  // and Wait does not register once it sees zero. Check that cheaply.
  // Relaxed: a misuse check only; the RMW above already ordered this thread.
  if (ABSL_PREDICT_FALSE(__atomic_load_n(statep, __ATOMIC_RELAXED) != state)) {
    panic("sync: WaitGroup misuse: Add called concurrently with Wait");
  }
  // Reset the waiter count to zero (the counter already is).
  // Go: a plain store `*statep = 0`; here: an atomic release store; because
  // a plain store racing with Wait's atomic load would be a C++ data race,
  // and because a Wait that starts now may read this zero on its fast path
  // and return, so the zero must carry every Done's work (relaxed would not;
  // release costs the same plain `mov` on x86-64). It is still a store, not
  // an RMW: an illegal concurrent increment that lands between the check
  // above and this store is wiped out exactly as in Go, which is why the
  // misuse tests accept "negative WaitGroup counter".
  __atomic_store_n(statep, 0, __ATOMIC_RELEASE);
  // Go: `for ; w != 0; w-- { runtime_Semrelease(semap, false, 0) }`; here:
  // one SemreleaseN(semap, w); because the first waiter woken may return from
  // Wait and destroy the group, and the next Semrelease's atomic add would
  // write freed memory. SemreleaseN adds w once and then uses semap only as a
  // table key. This thread must not touch the group after this call.
  go::runtime::SemreleaseN(semap, w);
}

inline void WaitGroup::Wait() {
  auto [statep, semap] = state();
  // Go: `_ = *statep // trigger nil deref early`; here: omitted; because of
  // the same reason as in Add.
  if (race::Enabled) {
    race::Disable();
  }
  for (;;) {
    // Sequentially consistent, as Go's atomic.LoadUint64 (a plain `mov` on
    // x86-64); acquire is what the fast path needs, to see the work of every
    // Done that brought the counter to zero.
    std::uint64_t state = __atomic_load_n(statep, __ATOMIC_SEQ_CST);
    std::int32_t v = static_cast<std::int32_t>(state >> 32);
    std::uint32_t w = static_cast<std::uint32_t>(state);
    if (ABSL_PREDICT_TRUE(v == 0)) {
      // Counter is zero: nothing to wait for.
      if (race::Enabled) {
        race::Enable();
        race::Acquire(this);
      }
      return;
    }
    // Register as a waiter. No wakeup can be lost: the CAS and every Add are
    // read-modify-writes of the same word, so they are totally ordered. If
    // the CAS comes first, the Add that reaches zero sees w > 0 and releases
    // this waiter; if an Add comes first, the CAS fails and we look again.
    // The release may still reach the semaphore before this thread sleeps;
    // the semaphore keeps the count, so Semacquire then returns at once.
    // (No Dekker-style store/load pair on two words is involved, so
    // acquire/release would be enough for correctness; seq_cst keeps Go's
    // memory model for programs ported from Go and costs nothing extra: a
    // `lock cmpxchg` is a full barrier on x86-64 whatever the order.)
    if (__atomic_compare_exchange_n(statep, &state, state + 1, /*weak=*/false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
      if (race::Enabled && w == 0) {
        // The first waiter's write races with the read made by an Add from
        // zero (above) unless that Add happened before this Wait. Only the
        // first waiter writes, or concurrent Waits would race each other.
        race::Write(semap);
      }
      go::runtime::Semacquire(semap);
      // The releaser zeroed the state before waking anyone (and its
      // SemreleaseN happens before our Semacquire returns), so anything
      // else means a new round started while we were still leaving. Relaxed:
      // a misuse check only.
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
  }
}

namespace sync_internal {

// Runs a `Go` task: f, then (unless f panicked) Done.
// Go: `defer func() { if x := recover(); x != nil { panic(x) }; wg.Done() }()`;
// here: catch go::Panic and report it from this thread; because rethrowing
// would only reach std::thread's boundary, which calls std::terminate and
// loses Go's report, and the process's terminate handler is not ours to
// replace. Without exceptions, gopanic reports and aborts by itself.
template <class F>
void RunGoTask(F& f) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    std::invoke(f);
  } catch (const go::Panic& p) {
    go::ReportPanicAndExit(p);
  }
#else
  std::invoke(f);
#endif
}

// The task's Done. It panics ("negative WaitGroup counter") if f called Done
// itself; in Go that panic ends the goroutine and the program, so here too:
// reported like an unrecovered Go panic, exit status 2, even without
// InstallPanicHandler.
inline void GoTaskDone(WaitGroup* wg) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    wg->Done();
  } catch (const go::Panic& p) {
    go::ReportPanicAndExit(p);
  }
#else
  wg->Done();
#endif
}

}  // namespace sync_internal

template <class F>
void WaitGroup::Go(F&& f) {
  static_assert(std::is_invocable_v<std::decay_t<F>&>,
                "WaitGroup::Go needs a callable taking no arguments");
  // Go: Add(1), then build the closure; here: the task (a copy of f) first;
  // because copying or moving f may throw, and an Add made before that throw
  // would never be undone and every later Wait would hang.
  //
  // Go: `go func() { ... }()`; here: a detached std::thread; because there is
  // no goroutine scheduler. The thread ends when the task does.
  //
  // f is held in an optional that the thread empties before Done, so that f
  // and everything it captured are destroyed before Wait can return. Moving
  // f into a local would not do: for a type whose "move" is a copy, the
  // moved-from original left in the thread's storage would be destroyed after
  // Done, running the caller's destructor once Wait may have returned.
  auto task = [this, f = std::optional<std::decay_t<F>>(
                         std::in_place, std::forward<F>(f))]() mutable {
    sync_internal::RunGoTask(*f);
    f.reset();
    // f returned normally: count the task as finished. Nothing below may
    // touch the group.
    sync_internal::GoTaskDone(this);
  };
  Add(1);
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    std::thread(std::move(task)).detach();
  } catch (...) {
    // The thread never started (or moving f into it threw): undo the Add so
    // Wait does not hang.
    Done();
    throw;
  }
#else
  std::thread(std::move(task)).detach();
#endif
}

}  // namespace go::sync

#endif  // GOSYNC_SYNC_WAITGROUP_H_
