// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Port of the notifyList section of Go's runtime/sema.go (Go 1.19), for
// threads: the wait list behind sync.Cond.
//
// A ticket list rather than a plain queue, because Cond.Wait cannot take its
// place in a queue and drop the user's lock in one step: it takes a ticket
// while it still holds the lock, drops the lock, and only then queues. A
// notification that comes in between is recorded by moving `notify` past the
// ticket, and the late waiter sees that and does not sleep. Every ticket is
// handed out by one atomic add; everything else happens under the list's
// lock, and waking happens after it is dropped.
//
// Every function runs inside a `norace` scope: as in Go, where the runtime
// is not instrumented, the list adds no happens-before edges that
// ThreadSanitizer could see (sema/internal/race.h).

#include "sema/notifylist.h"

#include <atomic>
#include <cstdint>

#include "sema/internal/mutex.h"
#include "sema/internal/parker.h"
#include "sema/internal/race.h"
#include "sema/internal/semaroot.h"
#include "sema/internal/sudog.h"

namespace go::runtime {

// Go's atomics are sequentially consistent, and so are these. The lock
// orders everything but the fast paths' two loads, which a caller orders with
// its own lock (Cond's L) when it needs them to see a waiter's ticket.

std::uint32_t notifyListAdd(notifyList* l) {
  norace nr;
  // Concurrent calls are fine: Cond.Wait may run under a read lock.
  return l->wait.fetch_add(1, std::memory_order_seq_cst);
}

// Go: notifyListWait cannot fail; here: noexcept; because the one thing that
// could throw, the allocation of this thread's sudog record on its first
// block, would leave a ticket that is never waited for, so it ends the
// program instead.
void notifyListWait(notifyList* l, std::uint32_t t) noexcept {
  norace nr;
  // Go: acquireSudog after taking the lock; here: before; because its first
  // call on a thread allocates, which must not happen under the lock. It
  // is a thread-local load otherwise.
  sudog* s = acquireSudog();
  // Go: lockWithRank(&l.lock, lockRankNotifyList); here: lock; because there
  // is no lock-rank checker.
  lock(&l->lock);

  // Ticket t was notified before we got here: do not sleep.
  if (less(t, l->notify.load(std::memory_order_seq_cst))) {
    unlock(&l->lock);
    // Go: takes no sudog on this path; here: give back the one taken above;
    // because a thread past its record's exit hook keeps a record bound
    // until releaseSudog returns it (sema/internal/sudog.cc).
    releaseSudog(s);
    return;
  }

  // Go: s.g = getg(); here: nothing; because acquireSudog binds each sudog
  // to its owner's parker for good.
  s->ticket = t;
  // Go: starts the block-profile clock if blockprofilerate > 0; here: never;
  // because gosync has no profiler (see sema.cc).
  s->releasetime = 0;
  // Arm the parker before s becomes findable, so a notifier that gets the
  // lock right after us cannot wake us before we sleep and be lost.
  s->g->Prepare();
  if (l->tail == nullptr) {
    l->head = s;
  } else {
    l->tail->next = s;
  }
  l->tail = s;
  // Go: goparkunlock(&l.lock, waitReasonSyncCondWait, traceEvGoBlockCond, 3);
  // here: unlock, then park; because a thread cannot sleep and unlock in one
  // step (as in sema.cc's goparkunlock). The armed parker keeps a wakeup
  // that comes in between.
  unlock(&l->lock);
  s->g->Park();
  // Nothing of l from here on: the notifier took s off the list, and the
  // list may already be gone.
  releaseSudog(s);
}

void notifyListNotifyAll(notifyList* l) {
  norace nr;
  // Fast path: no ticket was handed out since the last notification.
  if (l->wait.load(std::memory_order_seq_cst) ==
      l->notify.load(std::memory_order_seq_cst)) {
    return;
  }

  // Take the whole list; its waiters are woken after the lock is dropped.
  lock(&l->lock);
  sudog* s = l->head;
  l->head = nullptr;
  l->tail = nullptr;

  // Every ticket handed out so far is notified: its holder is either on the
  // list we took, or will find its ticket below notify and not sleep.
  l->notify.store(l->wait.load(std::memory_order_seq_cst),
                  std::memory_order_seq_cst);
  unlock(&l->lock);
  // l may be gone from here on (see notifylist.h): only the detached sudogs.

  // Go: readies the waiters one by one, reading each s.next before the
  // wake; here: through a wake tree, which reads every next before the first
  // wake; because the broadcaster then pays one wakeup, not one per waiter.
  if (s != nullptr) {
    readyTree(s, &sudog::next);
  }
}

void notifyListNotifyOne(notifyList* l) {
  norace nr;
  // Fast path: no ticket was handed out since the last notification.
  if (l->wait.load(std::memory_order_seq_cst) ==
      l->notify.load(std::memory_order_seq_cst)) {
    return;
  }

  lock(&l->lock);

  // Check again under the lock: another notifier may have come first.
  std::uint32_t t = l->notify.load(std::memory_order_seq_cst);
  if (t == l->wait.load(std::memory_order_seq_cst)) {
    unlock(&l->lock);
    return;
  }

  // Ticket t is notified from here on.
  l->notify.store(t + 1, std::memory_order_seq_cst);

  // Find t's holder on the list. It may not have queued yet; then it will
  // see the new notify and not sleep. Holders queue in roughly ticket order
  // (one can only overtake another between notifyListAdd and queueing), so
  // the scan normally stops at or near the head.
  for (sudog *p = nullptr, *s = l->head; s != nullptr; p = s, s = s->next) {
    if (s->ticket == t) {
      sudog* n = s->next;
      if (p != nullptr) {
        p->next = n;
      } else {
        l->head = n;
      }
      if (n == nullptr) {
        l->tail = p;
      }
      unlock(&l->lock);
      // l may be gone from here on (see notifylist.h).
      s->next = nullptr;
      readyWithTime(s, 4);
      return;
    }
  }
  unlock(&l->lock);
}

}  // namespace go::runtime
