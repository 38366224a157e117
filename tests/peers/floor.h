// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tests/peers/floor.h
// -----------------------------------------------------------------------------
//
// The floor of gosync's WaitGroup benchmarks: the least work any WaitGroup
// with Go's semantics can do.
//
//   * `FloorWaitGroup`: the same atomic operations as go::sync::WaitGroup on
//     the same 64-bit (counter, waiters) word, with no misuse checks, no
//     alignment dance, no race annotations and no semaphore table: a waiter
//     sleeps with a raw futex wait on the counter half of the word, and the
//     Done that reaches zero issues one raw futex wake for all of them.
//   * `FutexWait` / `FutexWake`: the raw futex(2) calls. The floor makes its
//     own, rather than using sema/internal/futex.h, because a measuring stick
//     must not share code with what it measures.
//   * `RawCounter` and `RawBroadcast`: the side channels that multi-thread
//     benchmarks need to coordinate rounds. Every implementation under test
//     pays the same for them.
//
// Not a usable WaitGroup: misuse is undefined, and a waiter released by one
// round may sleep again if the next round starts before it looks.

#ifndef GOSYNC_TESTS_PEERS_FLOOR_H_
#define GOSYNC_TESTS_PEERS_FLOOR_H_

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <bit>
#include <climits>
#include <cstdint>

namespace gosync_peers {

inline void FutexWait(const std::atomic<std::uint32_t>* addr,
                      std::uint32_t val) {
  syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, nullptr, nullptr, 0);
}

inline void FutexWake(const std::atomic<std::uint32_t>* addr, int n) {
  syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, n, nullptr, nullptr, 0);
}

class FloorWaitGroup {
 public:
  FloorWaitGroup() = default;
  FloorWaitGroup(const FloorWaitGroup&) = delete;
  FloorWaitGroup& operator=(const FloorWaitGroup&) = delete;

  void Add(int delta) {
    std::uint64_t s = state_.fetch_add(static_cast<std::uint64_t>(delta) << 32,
                                       std::memory_order_seq_cst) +
                      (static_cast<std::uint64_t>(delta) << 32);
    if (static_cast<std::uint32_t>(s >> 32) != 0 ||
        static_cast<std::uint32_t>(s) == 0) {
      return;
    }
    state_.store(0, std::memory_order_release);
    FutexWake(CounterWord(), INT_MAX);
  }

  void Done() { Add(-1); }

  void Wait() {
    std::uint64_t s = state_.load(std::memory_order_seq_cst);
    for (;;) {
      if ((s >> 32) == 0) return;
      if (state_.compare_exchange_weak(s, s + 1, std::memory_order_seq_cst)) {
        break;
      }
    }
    for (;;) {
      std::uint32_t counter = CounterWord()->load(std::memory_order_acquire);
      if (counter == 0) return;
      FutexWait(CounterWord(), counter);
    }
  }

 private:
  // The counter half of the 64-bit word, as the 32-bit futex word.
  const std::atomic<std::uint32_t>* CounterWord() const {
    static_assert(sizeof(std::atomic<std::uint64_t>) == 8);
    constexpr int kHalf = std::endian::native == std::endian::little ? 1 : 0;
    return reinterpret_cast<const std::atomic<std::uint32_t>*>(&state_) + kHalf;
  }

  alignas(8) std::atomic<std::uint64_t> state_{0};
};

// A monotonically increasing count that one thread can sleep on until it
// reaches a target.
class RawCounter {
 public:
  void Arrive() {
    std::uint32_t now = count_.fetch_add(1, std::memory_order_seq_cst) + 1;
    if (now == want_.load(std::memory_order_seq_cst)) FutexWake(&count_, 1);
  }
  // Only one thread may wait at a time.
  void WaitAtLeast(std::uint32_t target) {
    want_.store(target, std::memory_order_seq_cst);
    for (;;) {
      std::uint32_t now = count_.load(std::memory_order_seq_cst);
      if (now >= target) return;
      FutexWait(&count_, now);
    }
  }

 private:
  std::atomic<std::uint32_t> count_{0};
  std::atomic<std::uint32_t> want_{0};
};

// A generation number that many threads can sleep on until it reaches a
// value.
class RawBroadcast {
 public:
  void Publish(std::uint32_t generation) {
    generation_.store(generation, std::memory_order_seq_cst);
    FutexWake(&generation_, INT_MAX);
  }
  void WaitAtLeast(std::uint32_t generation) {
    for (;;) {
      std::uint32_t now = generation_.load(std::memory_order_seq_cst);
      if (now >= generation) return;
      FutexWait(&generation_, now);
    }
  }

 private:
  std::atomic<std::uint32_t> generation_{0};
};

}  // namespace gosync_peers

#endif  // GOSYNC_TESTS_PEERS_FLOOR_H_
