// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/sudog.h
// -----------------------------------------------------------------------------
//
// `sudog`: one waiting thread's entry in a semaRoot, with Go's fields, and
// where sudogs come from.
//
// Go: sudogs come from a per-P cache that spills to a global one, so any
// goroutine may get any sudog; here: each thread owns exactly one sudog for
// blocking (a thread waits on at most one semaphore at a time), held with its
// Parker in a per-thread record. Records come from a process-wide pool and
// are never freed: a thread takes one the first time it blocks and gives it
// back when it exits, so a late futex wake aimed at a record always hits live
// memory (see sema/internal/parker.h). SemTable::Enqueue, which queues records
// without parking anyone, takes new records from a `sudogcache` owned by the
// table instead, and recycles them on per-root free lists (sema/semtable.cc).
//
// releaseSudog keeps Go's checks on every release: a sudog must leave the
// treap with no address and no links, or the table is corrupt.
//
// Internal to gosync's runtime layer.

#ifndef GOSYNC_SEMA_INTERNAL_SUDOG_H_
#define GOSYNC_SEMA_INTERNAL_SUDOG_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "sema/internal/mutex.h"
#include "sema/internal/parker.h"

namespace go::runtime {

class sudogcache;

// sudog
//
// Go's fields in Go's order (runtime2.go). Go's `isSelect`, `success` and `c`
// serve channels only and are left out. All fields other than `g`, `id` and
// `cache` are owned by whoever holds the root lock while the sudog is queued,
// and by the owning thread otherwise.
struct sudog {
  // Go: g *g, the goroutine to goready; here: the owning thread's parker;
  // because threads, not goroutines, park here. nullptr for Enqueue records.
  Parker* g = nullptr;

  sudog* next = nullptr;  // treap: right child (larger addresses)
  sudog* prev = nullptr;  // treap: left child (smaller addresses)
  void* elem = nullptr;   // the semaphore address this sudog waits on

  // Profiling timestamps (cputicks). gosync has no profiler, so they stay 0
  // unless a caller stamps them; queue and dequeue still move them as Go does.
  std::int64_t acquiretime = 0;
  std::int64_t releasetime = 0;

  // While in the tree: the treap priority (never 0). After dequeue: 0, or 1
  // when semrelease1 handed its count straight to this waiter.
  std::uint32_t ticket = 0;

  sudog* parent = nullptr;    // treap parent
  sudog* waitlink = nullptr;  // next waiter on the same address
  sudog* waittail = nullptr;  // last waiter on the address (tree node only)

  // Go: a debugger names a waiter by s.g.goid; here: the id is kept in the
  // sudog (the owning thread's CurrentThreadId(), or the Enqueue sequence
  // number); because `g` is a bare Parker and Enqueue records have no thread.
  // Set when the sudog is handed out, read only by SemTable::Walk; the
  // table's own code never reads it.
  std::uint64_t id = 0;
  // Not in Go: the pool an Enqueue record returns to; nullptr for a thread's
  // own sudog.
  sudogcache* cache = nullptr;
};

// CurrentThreadId()
//
// A small, stable, process-unique number for the calling thread (1 for the
// first thread that asks): the `id` of its sudog. Stands in for a goroutine
// id in views and tests.
std::uint64_t CurrentThreadId();

// acquireSudog()
//
// The calling thread's own sudog (with `g` set to its parker), binding a
// record from the pool on the thread's first call. Throws "acquireSudog:
// found s.elem != nil in cache" if the sudog is still queued somewhere, and
// "out of memory" if a new record cannot be allocated. Never unwinds.
sudog* acquireSudog();

// releaseSudog()
//
// Checks that `s` was fully unlinked, as Go does, and gives it back: a
// thread's own sudog stays with the thread, an Enqueue record goes back to
// its cache. Throws "runtime: sudog with non-nil elem" / "... next" /
// "... prev" / "... waitlink" on a sudog that is still linked.
void releaseSudog(sudog* s);

// lockRecordPool(), unlockRecordPool(), resetRecordPoolInChild()
//
// For the fork handlers (sema/internal/fork.h) only: hold the pool's lock
// across fork(), release it in the parent, mark it free in the child.
void lockRecordPool();
void unlockRecordPool();
void resetRecordPoolInChild();

// sudogcache
//
// Go: p.sudogcache; here: a pool owned by one SemTable, used only by
// SemTable::Enqueue; because a thread's own sudog can be queued only once.
// Records live until the cache is destroyed. Thread-safe.
class sudogcache {
 public:
  sudogcache() = default;
  sudogcache(const sudogcache&) = delete;
  sudogcache& operator=(const sudogcache&) = delete;
  ~sudogcache();

  // A cleared record whose `id` is this cache's next sequence number
  // (1, 2, 3, ...).
  sudog* get();

 private:
  friend void releaseSudog(sudog* s);
  void put(sudog* s);

  mutex lock_;
  std::vector<sudog*> free_ ABSL_GUARDED_BY(lock_);
  std::vector<std::unique_ptr<sudog>> all_ ABSL_GUARDED_BY(lock_);
  std::uint64_t seq_ ABSL_GUARDED_BY(lock_) = 0;
};

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_INTERNAL_SUDOG_H_
