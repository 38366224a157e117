// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Mutex and RWMutex benchmarks: Go 1.19's (sync/mutex_test.go,
// sync/rwmutex_test.go), each measured for go::sync and its peers.
//
// Names follow tools/bench/benchmark_name.h: BM_<Scenario>/<impl> plus
// Google Benchmark's suffixes. impl is one of
//
//   gosync        go::sync::Mutex / go::sync::RWMutex
//   std           std::mutex / std::shared_mutex
//   absl          absl::Mutex (Lock / ReaderLock)
//   floor         Mutex scenarios only: the least a futex lock can do, one
//                 CAS to lock and one atomic add to unlock when uncontended
//                 (Drepper's "Futexes are tricky" mutex 3), no checks
//
// Go's RunParallel runs GOMAXPROCS goroutines (times SetParallelism); here
// that is Threads(2) on the 2-CPU reference machine, Threads(20) for the
// Slack variants (SetParallelism(10)) and Threads(8) for MutexNoSpin
// (SetParallelism(4)). One op is one pb.Next() iteration of Go's body. A
// helper thread sleeps through the whole run, so that even Threads(1)
// measures a multi-threaded process (glibc skips atomics in a
// single-threaded one, which would make std::mutex look free).

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "benchmark/benchmark.h"
#include "sync/mutex.h"
#include "sync/rwmutex.h"

namespace gosync_bench {
namespace {

// A second thread for the whole run (see above).
const bool second_thread_alive = [] {
  std::thread([] {
    for (;;) pause();
  }).detach();
  return true;
}();

// The floor (Drepper, "Futexes Are Tricky", mutex 3): 0 unlocked, 1 locked,
// 2 locked with possible waiters.
class FloorMutex {
 public:
  void lock() {
    std::uint32_t c = 0;
    if (state_.compare_exchange_strong(c, 1, std::memory_order_acquire)) {
      return;
    }
    if (c != 2) c = state_.exchange(2, std::memory_order_acquire);
    while (c != 0) {
      syscall(SYS_futex, &state_, FUTEX_WAIT_PRIVATE, 2, nullptr, nullptr, 0);
      c = state_.exchange(2, std::memory_order_acquire);
    }
  }
  void unlock() {
    if (state_.fetch_sub(1, std::memory_order_release) != 1) {
      state_.store(0, std::memory_order_release);
      syscall(SYS_futex, &state_, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
    }
  }

 private:
  std::atomic<std::uint32_t> state_{0};
};

// Every exclusive lock behind lock()/unlock(); every reader/writer lock
// behind lock_shared()/unlock_shared() as well.
struct AbslMutex {
  absl::Mutex mu;
  void lock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Lock(); }
  void unlock() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.Unlock(); }
  void lock_shared() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.ReaderLock(); }
  void unlock_shared() ABSL_NO_THREAD_SAFETY_ANALYSIS { mu.ReaderUnlock(); }
};

// Go 1.19 BenchmarkMutexUncontended: each thread its own padded mutex.
template <class M>
void BM_MutexUncontended(benchmark::State& state)
    ABSL_NO_THREAD_SAFETY_ANALYSIS {
  struct PaddedMutex {
    M mu;
    std::uint8_t pad[128];
  };
  PaddedMutex mu;
  for (auto _ : state) {
    mu.mu.lock();
    mu.mu.unlock();
  }
  benchmark::DoNotOptimize(&mu);
}

// Go 1.19 benchmarkMutex(b, slack, work): one mutex for all threads.
template <class M, bool kWork>
void BM_Mutex(benchmark::State& state) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  static M* mu;
  // A fresh mutex per run. Thread 0 makes it before the start barrier of the
  // timed loop and deletes it after the end barrier, when no thread uses it.
  if (state.thread_index() == 0) mu = new M;
  int foo = 0;
  for (auto _ : state) {
    mu->lock();
    mu->unlock();
    if constexpr (kWork) {
      for (int i = 0; i < 100; i++) {
        foo *= 2;
        foo /= 2;
        benchmark::DoNotOptimize(foo);
      }
    }
  }
  if (state.thread_index() == 0) delete mu;
}

// Go 1.19 BenchmarkMutexNoSpin: most iterations do local work and yield.
template <class M>
void BM_MutexNoSpin(benchmark::State& state) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  static M m;
  static std::uint64_t acc0, acc1;
  std::uint64_t data[4 << 10] = {};
  int i = 0;
  for (auto _ : state) {
    if (i++ % 4 == 0) {
      m.lock();
      acc0 -= 100;
      acc1 += 100;
      m.unlock();
    } else {
      for (int j = 0; j < (4 << 10); j += 4) data[j]++;
      // Go: a goroutine hand-off standing in for Gosched; here: a yield.
      std::this_thread::yield();
    }
  }
  benchmark::DoNotOptimize(data);
  benchmark::DoNotOptimize(acc0);
  benchmark::DoNotOptimize(acc1);
}

// Go 1.19 BenchmarkMutexSpin: short critical sections, lots of local data.
template <class M>
void BM_MutexSpin(benchmark::State& state) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  static M m;
  static std::uint64_t acc0, acc1;
  static thread_local std::uint64_t data[16 << 10];
  for (auto _ : state) {
    m.lock();
    acc0 -= 100;
    acc1 += 100;
    m.unlock();
    for (int j = 0; j < (16 << 10); j += 4) data[j]++;
  }
  benchmark::DoNotOptimize(data);
  benchmark::DoNotOptimize(acc0);
  benchmark::DoNotOptimize(acc1);
}

// Go 1.19 BenchmarkRWMutexUncontended.
template <class M>
void BM_RWMutexUncontended(benchmark::State& state)
    ABSL_NO_THREAD_SAFETY_ANALYSIS {
  struct PaddedRWMutex {
    M rw;
    std::uint32_t pad[32];
  };
  PaddedRWMutex m;
  for (auto _ : state) {
    m.rw.lock_shared();
    m.rw.lock_shared();
    m.rw.unlock_shared();
    m.rw.unlock_shared();
    m.rw.lock();
    m.rw.unlock();
  }
  benchmark::DoNotOptimize(&m);
}

// Go 1.19 benchmarkRWMutex(b, localWork, writeRatio).
template <class M, int kLocalWork, int kWriteRatio>
void BM_RWMutex(benchmark::State& state) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  static M rwm;
  int foo = 0;
  for (auto _ : state) {
    foo++;
    if (foo % kWriteRatio == 0) {
      rwm.lock();
      rwm.unlock();
    } else {
      rwm.lock_shared();
      for (int i = 0; i != kLocalWork; i += 1) {
        foo *= 2;
        foo /= 2;
        benchmark::DoNotOptimize(foo);
      }
      rwm.unlock_shared();
    }
  }
}

benchmark::internal::Benchmark* Reg(const std::string& scenario,
                                    const std::string& impl,
                                    void (*fn)(benchmark::State&)) {
  return benchmark::RegisterBenchmark(("BM_" + scenario + "/" + impl).c_str(),
                                      fn);
}

template <class M>
void RegisterMutex(const char* impl) {
  Reg("MutexUncontended", impl, BM_MutexUncontended<M>)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  Reg("Mutex", impl, BM_Mutex<M, false>)->Threads(2)->UseRealTime();
  Reg("MutexSlack", impl, BM_Mutex<M, false>)->Threads(20)->UseRealTime();
  Reg("MutexWork", impl, BM_Mutex<M, true>)->Threads(2)->UseRealTime();
  Reg("MutexWorkSlack", impl, BM_Mutex<M, true>)->Threads(20)->UseRealTime();
  Reg("MutexNoSpin", impl, BM_MutexNoSpin<M>)->Threads(8)->UseRealTime();
  Reg("MutexSpin", impl, BM_MutexSpin<M>)->Threads(2)->UseRealTime();
}

template <class M>
void RegisterRWMutex(const char* impl) {
  Reg("RWMutexUncontended", impl, BM_RWMutexUncontended<M>)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
  Reg("RWMutexWrite100", impl, BM_RWMutex<M, 0, 100>)
      ->Threads(2)
      ->UseRealTime();
  Reg("RWMutexWrite10", impl, BM_RWMutex<M, 0, 10>)->Threads(2)->UseRealTime();
  Reg("RWMutexWorkWrite100", impl, BM_RWMutex<M, 100, 100>)
      ->Threads(2)
      ->UseRealTime();
  Reg("RWMutexWorkWrite10", impl, BM_RWMutex<M, 100, 10>)
      ->Threads(2)
      ->UseRealTime();
}

const bool registered = [] {
  (void)second_thread_alive;
  // Go's RWMutexUncontended read-locks twice; absl's debug-build deadlock
  // detector would abort on that (and costs time in any build).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  RegisterMutex<go::sync::Mutex>("gosync");
  RegisterMutex<std::mutex>("std");
  RegisterMutex<AbslMutex>("absl");
  RegisterMutex<FloorMutex>("floor");
  RegisterRWMutex<go::sync::RWMutex>("gosync");
  RegisterRWMutex<std::shared_mutex>("std");
  RegisterRWMutex<AbslMutex>("absl");
  return true;
}();

}  // namespace
}  // namespace gosync_bench
