// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// WaitGroup benchmarks: Go's (sync/waitgroup_test.go) and the wake
// scenarios, each measured for go::sync::WaitGroup and its peers.
//
// Names follow the contract of tools/bench/benchmark_name.h:
//
//   BM_<Scenario>/<impl>[/<arg>] + Google Benchmark's suffixes
//
// with impl one of gosync, latch, blocking_counter, notification, condvar,
// floor. A peer that cannot express a scenario is not registered: std::latch,
// absl::Notification and absl::BlockingCounter cannot count up, a
// BlockingCounter allows one waiter, a Notification one event. One-shot peers
// take part in reuse scenarios through Rearmable (destroy and rebuild in
// place once the round is over, which is when a WaitGroup may be reused).
//
// What one "op" is, per scenario:
//
//   WaitGroupUncontended    Add(1) + Done() + Wait() on a group private to the
//                           thread (Go's BenchmarkWaitGroupUncontended).
//   WaitGroupAddDone        Add(1) + Done() on one group shared by all threads.
//   WaitGroupAddDoneWork    the same plus Go's 100 steps of local work.
//   WaitGroupWait           Wait() on a shared group whose counter is zero.
//   WaitGroupWaitWork       the same plus Go's 100 steps of local work.
//   WaitGroupActuallyWait   a wake round trip between two persistent threads:
//                           A's Done wakes B's Wait, B's Done wakes A's Wait
//                           (two wakeups per op).
//   WaitGroupActuallyWaitSpawn  Add(1), start a thread that calls Done, Wait,
//                           join the thread (Go's BenchmarkWaitGroupActually-
//                           Wait starts a goroutine per op the same way).
//   WaitGroupFanOut/N       one Done releases N blocked waiters; they report
//                           back through a raw futex counter (same for every
//                           impl) before the next op.
//   WaitGroupFanIn/N        N threads each call Done once, releasing one
//                           Wait; they are started by a raw futex broadcast
//                           (same for every impl).
//   WaitGroupFanOutDone/N   the duration of the Done call alone that
//                           releases N waiters, all asleep (manual time): what
//                           the releasing thread pays for the wakeups.
//
// Multi-threaded scenarios use real time (the sleeping thread's CPU time
// means nothing). `floor` is tests/peers/floor.h: the same atomic operations
// with no checks, and a raw futex for sleeping.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "benchmark/benchmark.h"
#include "sync/waitgroup.h"
#include "tests/peers/condvar_waitgroup.h"
#include "tests/peers/floor.h"
#include "tests/peers/rearmable.h"

namespace gosync_bench {
namespace {

using gosync_peers::CondvarWaitGroup;
using gosync_peers::FloorWaitGroup;
using gosync_peers::RawBroadcast;
using gosync_peers::RawCounter;
using gosync_peers::Rearmable;

// ---------------------------------------------------------------------------
// Every implementation behind one interface, for the generic scenarios.
// Arm(n) starts a round of n Dones. It may be called only when nobody uses
// the group (every Wait of the previous round has returned), which is the
// WaitGroup reuse rule, so one-shot peers may rebuild themselves there.
// ---------------------------------------------------------------------------

struct Gosync {
  static constexpr const char* kName = "gosync";
  static constexpr bool kManyWaiters = true;
  static constexpr bool kCountsUp = true;
  go::sync::WaitGroup wg;
  void Arm(int n) { wg.Add(n); }
  void Done() { wg.Done(); }
  void Wait() { wg.Wait(); }
};

struct Condvar {
  static constexpr const char* kName = "condvar";
  static constexpr bool kManyWaiters = true;
  static constexpr bool kCountsUp = true;
  CondvarWaitGroup wg;
  void Arm(int n) { wg.Add(n); }
  void Done() { wg.Done(); }
  void Wait() { wg.Wait(); }
};

struct Floor {
  static constexpr const char* kName = "floor";
  static constexpr bool kManyWaiters = true;
  static constexpr bool kCountsUp = true;
  FloorWaitGroup wg;
  void Arm(int n) { wg.Add(n); }
  void Done() { wg.Done(); }
  void Wait() { wg.Wait(); }
};

struct Latch {
  static constexpr const char* kName = "latch";
  static constexpr bool kManyWaiters = true;
  static constexpr bool kCountsUp = true;  // only through Arm (a new latch)
  Rearmable<std::latch> latch;
  void Arm(int n) { latch.Rearm(n); }
  void Done() { latch->count_down(); }
  void Wait() { latch->wait(); }
};

struct BlockingCounter {
  static constexpr const char* kName = "blocking_counter";
  static constexpr bool kManyWaiters = false;  // one Wait per counter
  static constexpr bool kCountsUp = true;      // only through Arm
  Rearmable<absl::BlockingCounter> counter;
  void Arm(int n) { counter.Rearm(n); }
  void Done() { counter->DecrementCount(); }
  void Wait() { counter->Wait(); }
};

struct Notification {
  static constexpr const char* kName = "notification";
  static constexpr bool kManyWaiters = true;
  static constexpr bool kCountsUp = false;  // Arm(1) only: one event
  Rearmable<absl::Notification> notification;
  void Arm(int n) {
    (void)n;  // always 1
    notification.Rearm();
  }
  void Done() { notification->Notify(); }
  void Wait() { notification->WaitForNotification(); }
};

// Go's `for i := 0; i < localWork; i++ { foo *= 2; foo /= 2 }`, kept from
// being folded away.
inline void LocalWork(int& foo) {
  for (int i = 0; i < 100; i++) {
    foo *= 2;
    foo /= 2;
    benchmark::DoNotOptimize(foo);
  }
}

// ---------------------------------------------------------------------------
// Go's benchmarks, for the implementations that can count up.
// ---------------------------------------------------------------------------

// Go: BenchmarkWaitGroupUncontended (a group per goroutine, padded).
template <class WG>
void BM_Uncontended(benchmark::State& state) {
  struct Padded {  // Go: PaddedWaitGroup, 128 bytes of padding after it
    WG wg;
    char pad[128];
  } padded;
  for (auto _ : state) {
    padded.wg.Add(1);
    padded.wg.Done();
    padded.wg.Wait();
  }
}

// Go: benchmarkWaitGroupAddDone (one group shared by every thread).
template <class WG, bool kWork>
void BM_AddDone(benchmark::State& state) {
  alignas(128) static WG wg;
  int foo = 0;
  for (auto _ : state) {
    wg.Add(1);
    if (kWork) LocalWork(foo);
    wg.Done();
  }
  benchmark::DoNotOptimize(foo);
}

// Go: benchmarkWaitGroupWait (a shared group whose counter is zero).
template <class WG, bool kWork>
void BM_WaitZero(benchmark::State& state) {
  alignas(128) static WG wg;
  int foo = 0;
  for (auto _ : state) {
    wg.Wait();
    if (kWork) LocalWork(foo);
  }
  benchmark::DoNotOptimize(foo);
}

template <bool kWork>
void BM_WaitZeroLatch(benchmark::State& state) {
  alignas(128) static std::latch latch(0);
  int foo = 0;
  for (auto _ : state) {
    latch.wait();
    if (kWork) LocalWork(foo);
  }
  benchmark::DoNotOptimize(foo);
}

template <bool kWork>
void BM_WaitZeroNotification(benchmark::State& state) {
  alignas(128) static absl::Notification notification;
  if (state.thread_index() == 0 && !notification.HasBeenNotified()) {
    notification.Notify();
  }
  int foo = 0;
  for (auto _ : state) {
    notification.WaitForNotification();
    if (kWork) LocalWork(foo);
  }
  benchmark::DoNotOptimize(foo);
}

// ---------------------------------------------------------------------------
// Wake scenarios, generic over the implementations.
// ---------------------------------------------------------------------------

// A wake round trip between two persistent threads, ping-pong over two
// groups: this thread's Done on `ping` wakes the partner's Wait, the
// partner's Done on `pong` wakes this thread's Wait. Each side re-arms the
// group it just waited on before it signals the other, which is legal reuse:
// it was that group's only waiter.
template <class Impl>
void BM_ActuallyWait(benchmark::State& state) {
  Impl ping, pong;
  ping.Arm(1);
  pong.Arm(1);
  std::atomic<bool> stop{false};
  std::thread partner([&] {
    for (;;) {
      ping.Wait();
      if (stop.load(std::memory_order_relaxed)) {
        pong.Done();
        return;
      }
      ping.Arm(1);
      pong.Done();
    }
  });
  for (auto _ : state) {
    ping.Done();
    pong.Wait();
    pong.Arm(1);
  }
  stop.store(true, std::memory_order_relaxed);
  ping.Done();
  pong.Wait();
  partner.join();
}

// Go's BenchmarkWaitGroupActuallyWait: a thread per op.
template <class Impl>
void BM_ActuallyWaitSpawn(benchmark::State& state) {
  for (auto _ : state) {
    Impl group;
    group.Arm(1);
    std::thread t([&group] { group.Done(); });
    group.Wait();
    t.join();
  }
}

// One Done releases N waiters. Rounds alternate between two groups so that
// the next round's group is armed before this round's release: a waiter that
// returns goes straight to sleep on the next one, and is (almost always)
// asleep by the time that is released.
template <class Impl>
void BM_FanOut(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Impl groups[2];
  groups[0].Arm(1);
  groups[1].Arm(1);
  RawCounter back;  // waiters' "returned" reports, the same for every impl
  std::atomic<bool> stop{false};
  std::vector<std::thread> waiters;
  for (int i = 0; i < n; i++) {
    waiters.emplace_back([&] {
      for (std::uint32_t round = 0;; round++) {
        groups[round % 2].Wait();
        bool last = stop.load(std::memory_order_relaxed);
        back.Arrive();
        if (last) return;
      }
    });
  }
  std::uint32_t round = 0;
  for (auto _ : state) {
    groups[round % 2].Done();
    back.WaitAtLeast((round + 1) * n);
    groups[round % 2].Arm(1);  // every waiter of this round has returned
    round++;
  }
  stop.store(true, std::memory_order_relaxed);
  groups[round % 2].Done();
  back.WaitAtLeast((round + 1) * n);
  for (auto& t : waiters) t.join();
}

// N threads' Done releases one Wait. The doers are started by a raw futex
// broadcast (the same for every impl) after the group is armed; only this
// thread waits, so re-arming after its Wait is legal reuse.
template <class Impl>
void BM_FanIn(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Impl group;
  RawBroadcast start;
  std::atomic<bool> stop{false};
  std::vector<std::thread> doers;
  for (int i = 0; i < n; i++) {
    doers.emplace_back([&] {
      for (std::uint32_t round = 1;; round++) {
        start.WaitAtLeast(round);
        if (stop.load(std::memory_order_relaxed)) return;
        group.Done();
      }
    });
  }
  std::uint32_t round = 0;
  for (auto _ : state) {
    group.Arm(n);
    start.Publish(++round);
    group.Wait();
  }
  stop.store(true, std::memory_order_relaxed);
  start.Publish(++round);
  for (auto& t : doers) t.join();
}

// The Done call alone that releases N sleeping waiters. As in BM_FanOut,
// rounds alternate between two groups, and waiters report back through a
// raw futex counter. Before each Done, every waiter has announced that it is
// about to Wait, and then we sleep for a while (longer for more waiters) so
// that they are asleep in the kernel, not still on their way: the case
// where a releaser that wakes them one by one pays the most.
template <class Impl>
void BM_FanOutDone(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const auto settle = std::chrono::microseconds(200 + 20 * n);
  Impl groups[2];
  groups[0].Arm(1);
  groups[1].Arm(1);
  RawCounter back;
  std::atomic<std::uint32_t> entering{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> waiters;
  for (int i = 0; i < n; i++) {
    waiters.emplace_back([&] {
      for (std::uint32_t round = 0;; round++) {
        entering.fetch_add(1, std::memory_order_relaxed);
        groups[round % 2].Wait();
        bool last = stop.load(std::memory_order_relaxed);
        back.Arrive();
        if (last) return;
      }
    });
  }
  std::uint32_t round = 0;
  std::vector<double> took;
  for (auto _ : state) {
    while (entering.load(std::memory_order_relaxed) < (round + 1) * n) {
      std::this_thread::yield();
    }
    std::this_thread::sleep_for(settle);
    auto start = std::chrono::steady_clock::now();
    groups[round % 2].Done();
    auto end = std::chrono::steady_clock::now();
    took.push_back(std::chrono::duration<double>(end - start).count());
    state.SetIterationTime(took.back());
    back.WaitAtLeast((round + 1) * n);
    groups[round % 2].Arm(1);
    round++;
  }
  stop.store(true, std::memory_order_relaxed);
  groups[round % 2].Done();
  back.WaitAtLeast((round + 1) * n);
  for (auto& t : waiters) t.join();
  // The mean (the time column) includes the rounds in which a woken waiter
  // preempted the releaser on its CPU; the median shows the typical call.
  if (!took.empty()) {
    std::nth_element(took.begin(), took.begin() + took.size() / 2, took.end());
    state.counters["median_ns"] = took[took.size() / 2] * 1e9;
  }
}

// ---------------------------------------------------------------------------
// Registration, in a static initializer so that names are exact.
// ---------------------------------------------------------------------------

constexpr int kFanN = 8;

benchmark::internal::Benchmark* Reg(const std::string& scenario,
                                    const std::string& impl,
                                    void (*fn)(benchmark::State&)) {
  return benchmark::RegisterBenchmark(("BM_" + scenario + "/" + impl).c_str(),
                                      fn);
}

template <class WG>
void RegisterCountingUp(const char* impl) {
  Reg("WaitGroupUncontended", impl, BM_Uncontended<WG>)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  Reg("WaitGroupAddDone", impl, BM_AddDone<WG, false>)
      ->Threads(2)
      ->UseRealTime();
  Reg("WaitGroupAddDoneWork", impl, BM_AddDone<WG, true>)
      ->Threads(2)
      ->UseRealTime();
  Reg("WaitGroupWait", impl, BM_WaitZero<WG, false>)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  Reg("WaitGroupWaitWork", impl, BM_WaitZero<WG, true>)
      ->Threads(2)
      ->UseRealTime();
}

template <class Impl>
void RegisterWakes() {
  Reg("WaitGroupActuallyWait", Impl::kName, BM_ActuallyWait<Impl>)
      ->UseRealTime();
  Reg("WaitGroupActuallyWaitSpawn", Impl::kName, BM_ActuallyWaitSpawn<Impl>)
      ->UseRealTime();
  if constexpr (Impl::kManyWaiters) {
    Reg("WaitGroupFanOut", Impl::kName, BM_FanOut<Impl>)
        ->Arg(kFanN)
        ->UseRealTime();
  }
  if constexpr (Impl::kManyWaiters) {
    // Fixed iterations: a round of 1,000 waiters takes milliseconds of
    // wall time for microseconds of measured time.
    Reg("WaitGroupFanOutDone", Impl::kName, BM_FanOutDone<Impl>)
        ->Arg(kFanN)
        ->Iterations(200)
        ->UseManualTime();
    // 1,000 threads with glibc's 8 MiB stacks need 8 GiB of address space,
    // more than a 32-bit process has.
    if (sizeof(void*) == 8) {
      Reg("WaitGroupFanOutDone", Impl::kName, BM_FanOutDone<Impl>)
          ->Arg(1000)
          ->Iterations(20)
          ->UseManualTime();
    }
  }
  if constexpr (Impl::kCountsUp) {
    Reg("WaitGroupFanIn", Impl::kName, BM_FanIn<Impl>)
        ->Arg(kFanN)
        ->UseRealTime();
  }
}

const bool registered = [] {
  RegisterCountingUp<go::sync::WaitGroup>("gosync");
  RegisterCountingUp<CondvarWaitGroup>("condvar");
  RegisterCountingUp<FloorWaitGroup>("floor");

  Reg("WaitGroupWait", "latch", BM_WaitZeroLatch<false>)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  Reg("WaitGroupWaitWork", "latch", BM_WaitZeroLatch<true>)
      ->Threads(2)
      ->UseRealTime();
  Reg("WaitGroupWait", "notification", BM_WaitZeroNotification<false>)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  Reg("WaitGroupWaitWork", "notification", BM_WaitZeroNotification<true>)
      ->Threads(2)
      ->UseRealTime();

  RegisterWakes<Gosync>();
  RegisterWakes<Latch>();
  RegisterWakes<BlockingCounter>();
  RegisterWakes<Notification>();
  RegisterWakes<Condvar>();
  RegisterWakes<Floor>();
  return true;
}();

}  // namespace
}  // namespace gosync_bench
