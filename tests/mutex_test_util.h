// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Test access to Mutex and RWMutex internals: the words, and the steps of an
// Unlock taken apart, for deterministic tests of the slow paths.

#ifndef GOSYNC_TESTS_MUTEX_TEST_UTIL_H_
#define GOSYNC_TESTS_MUTEX_TEST_UTIL_H_

#include <cstdint>

#include "sema/sema.h"
#include "sync/mutex.h"
#include "sync/rwmutex.h"

namespace go::sync {

class MutexTestPeer {
 public:
  static std::int32_t State(const Mutex& m) {
    return __atomic_load_n(&m.state, __ATOMIC_SEQ_CST);
  }
  static std::int32_t Waiters(const Mutex& m) {
    return State(m) >> mutexWaiterShift;
  }
  static std::uint32_t* Sema(Mutex& m) { return &m.sema; }
  static void SetState(Mutex& m, std::int32_t s) {
    __atomic_store_n(&m.state, s, __ATOMIC_SEQ_CST);
  }

  // What `Unlock` followed at once by a barging `Lock` does, in one step and
  // without the race: claim one waiter (mutexWoken, one waiter fewer) and
  // wake it, while the mutex stays locked. The woken waiter finds the mutex
  // locked and queues again.
  static void WakeOneWhileLocked(Mutex& m) {
    std::int32_t old = State(m);
    for (;;) {
      std::int32_t n = (old - (1 << mutexWaiterShift)) | mutexWoken;
      if (__atomic_compare_exchange_n(&m.state, &old, n, false,
                                      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        break;
      }
    }
    go::runtime::Semrelease(&m.sema, false, 0);
  }
};

class RWMutexTestPeer {
 public:
  static std::int32_t ReaderCount(const RWMutex& rw) {
    return __atomic_load_n(&rw.readerCount, __ATOMIC_SEQ_CST);
  }
  static std::int32_t ReaderWait(const RWMutex& rw) {
    return __atomic_load_n(&rw.readerWait, __ATOMIC_SEQ_CST);
  }
  static std::uint32_t* ReaderSem(RWMutex& rw) { return &rw.readerSem; }
  static std::uint32_t* WriterSem(RWMutex& rw) { return &rw.writerSem; }
  static Mutex& W(RWMutex& rw) { return rw.w; }
};

}  // namespace go::sync

#endif  // GOSYNC_TESTS_MUTEX_TEST_UTIL_H_
