// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/semaview/parked_threads.h
// -----------------------------------------------------------------------------
//
// Real threads blocked in `SemTable::Acquire`, so that the treap semaview
// draws is the one the table builds for actual sleepers (not Enqueue'd
// records). Threads are parked one at a time and each is confirmed queued,
// under the root lock, before the next starts, so the FIFO order on every
// address is the order of the Park calls.

#ifndef GOSYNC_TOOLS_SEMAVIEW_PARKED_THREADS_H_
#define GOSYNC_TOOLS_SEMAVIEW_PARKED_THREADS_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sema/semtable.h"

namespace go::tools::semaview {

class ParkedThreads {
 public:
  // `table` must outlive this object.
  explicit ParkedThreads(go::runtime::SemTable& table) : table_(table) {}
  // Releases every thread still parked and joins them all.
  ~ParkedThreads();
  ParkedThreads(const ParkedThreads&) = delete;
  ParkedThreads& operator=(const ParkedThreads&) = delete;

  // Park()
  //
  // Starts a thread that calls Acquire(word) (the word must be 0) and waits
  // until the table shows it queued on `word`. Returns its thread id, or
  // nullopt with `error` set after `timeout`.
  std::optional<std::uint64_t> Park(std::uint32_t* word,
                                    std::chrono::milliseconds timeout,
                                    std::string& error);

  // ReleaseOne()
  //
  // Release(word) once and wait until one thread parked on `word` has
  // returned from Acquire. Returns the id of the thread that woke.
  std::optional<std::uint64_t> ReleaseOne(std::uint32_t* word,
                                          std::chrono::milliseconds timeout,
                                          std::string& error);

  // ReleaseAll()
  //
  // Gives every address as many counts as it has threads still parked
  // (ReleaseN) and joins every thread. Returns how many it released.
  int ReleaseAll();

 private:
  struct Waiter {
    std::uint32_t* word = nullptr;
    std::atomic<std::uint64_t> id{0};  // published before Acquire
    std::atomic<bool> woke{false};
    bool joined = false;
    std::thread thread;
  };

  go::runtime::SemTable& table_;
  std::vector<std::unique_ptr<Waiter>> waiters_;
};

}  // namespace go::tools::semaview

#endif  // GOSYNC_TOOLS_SEMAVIEW_PARKED_THREADS_H_
