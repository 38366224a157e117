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
// Go: Go 1.22+ calls cheaprand(), Go 1.19 (the version this port follows
// elsewhere) fastrand(); both keep 64 bits of state on the M and step it with
// wyrand where the compiler has a 64x64->128-bit multiply, and with
// xorshift64+ (two 32-bit xorshift halves added) everywhere else, e.g. 386
// and arm. Here: the same two generators, chosen by whether the compiler has
// unsigned __int128 (x86-64: wyrand; i386 under --config=m32: xorshift64+),
// with the state in a thread_local seeded per thread from a process-wide
// counter; because each thread is its own M. Not for anything that needs
// unpredictability.
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

namespace cheaprand_internal {

// Go's 64-bit branch: one wyrand step.
#ifdef __SIZEOF_INT128__
inline std::uint32_t Wyrand(std::uint64_t& s) {
  s += 0xa0761d6478bd642fULL;
  unsigned __int128 m =
      static_cast<unsigned __int128>(s) * (s ^ 0xe7037ed1a0b428dbULL);
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(m >> 64) ^
                                    static_cast<std::uint64_t>(m));
}
#endif

// Go's 32-bit branch: one xorshift64+ step, shift triplet [17, 7, 16].
// Go: views the uint64 as t := *[2]uint32 in memory order, so on the
// little-endian targets it runs on t[0] is the low half; here: the halves
// are taken arithmetically (t[0] = low, t[1] = high), the same sequence on
// any byte order. Compiled and tested on every target, so the x86-64 suite
// checks it too (sema_internal_test).
inline std::uint32_t Xorshift64Plus(std::uint64_t& s) {
  std::uint32_t s1 = static_cast<std::uint32_t>(s);
  std::uint32_t s0 = static_cast<std::uint32_t>(s >> 32);
  s1 ^= s1 << 17;
  s1 = s1 ^ s0 ^ s1 >> 7 ^ s0 >> 16;
  s = std::uint64_t{s0} | std::uint64_t{s1} << 32;  // t[0], t[1] = s0, s1
  return s0 + s1;
}

}  // namespace cheaprand_internal

// cheaprand()
//
// Go: cheaprand() (1.22+) / fastrand() (1.19): wyrand on targets with a
// 128-bit product, xorshift64+ elsewhere.
inline std::uint32_t cheaprand() {
  std::uint64_t& s = cheaprand_internal::state;
  if (s == 0) [[unlikely]] {
    // First use on this thread: Go seeds each M at creation.
    cheaprandseed(
        cheaprand_internal::seeds.fetch_add(1, std::memory_order_relaxed) +
        0x9e3779b97f4a7c15ULL);
  }
#ifdef __SIZEOF_INT128__
  return cheaprand_internal::Wyrand(s);
#else
  return cheaprand_internal::Xorshift64Plus(s);
#endif
}

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_CHEAPRAND_H_
