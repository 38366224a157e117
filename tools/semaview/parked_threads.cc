// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/semaview/parked_threads.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

namespace go::tools::semaview {
namespace {

using Clock = std::chrono::steady_clock;

// Polls `done` until it holds or `timeout` passes. Polling, because the
// only signal of "queued" the table offers is what Walk shows.
template <typename Predicate>
bool PollUntil(Predicate done, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

bool Queued(const go::runtime::SemTable& table, const std::uint32_t* word,
            std::uint64_t id) {
  go::runtime::RootView view = table.Walk(word);
  auto addr = reinterpret_cast<std::uintptr_t>(word);
  for (const go::runtime::TreapNodeView& node : view.nodes) {
    if (node.addr != addr) continue;
    return std::find(node.waiters.begin(), node.waiters.end(), id) !=
           node.waiters.end();
  }
  return false;
}

}  // namespace

ParkedThreads::~ParkedThreads() { ReleaseAll(); }

std::optional<std::uint64_t> ParkedThreads::Park(
    std::uint32_t* word, std::chrono::milliseconds timeout,
    std::string& error) {
  auto w = std::make_unique<Waiter>();
  Waiter* me = w.get();
  me->word = word;
  waiters_.push_back(std::move(w));
  me->thread = std::thread([this, me] {
    me->id.store(go::runtime::CurrentThreadId());
    table_.Acquire(me->word);
    me->woke.store(true);
  });
  if (!PollUntil(
          [&] {
            return me->id.load() != 0 && Queued(table_, word, me->id.load());
          },
          timeout)) {
    error = "thread " + std::to_string(waiters_.size()) +
            " did not show up queued within the timeout";
    return std::nullopt;
  }
  return me->id.load();
}

std::optional<std::uint64_t> ParkedThreads::ReleaseOne(
    std::uint32_t* word, std::chrono::milliseconds timeout,
    std::string& error) {
  std::vector<Waiter*> mine;
  for (auto& w : waiters_) {
    if (w->word == word && !w->joined) mine.push_back(w.get());
  }
  table_.Release(word);
  Waiter* woken = nullptr;
  PollUntil(
      [&] {
        for (Waiter* w : mine) {
          if (w->woke.load()) {
            woken = w;
            return true;
          }
        }
        return false;
      },
      timeout);
  if (woken == nullptr) {
    error = "no thread woke within the timeout after the release";
    return std::nullopt;
  }
  woken->thread.join();
  woken->joined = true;
  return woken->id.load();
}

int ParkedThreads::ReleaseAll() {
  std::map<std::uint32_t*, std::uint32_t> left;
  for (auto& w : waiters_) {
    if (!w->joined) ++left[w->word];
  }
  for (auto [word, n] : left) table_.ReleaseN(word, n);
  int released = 0;
  for (auto& w : waiters_) {
    if (w->joined) continue;
    w->thread.join();
    w->joined = true;
    ++released;
  }
  return released;
}

}  // namespace go::tools::semaview
