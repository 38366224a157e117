// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Once and Cond benchmarks: Go 1.19's BenchmarkOnce and BenchmarkCond1..32
// (sync/once_test.go, sync/cond_test.go), each measured for gosync and its
// standard and Abseil peers. Names follow tools/bench/benchmark_name.h:
//
//   BM_Once/<impl>/threads:<T>     Go's BenchmarkOnce (RunParallel): Do on a
//                                  Once that is already done, from T threads.
//                                  impl: gosync, call_once (std::call_once),
//                                  absl_call_once (absl::call_once), floor
//                                  (one acquire load of a flag that is set,
//                                  the cost the fast path must approach).
//   BM_Cond/<impl>/<N>/real_time   Go's BenchmarkCond<N>: N+1 threads take
//                                  turns; in each round N of them Wait and
//                                  the last to arrive Broadcasts. One op is
//                                  one turn of one thread, as in Go.
//                                  impl: gosync (Mutex + Cond), condvar
//                                  (std::mutex + std::condition_variable),
//                                  absl_condvar (absl::Mutex + absl::CondVar).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "benchmark/benchmark.h"
#include "sync/cond.h"
#include "sync/mutex.h"
#include "sync/once.h"

namespace gosync_bench {
namespace {

// ---------------------------------------------------------------------------
// BenchmarkOnce
// ---------------------------------------------------------------------------

struct GosyncOnce {
  go::sync::Once once;
  void Do(void (*f)()) { once.Do(f); }
};
struct StdCallOnce {
  std::once_flag flag;
  void Do(void (*f)()) { std::call_once(flag, f); }
};
struct AbslCallOnce {
  absl::once_flag flag;
  void Do(void (*f)()) { absl::call_once(flag, f); }
};
struct FloorOnce {
  std::atomic<std::uint32_t> done{0};
  void Do(void (*f)()) {
    if (done.load(std::memory_order_acquire) == 0) [[unlikely]] {
      f();
      done.store(1, std::memory_order_release);
    }
  }
};

void Nop() {}

template <class O>
void BM_Once(benchmark::State& state) {
  // Shared by the benchmark's threads, as Go's `var once Once`.
  static O* once = new O;
  for (auto _ : state) {
    once->Do(&Nop);
  }
}

// ---------------------------------------------------------------------------
// BenchmarkCond<N>
// ---------------------------------------------------------------------------

struct GosyncCond {
  go::sync::Mutex mu;
  go::sync::Cond c{&mu};
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) { mu.Lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION(mu) { mu.Unlock(); }
  void Wait() { c.Wait(); }
  void Broadcast() { c.Broadcast(); }
};
struct StdCond {
  std::mutex mu;
  std::condition_variable cv;
  void Lock() { mu.lock(); }
  void Unlock() { mu.unlock(); }
  void Wait() {
    std::unique_lock<std::mutex> l(mu, std::adopt_lock);
    cv.wait(l);
    l.release();
  }
  void Broadcast() { cv.notify_all(); }
};
struct AbslCond {
  absl::Mutex mu;
  absl::CondVar cv;
  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) { mu.Lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION(mu) { mu.Unlock(); }
  void Wait() { cv.Wait(&mu); }
  void Broadcast() { cv.SignalAll(); }
};

// Go's benchmarkCond(b, waiters), with b.N = n. A spurious wakeup (possible
// with std::condition_variable) only ends a thread's turn early.
template <class C>
void benchmarkCond(std::int64_t n, int waiters) {
  C c;
  int id = 0;  // guarded by c's lock
  std::vector<std::thread> routines;
  for (int routine = 0; routine < waiters + 1; routine++) {
    routines.emplace_back([&] {
      for (std::int64_t i = 0; i < n; i++) {
        c.Lock();
        if (id == -1) {
          c.Unlock();
          break;
        }
        id++;
        if (id == waiters + 1) {
          id = 0;
          c.Broadcast();
        } else {
          c.Wait();
        }
        c.Unlock();
      }
      c.Lock();
      id = -1;
      c.Broadcast();
      c.Unlock();
    });
  }
  for (auto& t : routines) t.join();  // Go: <-done, waiters+1 times
}

template <class C>
void BM_Cond(benchmark::State& state) {
  const int waiters = static_cast<int>(state.range(0));
  const std::int64_t n = state.max_iterations;
  while (state.KeepRunningBatch(n)) {
    benchmarkCond<C>(n, waiters);
  }
}

template <class O>
void RegisterOnce(const char* impl) {
  benchmark::RegisterBenchmark((std::string("BM_Once/") + impl).c_str(),
                               BM_Once<O>)
      ->Threads(1)
      ->Threads(2);
}

template <class C>
void RegisterCond(const char* impl) {
  benchmark::RegisterBenchmark((std::string("BM_Cond/") + impl).c_str(),
                               BM_Cond<C>)
      ->RangeMultiplier(2)
      ->Range(1, 32)
      ->UseRealTime();
}

const bool registered = [] {
  RegisterOnce<GosyncOnce>("gosync");
  RegisterOnce<StdCallOnce>("call_once");
  RegisterOnce<AbslCallOnce>("absl_call_once");
  RegisterOnce<FloorOnce>("floor");
  RegisterCond<GosyncCond>("gosync");
  RegisterCond<StdCond>("condvar");
  RegisterCond<AbslCond>("absl_condvar");
  return true;
}();

}  // namespace
}  // namespace gosync_bench
