// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tests/sema_test_util.h
// -----------------------------------------------------------------------------
//
// Shared by the sema tests: the per-test seed, a watchdog that turns a hang
// into a failure with a message, polling for a state another thread must
// reach, and semaphore words that really collide in one root.

#ifndef GOSYNC_TESTS_SEMA_TEST_UTIL_H_
#define GOSYNC_TESTS_SEMA_TEST_UTIL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "sema/semtable.h"

namespace gosync_test {

// TestSeed()
//
// The seed for this test: $GOSYNC_SEED if set (to replay a failure),
// otherwise fresh. Every test that uses randomness prints it on failure.
inline std::uint64_t TestSeed() {
  if (const char* env = std::getenv("GOSYNC_SEED")) {
    return std::strtoull(env, nullptr, 0);
  }
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

inline std::string SeedNote(std::uint64_t seed) {
  return "seed=" + std::to_string(seed) +
         " (replay with GOSYNC_SEED=" + std::to_string(seed) + ")";
}

// Watchdog
//
// Fails the whole test binary with a clear message, instead of letting it
// hang, if it is still alive `limit` after construction: a lost wakeup shows
// up as a thread that never returns. `dump`, if given, is printed too (for
// example a Walk of the root involved).
class Watchdog {
 public:
  Watchdog(std::string what, std::chrono::seconds limit, std::uint64_t seed,
           std::function<std::string()> dump = nullptr)
      : thread_([this, what = std::move(what), limit, seed,
                 dump = std::move(dump)] {
          std::unique_lock<std::mutex> l(mu_);
          if (cv_.wait_for(l, limit, [this] { return done_; })) return;
          std::fprintf(stderr,
                       "WATCHDOG: %s did not finish within %llds, %s; a lost "
                       "wakeup or a deadlock\n",
                       what.c_str(), static_cast<long long>(limit.count()),
                       SeedNote(seed).c_str());
          if (dump) std::fprintf(stderr, "%s\n", dump().c_str());
          std::fflush(stderr);
          std::_Exit(1);
        }) {}

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

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts after the fields above exist
};

// Polls `pred` until it holds. The caller's Watchdog bounds the wait. This
// only waits for a state another thread must reach; it never stands in for
// checking that state.
inline void AwaitTrue(const std::function<bool()>& pred) {
  while (!pred()) {
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

// CollidingWords
//
// `n` semaphore words that all hash to the same root: consecutive words are
// 251 × 8 bytes apart, so (addr >> 3) differs by multiples of 251. (Go's
// BenchmarkSemTable steps by 251 uint32s, 1004 bytes, which the >> 3 turns
// into 125.5 granules: its "collisions" land in two roots, not one.)
// Word(i, 1) is the other half of Word(i)'s 8-byte granule: a different
// address in the same root, next to it in address order.
class CollidingWords {
 public:
  static constexpr std::size_t kStride = 251 * 2;  // uint32s, = 251 × 8 bytes

  explicit CollidingWords(std::size_t n) : words_(n * kStride + 2, 0) {}

  std::uint32_t* Word(std::size_t i, std::size_t half = 0) {
    return &words_[i * kStride + half];
  }
  std::size_t size() const { return (words_.size() - 2) / kStride; }

 private:
  std::vector<std::uint32_t> words_;  // operator new aligns it to 16
};

// Renders a root, for failure messages.
inline std::string Describe(const go::runtime::RootView& v) {
  std::string out = "root " + std::to_string(v.index) +
                    " nwait=" + std::to_string(v.nwait) + "\n";
  for (std::size_t i = 0; i < v.nodes.size(); ++i) {
    const auto& n = v.nodes[i];
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "  [%zu] depth=%d addr=%#llx ticket=%u parent=%d prev=%d "
                  "next=%d waiters=",
                  i, n.depth, static_cast<unsigned long long>(n.addr), n.ticket,
                  n.parent, n.prev, n.next);
    out += buf;
    for (auto w : n.waiters) out += std::to_string(w) + " ";
    out += "\n";
  }
  for (const auto& d : v.damage) out += "  damage: " + d + "\n";
  return out;
}

}  // namespace gosync_test

#endif  // GOSYNC_TESTS_SEMA_TEST_UTIL_H_
