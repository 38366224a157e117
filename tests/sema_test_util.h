// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tests/sema_test_util.h
// -----------------------------------------------------------------------------
//
// What only the sema tests share: semaphore words that really collide in one
// root, a seeded cheaprand for threads that park, and a root dump for
// failure messages. Seeds, the watchdog and polling are in
// tests/test_util.h.

#ifndef GOSYNC_TESTS_SEMA_TEST_UTIL_H_
#define GOSYNC_TESTS_SEMA_TEST_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sema/internal/cheaprand.h"
#include "sema/semtable.h"

namespace gosync_test {

// SeedParkingThread()
//
// Seeds the calling thread's cheaprand, which draws the treap ticket when
// this thread's park creates a tree node, from the test's seed and a stream
// number unique to the thread (for example round * 1000 + i). Call it in the
// thread before it parks: with every parking thread seeded, a printed seed
// replays the treap's shape, whatever order the threads arrive in (a treap
// with distinct tickets has one shape per set of (address, ticket) pairs).
inline void SeedParkingThread(std::uint64_t seed, std::uint64_t stream) {
  go::runtime::cheaprandseed(seed ^ (0x9e3779b97f4a7c15ULL * (stream + 1)));
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
