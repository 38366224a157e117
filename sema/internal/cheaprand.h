// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/cheaprand.h
// -----------------------------------------------------------------------------
//
// A cheap per-thread pseudo-random number, for treap priorities.
//
// Go: Go 1.22+ calls cheaprand(), a wyrand generator kept on the M; Go 1.19
// (the version this port follows elsewhere) calls fastrand(), which on 64-bit
// targets is the same wyrand. Here: wyrand with its state in a thread_local,
// seeded per thread from a process-wide counter; because each thread is its
// own M. Not for anything that needs unpredictability.
//
// Internal to gosync's runtime layer.

#ifndef GOSYNC_SEMA_INTERNAL_CHEAPRAND_H_
#define GOSYNC_SEMA_INTERNAL_CHEAPRAND_H_

#include <atomic>
#include <cstdint>

namespace go::runtime {
namespace cheaprand_internal {

inline constinit thread_local std::uint64_t state = 0;
inline constinit std::atomic<std::uint64_t> seeds{0};

// The 64-bit finalizer of SplitMix64: turns the counter into well-spread,
// distinct per-thread seeds.
inline std::uint64_t Mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace cheaprand_internal

// cheaprandseed()
//
// Restarts the calling thread's sequence from `seed`, so a test that prints
// its seed can replay the same treap shapes.
inline void cheaprandseed(std::uint64_t seed) {
  cheaprand_internal::state = cheaprand_internal::Mix(seed) | 1;
}

// cheaprand()
//
// Go: cheaprand() (1.22+) / fastrand() (1.19). One wyrand step.
inline std::uint32_t cheaprand() {
  std::uint64_t& s = cheaprand_internal::state;
  if (s == 0) [[unlikely]] {
    // First use on this thread: Go seeds each M at creation.
    cheaprandseed(
        cheaprand_internal::seeds.fetch_add(1, std::memory_order_relaxed) +
        0x9e3779b97f4a7c15ULL);
  }
  s += 0xa0761d6478bd642fULL;
  unsigned __int128 m =
      static_cast<unsigned __int128>(s) * (s ^ 0xe7037ed1a0b428dbULL);
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(m >> 64) ^
                                    static_cast<std::uint64_t>(m));
}

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_CHEAPRAND_H_
