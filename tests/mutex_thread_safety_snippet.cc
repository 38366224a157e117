// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Compiled, never run, by mutex_thread_safety_test.sh with Clang's
// -Wthread-safety -Werror: clean as it stands, and rejected with each
// GOSYNC_BAD_* macro defined.

#include "absl/base/thread_annotations.h"
#include "sync/mutex.h"
#include "sync/rwmutex.h"

struct Account {
  go::sync::Mutex mu;
  int balance ABSL_GUARDED_BY(mu) = 0;
  go::sync::RWMutex rw;
  int table ABSL_GUARDED_BY(rw) = 0;

  void Deposit(int n) {
    mu.Lock();
    balance += n;
    mu.Unlock();
  }
  bool TryDeposit(int n) {
    if (!mu.TryLock()) return false;
    balance += n;
    mu.Unlock();
    return true;
  }
  int Read() {
    rw.RLock();
    int v = table;
    rw.RUnlock();
    return v;
  }
  void Write(int v) {
    rw.Lock();
    table = v;
    rw.Unlock();
  }

#ifdef GOSYNC_BAD_UNLOCKED
  void Bad(int n) { balance += n; }  // not holding mu
#endif
#ifdef GOSYNC_BAD_WRITE_UNDER_RLOCK
  void Bad(int v) {
    rw.RLock();
    table = v;  // a write needs the exclusive lock
    rw.RUnlock();
  }
#endif
#ifdef GOSYNC_BAD_NOT_UNLOCKED
  void Bad() { mu.Lock(); }  // still held at the end of the function
#endif
};

int main() {
  Account a;
  a.Deposit(1);
  return a.TryDeposit(1) && a.Read() == 0 ? 0 : 1;
}
