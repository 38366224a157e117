// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/notifylist.h
// -----------------------------------------------------------------------------
//
// `notifyList`: the ticket-based wait list of Go's runtime (the end of
// `runtime/sema.go`), on which `go::sync::Cond` is built.
//
// A waiter first takes a ticket (`notifyListAdd`, one atomic add, callable
// with the caller's own lock held), then, typically after dropping that lock,
// waits for its ticket (`notifyListWait`). A notification is owed to tickets,
// not to threads that happen to be asleep: `notifyListNotifyOne` notifies the
// oldest ticket not yet notified, `notifyListNotifyAll` every ticket handed
// out so far, whether or not its holder has reached notifyListWait. A holder
// that arrives later finds its ticket notified and returns at once, so no
// wakeup is lost between dropping the caller's lock and sleeping.
//
// Tickets are 32-bit counters that may wrap around; they are compared with
// `less`, which is right as long as fewer than 2^31 tickets are outstanding.
//
// Waiters park with the semaphore table's parker and sudog
// (sema/internal/parker.h, sema/internal/sudog.h); a thread waits on at most
// one list or semaphore at a time.
//
// Lifetime (C++ only; Go's garbage collector makes this automatic): the
// list may be destroyed as soon as every thread that took a ticket has
// returned from notifyListWait. The notifiers take waiters off the list under
// its lock and wake them after dropping it, reading each waiter's `next`
// before the first wake; after a wake they touch neither the list nor any
// sudog they took. The one access that can trail a returning waiter is the
// futex wake inside `unlock(&l->lock)` (sema/internal/mutex.cc), when a waiter
// that is already notified is spinning for the lock: it passes the lock's
// address to the kernel, which does not read the memory (a private futex is
// keyed by address), and at worst wakes a futex sleeper at a reused address
// spuriously, which every futex sleeper tolerates. (POSIX allows destroying a
// pthread mutex right after unlocking it for the same reason.)
//
// Memory ordering: everything a notifier did before notifyListNotifyOne/All
// happens before the return of the notifyListWait it releases. The list is
// runtime-internal and invisible to ThreadSanitizer (sema/internal/race.h): as
// in Go, a Cond's users synchronize through the Cond's lock.
//
// Part of //sema's public headers so that package sync can embed a list; not
// for application code.

#ifndef GOSYNC_SEMA_NOTIFYLIST_H_
#define GOSYNC_SEMA_NOTIFYLIST_H_

#include <atomic>
#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "sema/internal/mutex.h"

namespace go::runtime {

struct sudog;

// notifyList
//
// Go's fields in Go's order. Zero-initialized, constant-initializable,
// trivially destructible; not copyable.
struct notifyList {
  constexpr notifyList() = default;
  notifyList(const notifyList&) = delete;
  notifyList& operator=(const notifyList&) = delete;

  // The next ticket to hand out. Changed only by notifyListAdd's atomic add,
  // outside the lock.
  std::atomic<std::uint32_t> wait{0};

  // The next ticket to notify. Read with atomic loads anywhere, stored only
  // with the lock held. wait and notify may wrap around; see `less`.
  std::atomic<std::uint32_t> notify{0};

  // Parked waiters in the order they queued, linked through sudog::next.
  // Tickets may queue slightly out of order (taking a ticket and queueing
  // are separate steps), so the list is not sorted.
  mutex lock;
  sudog* head ABSL_GUARDED_BY(lock) = nullptr;
  sudog* tail ABSL_GUARDED_BY(lock) = nullptr;
};

// less()
//
// Whether ticket a comes before ticket b, for running counts that may wrap
// around 2^32 and whose unwrapped difference is below 2^31.
constexpr bool less(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) < 0;
}

// notifyListAdd()
//
// Takes the next ticket. Safe to call concurrently from any number of
// threads (for example from Cond::Wait under a read lock). The caller must
// later pass the ticket to notifyListWait, exactly once.
std::uint32_t notifyListAdd(notifyList* l);

// notifyListWait()
//
// Returns once ticket `t` has been notified: at once if it already has been,
// otherwise after parking until a notifier wakes this thread. No spurious
// returns.
void notifyListWait(notifyList* l, std::uint32_t t) noexcept;

// notifyListNotifyAll()
//
// Notifies every ticket handed out so far and wakes every parked waiter,
// through a wake tree (sema/internal/parker.h): the caller pays one wakeup,
// the woken waiters wake the rest. One pair of atomic loads when no ticket
// is outstanding.
void notifyListNotifyAll(notifyList* l);

// notifyListNotifyOne()
//
// Notifies the oldest ticket not yet notified, if any, and wakes its holder
// if it has parked. One pair of atomic loads when no ticket is outstanding.
void notifyListNotifyOne(notifyList* l);

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_NOTIFYLIST_H_
