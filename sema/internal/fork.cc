// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "sema/internal/fork.h"

#include <pthread.h>

#include <atomic>

#include "sema/internal/mutex.h"
#include "sema/internal/parker.h"
#include "sema/internal/race.h"
#include "sema/internal/semaroot.h"
#include "sema/internal/sudog.h"
#include "sema/panic.h"

namespace go::runtime {
namespace {

// No thread ever holds two of these locks at once (semacquire1 binds its
// record before it takes its root's lock and gives it back after dropping
// it), so taking them all in one fixed order cannot deadlock.
void forkPrepare() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  norace nr;  // see sema/race.h
  for (semTable::entry& e : semtable.t) {
    lock(&e.root.lock);
  }
  lockRecordPool();
}

void forkParent() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  norace nr;
  unlockRecordPool();
  for (semTable::entry& e : semtable.t) {
    unlock(&e.root.lock);
  }
}

// The child's only thread is the one that forked, and it is not parked: no
// sudog in any treap has a thread behind it. Emptying the roots makes a
// release in the child wake its own waiters, never a parent's ghost. The
// ghosts' records stay bound to threads that do not exist (a bounded leak).
void forkChild() ABSL_NO_THREAD_SAFETY_ANALYSIS {
  norace nr;
  for (semTable::entry& e : semtable.t) {
    e.root.treap = nullptr;
    e.root.nwait.store(0, std::memory_order_relaxed);
    e.root.lock.key.store(mutex_unlocked, std::memory_order_relaxed);
  }
  resetRecordPoolInChild();
  Parker::ResetSpinningInChild();
}

}  // namespace

void registerForkHandlers() {
  static const bool registered = [] {
    if (pthread_atfork(forkPrepare, forkParent, forkChild) != 0) {
      throw_("out of memory");  // ENOMEM is its only error
    }
    return true;
  }();
  (void)registered;
}

}  // namespace go::runtime
