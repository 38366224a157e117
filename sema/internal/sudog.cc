// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "sema/internal/sudog.h"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <new>

#include "sema/internal/fork.h"
#include "sema/internal/mutex.h"
#include "sema/internal/parker.h"
#include "sema/internal/race.h"
#include "sema/panic.h"

namespace go::runtime {
namespace {

// One per blocking thread: the stand-in for what Go keeps on the G and M.
struct threadRecord {
  Parker parker;
  sudog s;
  threadRecord* alllink = nullptr;   // every record ever made (Go: allm)
  threadRecord* freelink = nullptr;  // the free list
};

// The pool. Constant-initialized and trivially destructible, so it works
// before main and during static destruction. Records are never freed; the
// `allrecords` chain keeps them reachable for leak checkers.
constinit mutex recordLock;
constinit threadRecord* allrecords ABSL_GUARDED_BY(recordLock) = nullptr;
constinit threadRecord* freerecords ABSL_GUARDED_BY(recordLock) = nullptr;

constinit std::atomic<std::uint64_t> nextThreadId{1};
constinit thread_local std::uint64_t tlsThreadId = 0;
constinit thread_local threadRecord* tlsRecord = nullptr;
constinit thread_local bool tlsExited = false;

// Unbinds the calling thread's record and puts it back in the pool. Only
// after semacquire1 is done with it, i.e. after the waker's Unpark exchange;
// a waker may still be inside its futex wake, which is why records are never
// freed.
void returnRecord() {
  norace nr;
  threadRecord* r = tlsRecord;
  tlsRecord = nullptr;
  if (r == nullptr) return;
  lock(&recordLock);
  r->freelink = freerecords;
  freerecords = r;
  unlock(&recordLock);
}

// Gives the record back when the thread exits.
struct recordReturner {
  bool armed = false;
  ~recordReturner() {
    tlsExited = true;
    if (armed) {
      returnRecord();
    } else {
      tlsRecord = nullptr;
    }
  }
};
thread_local recordReturner tlsReturner;

[[gnu::noinline]] threadRecord* bindRecord() {
  registerForkHandlers();  // before the first runtime lock; see fork.h
  lock(&recordLock);
  threadRecord* r = freerecords;
  if (r != nullptr) {
    freerecords = r->freelink;
    r->freelink = nullptr;
  } else {
    // Go: a failed allocation throws "out of memory" from inside mallocgc;
    // here: a nothrow new, then the lock is dropped and throw_ reports it;
    // because semacquire1 is noexcept (std::bad_alloc would std::terminate),
    // and the lock must not stay held for the atfork handlers. malloc may
    // set errno even when it succeeds; the caller's errno is kept.
    const int saved_errno = errno;
    r = new (std::nothrow) threadRecord;
    errno = saved_errno;
    if (r == nullptr) [[unlikely]] {
      unlock(&recordLock);
      throw_("out of memory");
    }
    r->alllink = allrecords;
    allrecords = r;
  }
  unlock(&recordLock);
  r->s.g = &r->parker;
  r->s.id = CurrentThreadId();
  tlsRecord = r;
  // A thread that blocks from inside a thread_local destructor that runs
  // after ours does not arm it again (registering a destructor that late is
  // not reliable): releaseSudog returns the record after that block instead.
  if (!tlsExited) tlsReturner.armed = true;
  return r;
}

}  // namespace

std::uint64_t CurrentThreadId() {
  if (tlsThreadId == 0) {
    tlsThreadId = nextThreadId.fetch_add(1, std::memory_order_relaxed);
  }
  return tlsThreadId;
}

sudog* acquireSudog() {
  threadRecord* r = tlsRecord;
  if (r == nullptr) [[unlikely]] {
    r = bindRecord();
  }
  sudog* s = &r->s;
  if (s->elem != nullptr) {
    throw_("acquireSudog: found s.elem != nil in cache");
  }
  return s;
}

void releaseSudog(sudog* s) {
  if (s->elem != nullptr) {
    throw_("runtime: sudog with non-nil elem");
  }
  if (s->next != nullptr) {
    throw_("runtime: sudog with non-nil next");
  }
  if (s->prev != nullptr) {
    throw_("runtime: sudog with non-nil prev");
  }
  if (s->waitlink != nullptr) {
    throw_("runtime: sudog with non-nil waitlink");
  }
  // Go: also checks isSelect, c and gp.param; here: not; because those fields
  // do not exist. parent and waittail are not checked in Go either.
  if (s->cache != nullptr) {
    s->cache->put(s);
  } else if (tlsExited) [[unlikely]] {
    // Go: a sudog goes back to the P's cache after every wait; here: a
    // thread keeps its record until it exits, except after a block in a
    // thread_local destructor that ran after recordReturner's, which
    // returns it at once; because nothing would return it later, and each
    // such thread would leak one.
    returnRecord();
  }
}

void lockRecordPool() ABSL_NO_THREAD_SAFETY_ANALYSIS { lock(&recordLock); }

void unlockRecordPool() ABSL_NO_THREAD_SAFETY_ANALYSIS { unlock(&recordLock); }

void resetRecordPoolInChild() {
  recordLock.key.store(mutex_unlocked, std::memory_order_relaxed);
}

sudogcache::~sudogcache() = default;

sudog* sudogcache::get() {
  lock(&lock_);
  sudog* s;
  if (free_.empty()) {
    all_.push_back(std::make_unique<sudog>());
    s = all_.back().get();
    s->cache = this;
  } else {
    s = free_.back();
    free_.pop_back();
  }
  s->id = ++seq_;
  unlock(&lock_);
  return s;
}

void sudogcache::put(sudog* s) {
  lock(&lock_);
  free_.push_back(s);
  unlock(&lock_);
}

}  // namespace go::runtime
