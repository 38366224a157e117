// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sync/waitgroup.h
// -----------------------------------------------------------------------------
//
// `go::sync::WaitGroup` is Go's `sync.WaitGroup` for threads: a counter of
// outstanding tasks that threads can wait on. Unlike `std::latch` and
// `absl::BlockingCounter`, the count need not be known up front, any number
// of threads may wait, and the group can be reused.
//
// The algorithm is Go 1.17's (`src/sync/waitgroup.go`): the counter and the
// number of waiters share one 64-bit word, and waiters sleep in gosync's port
// of Go's semaphore table (`sema/sema.h`). 12 bytes; no heap or kernel
// object. Misuse gets Go's answer: `go::Panic` with Go's message (see
// `sema/panic.h`). History and footguns: README.md, "WaitGroup in C++".

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
// Waits for a collection of tasks to finish. The thread that starts the
// tasks calls `Add` with their number (or `Go` for each one); each task calls
// `Done` when it finishes; any thread may call `Wait` to block until all have.
//
// Example:
//
//   go::sync::WaitGroup wg;
//   for (const Url& url : urls) {
//     wg.Go([&fetcher, url] { fetcher.Fetch(url); });
//   }
//   wg.Wait();  // every Fetch has returned, and its effects are visible
//
// Requirements:
//
//   * An Add with a positive delta while the counter is zero must happen
//     before `Wait`: call it before starting the task, never inside it.
//   * A new round's first Add must happen after every Wait of the previous
//     round has returned.
//   * The counter must not go negative.
//   * (C++ only.) The group must outlive every call on it. It may be
//     destroyed as soon as the last Wait returns, even while the Done that
//     released it is still running: after its atomic add, Done touches
//     nothing of the group. Destroying it while a thread is registered in
//     Wait is a fatal error ("sync: WaitGroup destroyed while a Wait is in
//     progress").
//
// Breaking the first two is a race that is detected only sometimes, as in Go:
// "sync: WaitGroup misuse: Add called concurrently with Wait", "sync:
// WaitGroup is reused before previous Wait has returned". Under TSan the group
// reports an Add from zero racing with Wait (see `sync/race.h`). The third
// always panics: "sync: negative WaitGroup counter".
//
// Guarantees: no lost wakeups (a Wait registered before the counter reached
// zero is released exactly once, even if the release comes before it
// sleeps); Add, Done and Wait never allocate; a caller's errno survives every
// call.
//
// Memory ordering: each Done (and each negative Add) happens before the
// return of every Wait that it unblocks or that later observes the counter at
// zero. All state accesses are sequentially consistent, as Go's.
class WaitGroup {
 public:
  constexpr WaitGroup() noexcept : state1{0, 0, 0} {}

  // Fatal if a thread is registered in Wait (see the requirements).
  ~WaitGroup();

  WaitGroup(const WaitGroup&) = delete;
  WaitGroup& operator=(const WaitGroup&) = delete;
  WaitGroup(WaitGroup&&) = delete;
  WaitGroup& operator=(WaitGroup&&) = delete;

  // WaitGroup::Add()
  //
  // Adds `delta`, which may be negative, to the counter. If the counter
  // becomes zero, releases every thread blocked in Wait. Throws go::Panic
  // ("sync: negative WaitGroup counter") if it goes negative. `Add(0)`
  // changes nothing and releases no one.
  void Add(int delta);

  // WaitGroup::Done()
  //
  // `Add(-1)`.
  void Done() { Add(-1); }

  // WaitGroup::Wait()
  //
  // Blocks until the counter is zero; returns at once, without writing to
  // the group, if it is. Throws go::Panic ("sync: WaitGroup is reused before
  // previous Wait has returned") if a new round began before it woke.
  void Wait();

  // WaitGroup::Go()
  //
  // Go 1.25's `WaitGroup.Go` (with golang/go#76126): Add(1), then runs `f()`
  // on a new, detached thread, which destroys its copy of `f` and then calls
  // Done. If copying `f` or creating the thread throws, the exception
  // propagates and the counter is unchanged. If `f` lets a go::Panic escape,
  // or calls Done itself so that the task's Done panics, the process ends as
  // an unrecovered Go panic does (`panic: <msg>`, exit status 2) and Done is
  // not called. Other exceptions escaping `f` call std::terminate.
  //
  // Memory ordering: the call to Go happens before `f` starts; `f`'s return
  // and destruction happen before the return of any Wait the task unblocks.
  template <class F>
  void Go(F&& f);

 private:
  friend class WaitGroupTestPeer;

  // Go: `statep *uint64`; here: a may_alias uint64_t, accessed only through
  // the `__atomic` builtins; because the state lives in two uint32_t
  // elements, and std::atomic_ref<uint64_t> needs a live uint64_t object.
  typedef std::uint64_t __attribute__((__may_alias__)) MayAliasUint64;

  // state() hands out only 8-aligned state pointers: one lock-free access.
  static_assert(__atomic_always_lock_free(sizeof(std::uint64_t), 0),
                "gosync needs lock-free 8-byte atomics");

  // Go: state() returns `(statep *uint64, semap *uint32)`; here: a struct;
  // because std::pair would drop the may_alias attribute.
  struct StatePointers {
    MayAliasUint64* statep;
    std::uint32_t* semap;
  };

  // Go 1.11-1.17 state(): the 8-aligned pair of words is the state (counter
  // high, waiters low), the remaining word the semaphore.
  StatePointers state() noexcept {
    if (reinterpret_cast<std::uintptr_t>(&state1) % 8 == 0) {
      return {reinterpret_cast<MayAliasUint64*>(&state1), &state1[2]};
    } else {
      return {reinterpret_cast<MayAliasUint64*>(&state1[1]), &state1[0]};
    }
  }

  // Slow paths (sync/waitgroup.cc).
  [[noreturn]] GOSYNC_PANIC_COLD static void panic(
      race::DeferEnable& defer_enable, std::string_view msg);
  void releaseWaiters(std::uint64_t state, race::DeferEnable& defer_enable);
  void waitSlow(std::uint64_t state);
  static void runGoTask(WaitGroup* wg, void (*run)(void*), void* f);

  // Go: `state1 [3]uint32`. The only data member.
  std::uint32_t state1[3];
};

// ---------------------------------------------------------------------------
// Implementation: the fast paths.
// ---------------------------------------------------------------------------

inline WaitGroup::~WaitGroup() {
  static_assert(sizeof(WaitGroup) == 12 && sizeof(WaitGroup) == sizeof(state1),
                "state1 must be WaitGroup's only data member");
  static_assert(alignof(WaitGroup) == 4 &&
                    alignof(WaitGroup) == alignof(decltype(state1)),
                "WaitGroup is 4-aligned, as Go's [3]uint32");
  // Go: no destructor, the GC keeps the group alive while a waiter uses it;
  // here: fatal if a waiter is registered; because it reads the state after
  // it wakes. Relaxed: a diagnostic, not a synchronization.
  if (ABSL_PREDICT_FALSE(static_cast<std::uint32_t>(__atomic_load_n(
                             state().statep, __ATOMIC_RELAXED)) != 0)) {
    go::runtime::fatal("sync: WaitGroup destroyed while a Wait is in progress");
  }
}

inline void WaitGroup::Add(int delta) {
  auto [statep, semap] = state();
  // Go: `_ = *statep // trigger nil deref early`; here: omitted; because a
  // member call through a null pointer is already undefined.
  race::DeferEnable defer_enable;  // Go's `defer race.Enable()`
  if (race::Enabled) {
    if (delta < 0) {
      race::ReleaseMerge(this);  // every decrement is a release
    }
    race::Disable();
  }
  // At least acq_rel: release so a Wait that reads the result sees this
  // thread's work, acquire so the Add that reaches zero passes every Done's
  // work on to the waiters. One RMW gives counter and waiters together.
  std::uint64_t state = __atomic_add_fetch(
      statep, static_cast<std::uint64_t>(delta) << 32, __ATOMIC_SEQ_CST);
  std::int32_t v = static_cast<std::int32_t>(state >> 32);
  std::uint32_t w = static_cast<std::uint32_t>(state);
  if (race::Enabled && delta > 0 && v == delta) {
    // A raise from zero must happen before Wait; raises may race each other,
    // so it is a read, which conflicts only with the first waiter's write.
    race::Read(semap);
  }
  if (ABSL_PREDICT_FALSE(v < 0)) {
    panic(defer_enable, "sync: negative WaitGroup counter");
  }
  if (ABSL_PREDICT_FALSE(w != 0 && delta > 0 && v == delta)) {
    // Waiters register only while the counter is positive, so this raise
    // from zero races with their release.
    panic(defer_enable,
          "sync: WaitGroup misuse: Add called concurrently with Wait");
  }
  // Go: an Add(0) between the last Done's add and its store of 0 sees
  // (0, w) and releases the waiters a second time; here: Add(0) returns;
  // because the extra counts would let a later round's Wait return early,
  // and the second release could touch a group its waiter destroyed.
  if (ABSL_PREDICT_TRUE(v > 0 || w == 0 || delta == 0)) {
    return;
  }
  releaseWaiters(state, defer_enable);
}

inline void WaitGroup::Wait() {
  MayAliasUint64* statep = state().statep;
  // Go: `_ = *statep`; here: omitted; because of the same reason as in Add.
  if (race::Enabled) {
    race::Disable();
  }
  // Acquire is what this fast path needs, to see the work of every Done
  // that brought the counter to zero; seq_cst is Go's (a plain load on x86).
  std::uint64_t state = __atomic_load_n(statep, __ATOMIC_SEQ_CST);
  if (ABSL_PREDICT_TRUE(static_cast<std::int32_t>(state >> 32) == 0)) {
    if (race::Enabled) {
      race::Enable();
      race::Acquire(this);
    }
    return;
  }
  waitSlow(state);
}

template <class F>
void WaitGroup::Go(F&& f) {
  using Fn = std::decay_t<F>;
  static_assert(std::is_invocable_v<Fn&>,
                "WaitGroup::Go needs a callable taking no arguments");
  // Go: Add(1), then the closure; here: the task (a copy of f) first;
  // because copying f may throw, and the Add would then never be undone.
  //
  // f lives in an optional that the thread empties before Done, and moving
  // the task empties the optional it moves from, so that no copy of f (even
  // one left behind by a "move" that copies) is destroyed after Wait may
  // have returned: not on the thread, and not in this frame, whose leftover
  // would be destroyed after the thread starts (a Wait may run concurrently
  // while another task keeps the counter above zero).
  struct Task {
    WaitGroup* wg;
    std::optional<Fn> fn;
    Task(WaitGroup* group, F&& callable)
        : wg(group), fn(std::in_place, std::forward<F>(callable)) {}
    Task(Task&& o) : wg(o.wg), fn(std::move(o.fn)) { o.fn.reset(); }
    void operator()() {
      runGoTask(
          wg,
          [](void* p) {
            auto& held = *static_cast<std::optional<Fn>*>(p);
            std::invoke(*held);
            held.reset();
          },
          &fn);
    }
  };
  Task task(this, std::forward<F>(f));
  Add(1);
  // Go: `go func() { ... }()`; here: a detached std::thread; because there is
  // no goroutine scheduler.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    std::thread(std::move(task)).detach();
  } catch (...) {
    Done();  // no thread (or moving f into it threw): undo the Add
    throw;
  }
#else
  std::thread(std::move(task)).detach();
#endif
}

}  // namespace go::sync

#endif  // GOSYNC_SYNC_WAITGROUP_H_
