// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tests/waitgroup_test_util.h
// -----------------------------------------------------------------------------
//
// What only the WaitGroup tests share: a peer that reads (and, for the
// deterministic misuse tests, writes) the private state words, groups placed
// at a chosen alignment, a small channel standing in for Go's `chan`, and
// Go's `runtime.NumCPU`. Seeds, the watchdog and polling are in
// tests/test_util.h.
//
// Everything here synchronizes through std::mutex/std::condition_variable
// (intercepted by TSan), never through the WaitGroup under test, except where
// a test deliberately reads the state words with relaxed loads (which TSan
// does not treat as synchronization).

#ifndef GOSYNC_TESTS_WAITGROUP_TEST_UTIL_H_
#define GOSYNC_TESTS_WAITGROUP_TEST_UTIL_H_

#include <sched.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <thread>
#include <utility>

#include "absl/base/config.h"
#include "sema/internal/tsan.h"
#include "sync/waitgroup.h"
#include "tests/test_util.h"

namespace go::sync {

// Reads WaitGroup's private words, and writes them for the deterministic
// misuse tests. The reads are relaxed atomics: they give no happens-before
// edge, so tests that poll with them do not hide races from TSan.
class WaitGroupTestPeer {
 public:
  // All three words. Under TSan the reads are hidden from it: the race model
  // treats the semaphore word as written by the first waiter (race::Write),
  // and a test peeking at it is not part of that model.
  static std::array<std::uint32_t, 3> Words(const WaitGroup& wg) {
#ifdef ABSL_HAVE_THREAD_SANITIZER
    AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
#endif
    std::array<std::uint32_t, 3> w;
    for (int i = 0; i < 3; ++i) {
      w[i] = __atomic_load_n(&wg.state1[i], __ATOMIC_RELAXED);
    }
#ifdef ABSL_HAVE_THREAD_SANITIZER
    AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
#endif
    return w;
  }
  static const std::uint32_t* Word(const WaitGroup& wg, int i) {
    return &wg.state1[i];
  }
  static const void* StatePointer(WaitGroup& wg) { return wg.state().statep; }
  static const void* SemaPointer(WaitGroup& wg) { return wg.state().semap; }
  static std::uint64_t State(WaitGroup& wg) {
    return __atomic_load_n(wg.state().statep, __ATOMIC_RELAXED);
  }
  static std::int32_t Counter(WaitGroup& wg) {
    return static_cast<std::int32_t>(State(wg) >> 32);
  }
  static std::uint32_t Waiters(WaitGroup& wg) {
    return static_cast<std::uint32_t>(State(wg));
  }

  // For the deterministic misuse tests: the semaphore word, and a store of
  // the whole state (counter, waiters) standing in for one step of another
  // thread's Add. A test that fabricates waiters must store waiters == 0
  // again before the group is destroyed (the destructor is fatal otherwise).
  static std::uint32_t* Sema(WaitGroup& wg) { return wg.state().semap; }
  static void SetState(WaitGroup& wg, std::int32_t counter,
                       std::uint32_t waiters) {
    __atomic_store_n(
        wg.state().statep,
        (static_cast<std::uint64_t>(static_cast<std::uint32_t>(counter))
         << 32) |
            waiters,
        __ATOMIC_SEQ_CST);
  }
};

}  // namespace go::sync

namespace gosync_test {

// Go: runtime.NumCPU (the CPUs this process may run on).
inline int NumCPU() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return CPU_COUNT(&set);
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

// An unbounded channel: Go's `chan T` as far as these tests need it.
template <class T>
class Chan {
 public:
  void Send(T v) {
    {
      std::lock_guard<std::mutex> l(mu_);
      q_.push_back(std::move(v));
    }
    cv_.notify_one();
  }
  T Recv() {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [this] { return !q_.empty(); });
    T v = std::move(q_.front());
    q_.pop_front();
    return v;
  }
  // Go: `select { case v := <-c: ...; default: }`.
  std::optional<T> TryRecv() {
    std::lock_guard<std::mutex> l(mu_);
    if (q_.empty()) return std::nullopt;
    T v = std::move(q_.front());
    q_.pop_front();
    return v;
  }
  std::optional<T> RecvFor(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> l(mu_);
    if (!cv_.wait_for(l, timeout, [this] { return !q_.empty(); })) {
      return std::nullopt;
    }
    T v = std::move(q_.front());
    q_.pop_front();
    return v;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> q_;
};

// NewWaitGroupAt()
//
// A heap WaitGroup at `offset` bytes (0, 4, 8 or 12) past a 16-aligned
// address, so a test picks which words state() uses: offset % 8 == 0 puts
// the 64-bit state in words 0-1 and the semaphore in word 2; offset % 8 == 4
// puts the semaphore in word 0 and the state in words 1-2. Destroy it with
// DeleteWaitGroupAt, from any thread; ASan sees any later access as a use
// after free, as for `delete`.
inline go::sync::WaitGroup* NewWaitGroupAt(std::size_t offset) {
  void* storage = ::operator new (32, std::align_val_t{16});
  return new (static_cast<unsigned char*>(storage) + offset)
      go::sync::WaitGroup;
}

inline void DeleteWaitGroupAt(go::sync::WaitGroup* wg) {
  wg->~WaitGroup();
  ::operator delete (
      reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(wg) &
                              ~std::uintptr_t{15}),
      std::align_val_t{16});
}

struct WaitGroupAtDeleter {
  void operator()(go::sync::WaitGroup* wg) const { DeleteWaitGroupAt(wg); }
};
using WaitGroupAtPtr = std::unique_ptr<go::sync::WaitGroup, WaitGroupAtDeleter>;

inline WaitGroupAtPtr MakeWaitGroupAt(std::size_t offset) {
  return WaitGroupAtPtr(NewWaitGroupAt(offset));
}

}  // namespace gosync_test

#endif  // GOSYNC_TESTS_WAITGROUP_TEST_UTIL_H_
