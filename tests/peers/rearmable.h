// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tests/peers/rearmable.h
// -----------------------------------------------------------------------------
//
// `Rearmable<T>`: the adapter that lets one-shot primitives (std::latch,
// absl::Notification, absl::BlockingCounter) take part in benchmarks that
// reuse a group round after round. `Rearm(args...)` destroys the old object
// and constructs a new one in the same storage, so the address (and any
// wait-table slot keyed by it) stays the same, as it does for a reused
// go::sync::WaitGroup.
//
// Requirement: nobody may be using the old object when Rearm runs, which is
// exactly the rule for reusing a WaitGroup (every Wait of the previous round
// has returned). Each primitive documents that destroying it is safe once
// its wait has returned.

#ifndef GOSYNC_TESTS_PEERS_REARMABLE_H_
#define GOSYNC_TESTS_PEERS_REARMABLE_H_

#include <new>
#include <utility>

namespace gosync_peers {

template <class T>
class Rearmable {
 public:
  Rearmable() = default;
  Rearmable(const Rearmable&) = delete;
  Rearmable& operator=(const Rearmable&) = delete;
  ~Rearmable() { Reset(); }

  template <class... Args>
  T& Rearm(Args&&... args) {
    Reset();
    object_ =
        ::new (static_cast<void*>(storage_)) T(std::forward<Args>(args)...);
    return *object_;
  }

  void Reset() {
    if (object_ != nullptr) {
      object_->~T();
      object_ = nullptr;
    }
  }

  T& operator*() { return *object_; }
  T* operator->() { return object_; }

 private:
  alignas(T) unsigned char storage_[sizeof(T)];
  T* object_ = nullptr;
};

}  // namespace gosync_peers

#endif  // GOSYNC_TESTS_PEERS_REARMABLE_H_
