// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tests/waitgroup_test_util.h
// -----------------------------------------------------------------------------
//
// What the WaitGroup tests share: a peer that reads the private state words,
// a watchdog that turns a hang into a failure, a reproducible seed, a small
// channel standing in for Go's `chan`, and Go's `runtime.NumCPU`.
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
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/config.h"
#include "sync/waitgroup.h"

#ifdef ABSL_HAVE_THREAD_SANITIZER
extern "C" void AnnotateIgnoreReadsBegin(const char* file, int line);
extern "C" void AnnotateIgnoreReadsEnd(const char* file, int line);
#endif

namespace go::sync {

// Reads WaitGroup's private words. The loads are relaxed atomics: they give
// no happens-before edge, so tests that poll with them do not hide races from
// TSan.
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
};

}  // namespace go::sync

namespace gosync_test {

// True when built with a sanitizer; stress loops run fewer rounds then.
#if defined(ABSL_HAVE_THREAD_SANITIZER) ||  \
    defined(ABSL_HAVE_ADDRESS_SANITIZER) || \
    defined(ABSL_HAVE_MEMORY_SANITIZER)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

#ifdef ABSL_HAVE_THREAD_SANITIZER
inline constexpr bool kTsan = true;
#else
inline constexpr bool kTsan = false;
#endif

// Go: runtime.NumCPU (the CPUs this process may run on).
inline int NumCPU() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return CPU_COUNT(&set);
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

// The seed of a randomized test: $GOSYNC_TEST_SEED if set, else random. It is
// printed so that a failure can be replayed.
inline std::uint64_t TestSeed(const char* test_name) {
  std::uint64_t seed;
  if (const char* s = std::getenv("GOSYNC_TEST_SEED")) {
    seed = std::strtoull(s, nullptr, 10);
  } else {
    seed = (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^
           std::random_device{}();
  }
  std::fprintf(stderr, "%s: seed=%llu (replay with GOSYNC_TEST_SEED=%llu)\n",
               test_name, static_cast<unsigned long long>(seed),
               static_cast<unsigned long long>(seed));
  return seed;
}

// Fails the test process if it is still alive `seconds` after construction
// and the watchdog has not been destroyed: a hang becomes a clear failure
// with the test's context (seed, iteration) instead of a Bazel timeout.
class Watchdog {
 public:
  Watchdog(std::string what, double seconds)
      : what_(std::move(what)), thread_([this, seconds] { Run(seconds); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> l(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Extra context printed if the watchdog fires (for example the iteration).
  void SetContext(std::string context) {
    std::lock_guard<std::mutex> l(mu_);
    context_ = std::move(context);
  }

 private:
  void Run(double seconds) {
    std::unique_lock<std::mutex> l(mu_);
    if (!cv_.wait_for(l, std::chrono::duration<double>(seconds),
                      [this] { return done_; })) {
      std::fprintf(stderr,
                   "WATCHDOG: %s did not finish within %.0f s (hang or lost "
                   "wakeup?) %s\n",
                   what_.c_str(), seconds, context_.c_str());
      std::fflush(stderr);
      std::abort();
    }
  }

  std::string what_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::string context_;
  std::thread thread_;
};

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

// Spins (yielding) until `pred()` holds or `timeout` passes; returns pred().
template <class Pred>
bool PollUntil(Pred pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return pred();
    std::this_thread::yield();
  }
  return true;
}

}  // namespace gosync_test

#endif  // GOSYNC_TESTS_WAITGROUP_TEST_UTIL_H_
