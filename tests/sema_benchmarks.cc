// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Benchmarks of the semaphore table, named after Go 1.19's so the figures
// line up: BenchmarkSemTable (runtime/sema_test.go) and BenchmarkSema*
// (sync/runtime_sema_test.go). Added here:
//
//   * BM_SemTable runs its table kUnlocked, as Go's hooks take no lock;
//     BM_SemTableLocked is the same with the root lock, the default.
//   * BM_SemTableList: the same scenarios on a plain list per root, the
//     structure parking_lot, folly and WebKit's ParkingLot use, to show what
//     the treap buys: O(log n) against O(n) per operation.
//   * BM_SemaRawFloor: the atomic operations of an uncontended
//     Semrelease + Semacquire pair (xadd, load, load, cas) with no table, as
//     the floor the real pair is measured against.
//   * BM_SemaHandoff/procs:P: Go 1.19's TestSemaHandoff (runtime/
//     sema_test.go), a pass/fail test in Go, reported here as a rate: the
//     counter handoff_rate is the fraction of rounds in which the waiter
//     given the count by Semrelease(handoff) ran before its releaser (Go
//     requires at least 2/3). P = 0 runs on every CPU the process may use,
//     as TestSemaHandoff; P = 1 and 2 restrict the round's threads to that
//     many CPUs, as TestSemaHandoff1/2 set GOMAXPROCS.
//
// This file only registers the benchmarks (it is an alwayslink library), so
// that both //tests:sema_benchmark and //tools:bench can run them.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>

#if defined(__linux__)
#include <sched.h>
#endif

#include "absl/base/thread_annotations.h"
#include "benchmark/benchmark.h"
#include "sema/internal/mutex.h"
#include "sema/internal/race.h"
#include "sema/internal/sudog.h"
#include "sema/sema.h"
#include "sema/semtable.h"

namespace {

using go::runtime::SemTable;

using go::runtime::CollidingWords;  // all in one root, unlike Go's stride

constexpr int kSizes[] = {1000, 2000, 4000, 8000};

// A list per root, as in parking_lot's bucket queue: append at the tail,
// search from the head for the first waiter on the address. Same records
// and the same root lock (or none) as SemTable, so only the structure
// differs.
class ListSemTable {
 public:
  explicit ListSemTable(SemTable::Hooks hooks)
      : locked_(hooks == SemTable::Hooks::kLocked) {}

  // The lock is taken only if locked_, which Clang's analysis cannot follow.
  void Enqueue(std::uint32_t* addr) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    go::runtime::norace nr;
    go::runtime::sudog* s = cache_.get();
    s->elem = addr;
    Root& r = roots_[go::runtime::RootIndex(addr)];
    if (locked_) go::runtime::lock(&r.lock);
    s->waitlink = nullptr;
    if (r.tail == nullptr) {
      r.head = s;
    } else {
      r.tail->waitlink = s;
    }
    r.tail = s;
    if (locked_) go::runtime::unlock(&r.lock);
  }

  bool Dequeue(std::uint32_t* addr) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    go::runtime::norace nr;
    Root& r = roots_[go::runtime::RootIndex(addr)];
    if (locked_) go::runtime::lock(&r.lock);
    go::runtime::sudog* prev = nullptr;
    go::runtime::sudog* s = r.head;
    while (s != nullptr && s->elem != addr) {
      prev = s;
      s = s->waitlink;
    }
    if (s != nullptr) {
      (prev == nullptr ? r.head : prev->waitlink) = s->waitlink;
      if (r.tail == s) r.tail = prev;
    }
    if (locked_) go::runtime::unlock(&r.lock);
    if (s == nullptr) return false;
    s->elem = nullptr;
    s->waitlink = nullptr;
    go::runtime::releaseSudog(s);
    return true;
  }

 private:
  struct alignas(64) Root {
    go::runtime::mutex lock;
    go::runtime::sudog* head = nullptr;
    go::runtime::sudog* tail = nullptr;
  };
  Root roots_[go::runtime::kSemTabSize];
  go::runtime::sudogcache cache_;
  const bool locked_;
};

template <typename Table, SemTable::Hooks kHooks>
void OneAddrCollision(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto tab_owner =
      std::make_unique<Table>(kHooks);  // over-aligned: not on the stack
  Table& tab = *tab_owner;
  CollidingWords words(2);
  std::uint32_t* a = words.Word(0);
  std::uint32_t* b = words.Word(1);  // same root as a
  for (auto _ : state) {
    // Two locks colliding in one root: all waiters on the first, then all
    // on the second; then dequeue the first's, then the second's. Each
    // operation should be O(1): there are only two addresses.
    for (int i = 0; i < n; i++) tab.Enqueue(i < n / 2 ? a : b);
    for (int i = 0; i < n; i++) {
      if (!tab.Dequeue(i < n / 2 ? a : b)) state.SkipWithError("no waiter");
    }
  }
  state.counters["per_op"] = benchmark::Counter(
      2.0 * n, benchmark::Counter::kIsIterationInvariantRate |
                   benchmark::Counter::kInvert);
}

template <typename Table, SemTable::Hooks kHooks>
void ManyAddrCollision(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  auto tab_owner = std::make_unique<Table>(kHooks);
  Table& tab = *tab_owner;
  CollidingWords words(static_cast<std::size_t>(n));
  for (auto _ : state) {
    // n locks colliding in one root: one waiter on each. O(log n) per
    // operation for the treap.
    //
    // Go: dequeues in enqueue order; here: in reverse order; because a FIFO
    // list then finds every waiter at its head and the comparison would show
    // nothing. The treap does not care about the order.
    for (int i = 0; i < n; i++) tab.Enqueue(words.Word(i));
    for (int i = n - 1; i >= 0; i--) {
      if (!tab.Dequeue(words.Word(i))) state.SkipWithError("no waiter");
    }
  }
  state.counters["per_op"] = benchmark::Counter(
      2.0 * n, benchmark::Counter::kIsIterationInvariantRate |
                   benchmark::Counter::kInvert);
}

// Go: BenchmarkSemaUncontended. Each thread has its own word, padded to a
// cache line of its own; Semrelease then Semacquire never blocks.
void BM_SemaUncontended(benchmark::State& state) {
  struct alignas(128) PaddedSem {
    std::uint32_t sem = 0;
  };
  static PaddedSem sems[64];
  std::uint32_t* sem = &sems[state.thread_index() % 64].sem;
  for (auto _ : state) {
    go::runtime::Semrelease(sem, false, 0);
    go::runtime::Semacquire(sem);
  }
}

// The same atomic operations as the pair above, with no table: xadd (the
// release), load nwait (its fast-path check), then load and cas (the
// acquire's cansemacquire).
void BM_SemaRawFloor(benchmark::State& state) {
  struct alignas(128) PaddedSem {
    std::atomic<std::uint32_t> sem{0};
    std::atomic<std::uint32_t> nwait{0};
  };
  static PaddedSem sems[64];
  PaddedSem& p = sems[state.thread_index() % 64];
  for (auto _ : state) {
    p.sem.fetch_add(1, std::memory_order_seq_cst);
    if (p.nwait.load(std::memory_order_seq_cst) != 0) state.SkipWithError("?");
    std::uint32_t v = p.sem.load(std::memory_order_seq_cst);
    while (v == 0 ||
           !p.sem.compare_exchange_weak(v, v - 1, std::memory_order_seq_cst)) {
      v = p.sem.load(std::memory_order_seq_cst);
    }
  }
}

// Go: benchmarkSema(b, block, work). One word shared by all threads. With
// `block`, a helper first waits threads/2 times, so releases find waiters
// and take the slow path; with `work`, 100 dummy mul/div between release and
// acquire.
void BenchmarkSema(benchmark::State& state, bool block, bool work) {
  static std::uint32_t sem;
  static std::thread* helper;
  if (state.thread_index() == 0) {
    sem = 0;
    helper = nullptr;
    if (block) {
      const int waits = state.threads() / 2;
      helper = new std::thread([waits] {
        for (int p = 0; p < waits; p++) go::runtime::Semacquire(&sem);
      });
    }
  }
  int foo = 0;
  benchmark::IterationCount i = 0;
  for (auto _ : state) {  // starts after thread 0's setup (a barrier)
    go::runtime::Semrelease(&sem, false, 0);
    // Go: each goroutine releases once more after its loop, to feed the
    // helper; here: in the last iteration; because Google Benchmark holds a
    // finished thread at a barrier until all are done, and a thread whose
    // count went to the helper would wait for that release forever.
    if (++i == state.max_iterations) go::runtime::Semrelease(&sem, false, 0);
    if (work) {
      for (int i = 0; i < 100; i++) {
        foo *= 2;
        foo /= 2;
        benchmark::DoNotOptimize(foo);
      }
    }
    go::runtime::Semacquire(&sem);
  }
  if (state.thread_index() == 0 && helper != nullptr) {
    helper->join();  // the extra releases, one per thread, feed it
    delete helper;
  }
}

void BM_SemaSyntNonblock(benchmark::State& s) {
  BenchmarkSema(s, false, false);
}
void BM_SemaSyntBlock(benchmark::State& s) { BenchmarkSema(s, true, false); }
void BM_SemaWorkNonblock(benchmark::State& s) { BenchmarkSema(s, false, true); }
void BM_SemaWorkBlock(benchmark::State& s) { BenchmarkSema(s, true, true); }

// Go: testSemaHandoff. One round: true if the waiter ran first.
bool SemaHandoffOnce(int procs) {
  std::uint32_t sema = 0;
  std::atomic<std::uint32_t> res{0};
  std::atomic<bool> done{false};
  // Go: keeps GOMAXPROCS goroutines calling Gosched so that the releaser
  // cannot migrate to an idle CPU and win the race there; here: as many
  // threads calling sched_yield, one per CPU the round may use.
  std::vector<std::thread> busy;
  for (int i = 0; i < procs; i++) {
    busy.emplace_back([&done] {
      while (!done.load(std::memory_order_relaxed)) std::this_thread::yield();
    });
  }
  std::thread waiter([&] {
    go::runtime::Semacquire(&sema);
    std::uint32_t zero = 0;
    res.compare_exchange_strong(zero, 1);
    go::runtime::Semrelease(&sema, true, 0);
    done.store(true, std::memory_order_relaxed);
  });
  while (SemTable::Global().Nwait(&sema) == 0) std::this_thread::yield();
  // The crux: release with handoff and CAS at once, here and in the waiter;
  // the waiter's CAS should come first.
  go::runtime::Semrelease(&sema, true, 0);
  std::uint32_t zero = 0;
  res.compare_exchange_strong(zero, 2);
  waiter.join();
  for (auto& t : busy) t.join();
  return res.load() == 1;
}

void BM_SemaHandoff(benchmark::State& state) {
  int procs = static_cast<int>(std::thread::hardware_concurrency());
#if defined(__linux__)
  // Threads inherit the affinity of the thread that creates them.
  cpu_set_t saved;
  CPU_ZERO(&saved);
  sched_getaffinity(0, sizeof saved, &saved);
  procs = CPU_COUNT(&saved);
  if (state.range(0) != 0) {
    if (state.range(0) > procs) {
      state.SkipWithError("not enough CPUs");
      return;
    }
    procs = static_cast<int>(state.range(0));
    cpu_set_t use;
    CPU_ZERO(&use);
    for (int cpu = 0, left = procs; cpu < CPU_SETSIZE && left > 0; cpu++) {
      if (CPU_ISSET(cpu, &saved)) {
        CPU_SET(cpu, &use);
        left--;
      }
    }
    sched_setaffinity(0, sizeof use, &use);
  }
#endif
  std::int64_t ok = 0;
  for (auto _ : state) ok += SemaHandoffOnce(procs);
#if defined(__linux__)
  sched_setaffinity(0, sizeof saved, &saved);
#endif
  state.counters["handoff_rate"] =
      static_cast<double>(ok) / static_cast<double>(state.iterations());
}

void RegisterAll() {
  constexpr auto kUnlocked = SemTable::Hooks::kUnlocked;
  constexpr auto kLocked = SemTable::Hooks::kLocked;
  for (int n : kSizes) {
    benchmark::RegisterBenchmark("BM_SemTable/OneAddrCollision",
                                 OneAddrCollision<SemTable, kUnlocked>)
        ->Arg(n);
    benchmark::RegisterBenchmark("BM_SemTable/ManyAddrCollision",
                                 ManyAddrCollision<SemTable, kUnlocked>)
        ->Arg(n);
  }
  for (int n : kSizes) {
    benchmark::RegisterBenchmark("BM_SemTableLocked/OneAddrCollision",
                                 OneAddrCollision<SemTable, kLocked>)
        ->Arg(n);
    benchmark::RegisterBenchmark("BM_SemTableLocked/ManyAddrCollision",
                                 ManyAddrCollision<SemTable, kLocked>)
        ->Arg(n);
  }
  for (int n : kSizes) {
    benchmark::RegisterBenchmark("BM_SemTableList/OneAddrCollision",
                                 OneAddrCollision<ListSemTable, kUnlocked>)
        ->Arg(n);
    benchmark::RegisterBenchmark("BM_SemTableList/ManyAddrCollision",
                                 ManyAddrCollision<ListSemTable, kUnlocked>)
        ->Arg(n);
  }
  for (auto* b :
       {benchmark::RegisterBenchmark("BM_SemaUncontended", BM_SemaUncontended),
        benchmark::RegisterBenchmark("BM_SemaRawFloor", BM_SemaRawFloor),
        benchmark::RegisterBenchmark("BM_SemaSyntNonblock",
                                     BM_SemaSyntNonblock),
        benchmark::RegisterBenchmark("BM_SemaSyntBlock", BM_SemaSyntBlock),
        benchmark::RegisterBenchmark("BM_SemaWorkNonblock",
                                     BM_SemaWorkNonblock),
        benchmark::RegisterBenchmark("BM_SemaWorkBlock", BM_SemaWorkBlock)}) {
    b->Threads(1)->Threads(2);
  }
  // Go runs 10,000 rounds; a round starts ncpu+1 threads (about 0.1 ms).
  benchmark::RegisterBenchmark("BM_SemaHandoff", BM_SemaHandoff)
      ->ArgName("procs")
      ->Arg(0)
      ->Arg(1)
      ->Arg(2)
      ->UseRealTime();
}

// Registered at load time, so any binary that links this library runs them.
[[maybe_unused]] const bool registered = (RegisterAll(), true);

}  // namespace
