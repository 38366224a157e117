// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tests/sema_test_util.h
// -----------------------------------------------------------------------------
//
// What only the sema tests share: a seeded cheaprand for threads that park.
// Words that collide in one root and the root printer are in
// sema/semtable.h (CollidingWords, DescribeRoot), shared with the tools;
// seeds, the watchdog and polling are in tests/test_util.h.

#ifndef GOSYNC_TESTS_SEMA_TEST_UTIL_H_
#define GOSYNC_TESTS_SEMA_TEST_UTIL_H_

#include <cstdint>

#include "sema/internal/cheaprand.h"

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

}  // namespace gosync_test

#endif  // GOSYNC_TESTS_SEMA_TEST_UTIL_H_
