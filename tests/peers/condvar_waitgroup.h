// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tests/peers/condvar_waitgroup.h
// -----------------------------------------------------------------------------
//
// `CondvarWaitGroup`: the textbook WaitGroup made of a std::mutex, a
// std::condition_variable and an int, written the way such ports should be
// and often are not (see notes/peers.md §2.2-§3). It is the "mutex+condvar"
// peer of gosync's benchmarks.
//
// Done right means:
//   * No lost wakeup: the counter changes only under the mutex, and Wait
//     checks it under the same mutex before sleeping.
//   * No use after notify: the last Done notifies while still holding the
//     mutex, and a waiter cannot return before it has re-acquired the mutex,
//     i.e. before that Done has unlocked. glibc's unlock touches nothing but
//     the futex address after it releases the lock, so the waiter may destroy
//     the group as soon as Wait returns.
//   * No missed release on reuse: a waiter waits for the *generation* to move
//     on (the counter reaching zero), not for "counter == 0", so a group
//     reused at once cannot trap a waiter that was already released.
//   * No syscall when nobody waits: notify only if a waiter is registered.
//
// Cost: 40 + 48 + 12 bytes with glibc (about 104 with padding), a lock
// round trip on every Add, Done and Wait, and futex calls for the condvar.

#ifndef GOSYNC_TESTS_PEERS_CONDVAR_WAITGROUP_H_
#define GOSYNC_TESTS_PEERS_CONDVAR_WAITGROUP_H_

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace gosync_peers {

class CondvarWaitGroup {
 public:
  CondvarWaitGroup() = default;
  CondvarWaitGroup(const CondvarWaitGroup&) = delete;
  CondvarWaitGroup& operator=(const CondvarWaitGroup&) = delete;

  void Add(int delta) {
    std::lock_guard<std::mutex> l(mu_);
    count_ += delta;
    if (count_ < 0) {
      std::fputs("CondvarWaitGroup: negative counter\n", stderr);
      std::abort();
    }
    if (count_ == 0 && waiters_ != 0) {
      ++generation_;
      waiters_ = 0;
      cv_.notify_all();  // under the lock: see the file comment
    }
  }

  void Done() { Add(-1); }

  void Wait() {
    std::unique_lock<std::mutex> l(mu_);
    if (count_ == 0) return;
    const unsigned generation = generation_;
    ++waiters_;
    cv_.wait(l, [&] { return generation_ != generation; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int count_ = 0;
  int waiters_ = 0;
  unsigned generation_ = 0;
};

}  // namespace gosync_peers

#endif  // GOSYNC_TESTS_PEERS_CONDVAR_WAITGROUP_H_
