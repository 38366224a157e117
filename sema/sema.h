// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/sema.h
// -----------------------------------------------------------------------------
//
// The semaphore table of Go's runtime (`runtime/sema.go`), for threads.
//
// These are not semaphores for application code. They are the sleep/wakeup
// primitive that gosync's synchronization types are built on: a thread that
// finds nothing to take sleeps, and a release wakes exactly one sleeper, even
// when the release happens before the sleeper has gone to sleep. The
// semaphore itself is a plain `uint32_t` owned by the caller (for example the
// semaphore word inside `go::sync::WaitGroup`); every waiter is kept in one
// process-wide table of 251 roots keyed by the word's address, so an idle
// semaphore costs four bytes and nothing else.
//
// Requirements on the caller:
//   * The word must stay at the same address, and stay alive, for as long as
//     any thread may be inside Semacquire on it. (Go's garbage collector
//     guarantees this; in C++ it is the owner's job.)
//   * The word must only be modified through these functions while any thread
//     may be waiting on it.
//
// Memory ordering: a Semrelease (or SemreleaseN) that provides a count
// synchronizes with the Semacquire that takes it: everything the releasing
// thread did before the release happens before the acquiring thread returns.
//
// fork(): the table is safe to use in a child process. gosync holds its locks
// across fork (pthread_atfork, as glibc's malloc does), so the child never
// inherits one held, and the child starts with an empty table. Only the
// forking thread exists in the child; the threads that were parked in the
// parent do not. So in the child:
//   * Objects created after fork, and inherited ones that no thread was
//     waiting on or working for at the fork, work as usual.
//   * An inherited object that parent threads were waiting on has lost those
//     waiters; one whose counts were owed by parent threads (a WaitGroup
//     whose tasks ran in other threads, a semaphore another thread would
//     release) never gets them: waiting on it in the child hangs.
//   * A count left in an inherited word is still there and can be taken.

#ifndef GOSYNC_SEMA_SEMA_H_
#define GOSYNC_SEMA_SEMA_H_

#include <cstdint>

namespace go::runtime {

// Semacquire()
//
// Waits until `*addr > 0`, then decrements it atomically. Go's
// `sync.runtime_Semacquire`: FIFO among waiters on the same address.
void Semacquire(uint32_t* addr);

// SemacquireMutex()
//
// As Semacquire, for mutex-like callers. With `lifo`, the caller is queued at
// the head of the waiters on `addr` instead of the tail (Go's sync.Mutex uses
// this for a waiter that was woken but lost the race and waits again).
// `skipframes` is accepted for parity with Go, where it trims profiler stacks.
void SemacquireMutex(uint32_t* addr, bool lifo, int skipframes);

// Semrelease()
//
// Increments `*addr` and, if a thread is waiting on `addr`, wakes the first
// one. With `handoff`, once the waiter has been taken off the queue the
// releaser takes the count on the waiter's behalf, so a thread arriving in
// Semacquire after that cannot take it first. (One that arrives between the
// increment and the handoff still can, as in Go; the woken waiter then finds
// no count and queues again.) `skipframes` is accepted for parity with Go.
//
// After the increment a waiter may return. Semrelease reads `*addr` again only
// when `handoff` is set and a waiter has been dequeued but not yet woken, so
// the word is still owned by that waiter.
void Semrelease(uint32_t* addr, bool handoff, int skipframes);

// SemreleaseN()
//
// Adds `n` to `*addr` with a single atomic operation, then wakes up to `n`
// threads waiting on `addr`, in FIFO order.
//
// Go has no such function: Go's `WaitGroup.Add` calls Semrelease once per
// waiter. SemreleaseN takes the root lock once and pays for one wakeup (a
// wake tree, or one system call for a small group). Like Semrelease, it never
// dereferences `addr` after its atomic add; it uses the address only as a key
// into the table, so the word may be freed as soon as the last waiter returns.
void SemreleaseN(uint32_t* addr, uint32_t n);

// nanotime()
//
// Go: sync.runtime_nanotime (the runtime's sync_nanotime): a monotonic clock
// in nanoseconds (CLOCK_MONOTONIC), for measuring how long a waiter waited.
std::int64_t nanotime() noexcept;

// canSpin()
//
// Go: sync.runtime_canSpin. Whether a thread that has spun `i` times on a
// locked sync.Mutex may spin once more, hoping that the owner, running on
// another CPU, unlocks soon. See sema/proc.cc for the conditions kept.
bool canSpin(int i) noexcept;

// doSpin()
//
// Go: sync.runtime_doSpin. One round of active spinning: 30 PAUSEs.
void doSpin() noexcept;

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_SEMA_H_
