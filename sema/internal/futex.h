// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/futex.h
// -----------------------------------------------------------------------------
//
// The one place where a gosync runtime thread goes to sleep in the kernel.
// Both sleepers, the root lock (sema/internal/mutex.cc) and the parker
// (sema/internal/parker.cc), use these functions; nothing else in gosync
// calls futex(2) or waits on an atomic.
//
// Linux: futex(2) with FUTEX_WAIT_PRIVATE / FUTEX_WAKE_PRIVATE, and
// futex_waitv(2) (Linux 5.16) for futexsleep2. Elsewhere: C++20
// `std::atomic<uint32_t>::wait` / `notify_*`, which give the same contract,
// and no futexsleep2.
//
// Internal to gosync's runtime layer.

#ifndef GOSYNC_SEMA_INTERNAL_FUTEX_H_
#define GOSYNC_SEMA_INTERNAL_FUTEX_H_

#include <atomic>
#include <cstdint>

namespace go::runtime {

// futexsleep()
//
// Atomically: if `*addr == val`, sleep until a futexwakeup on `addr`.
// Returns at once if `*addr != val`. May also return spuriously, so every
// caller re-checks its condition in a loop.
//
// Go: futexsleep(addr *uint32, val uint32, ns int64); here: no timeout;
// because neither the root lock nor the parker ever sleeps with one.
void futexsleep(std::atomic<std::uint32_t>* addr, std::uint32_t val);

// futexwakeup()
//
// Wakes at most `cnt` threads sleeping in futexsleep on `addr`. `addr` must
// point to live memory; it is not read.
void futexwakeup(std::atomic<std::uint32_t>* addr, std::uint32_t cnt);

// futexsleep2()
//
// Not in Go. Atomically: if `*a == va` and `*b == vb`, sleep until a
// futexwakeup on `a` or on `b`; otherwise, or spuriously, return at once.
// Only where futexsleep2Available(); the parker uses it to sleep on its own
// word and on a word shared by a group of sleepers that one call can wake.
void futexsleep2(std::atomic<std::uint32_t>* a, std::uint32_t va,
                 std::atomic<std::uint32_t>* b, std::uint32_t vb);

// Whether the kernel has futex_waitv (asked once; false off Linux, under
// emulators that lack it, and before Linux 5.16).
bool futexsleep2Available();

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_FUTEX_H_
