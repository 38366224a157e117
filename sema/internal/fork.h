// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/fork.h
// -----------------------------------------------------------------------------
//
// fork(2) and the runtime's locks. A child process starts with one thread, a
// copy of the one that called fork, and a copy of memory as it was at that
// instant: a root lock or the record-pool lock that another thread held then
// would stay held in the child forever. So, as glibc does for malloc's
// arenas, pthread_atfork handlers take every such lock before fork (the 251
// roots of the global table in index order, then the pool), release them in
// the parent, and reset them in the child, which also starts with an empty
// table: the threads parked in the parent do not exist in the child.
//
// Go: no fork (syscall.ForkExec runs only async-signal-safe code in the
// child); here: the handlers; because C++ programs fork and keep running.
//
// Private tables (sema/semtable.h) and their record caches are not covered.
//
// Internal to gosync's runtime layer.

#ifndef GOSYNC_SEMA_INTERNAL_FORK_H_
#define GOSYNC_SEMA_INTERNAL_FORK_H_

namespace go::runtime {

// registerForkHandlers()
//
// Installs the handlers, once per process; later calls cost one load. Called
// by a thread's first block (sema/internal/sudog.cc) before it takes any
// runtime lock: every root lock is first taken by a thread that has blocked or
// is about to (a releaser takes a root's lock only while a waiter is queued
// there).
void registerForkHandlers();

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_FORK_H_
