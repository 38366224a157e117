// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// notifyList (sema/notifylist.h) against a reference model, with real
// threads parked on a private list whose counters start anywhere, including
// just below the 32-bit wrap-around.
//
// The reference knows nothing of tickets: it keeps the waiters that have
// registered (taken a ticket) and not yet been notified, in registration
// order. NotifyOne releases the oldest of them, NotifyAll all of them. The
// test drives random steps (register, wait, notify one, notify all), lets
// waiters reach notifyListWait in an order different from their tickets',
// and after every step checks who has returned, the list's contents and
// `notify`. Steps are randomized from the printed seed.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "sema/internal/mutex.h"
#include "sema/internal/sudog.h"
#include "sema/notifylist.h"
#include "tests/test_util.h"

namespace {

using go::runtime::less;
using go::runtime::notifyList;
using go::runtime::notifyListAdd;
using go::runtime::notifyListNotifyAll;
using go::runtime::notifyListNotifyOne;
using go::runtime::notifyListWait;
using gosync_test::PollUntil;
using gosync_test::ScopedThreads;
using gosync_test::SeedNote;
using gosync_test::TestSeed;
using gosync_test::Watchdog;
using std::chrono::seconds;

constexpr std::uint32_t kMax = std::numeric_limits<std::uint32_t>::max();

TEST(NotifyListTest, LessWrapsAround) {
  EXPECT_TRUE(less(0, 1));
  EXPECT_FALSE(less(1, 0));
  EXPECT_FALSE(less(5, 5));
  EXPECT_TRUE(less(kMax, 0));  // 0 comes right after 2^32-1
  EXPECT_FALSE(less(0, kMax));
  EXPECT_TRUE(less(kMax - 3, 2));
  EXPECT_TRUE(less(0x7fffffffu, 0x80000000u));
  EXPECT_TRUE(less(0, 0x7fffffffu));  // difference 2^31-1: still ordered
}

TEST(NotifyListTest, NotifyWithoutTicketsTouchesNothing) {
  notifyList l;
  l.wait = kMax;
  l.notify = kMax;
  notifyListNotifyOne(&l);
  notifyListNotifyAll(&l);
  EXPECT_EQ(l.wait.load(), kMax);
  EXPECT_EQ(l.notify.load(), kMax);
}

TEST(NotifyListTest, NotifiedTicketDoesNotSleep) {
  notifyList l;
  l.wait = kMax - 1;
  l.notify = kMax - 1;
  const std::uint32_t a = notifyListAdd(&l);
  const std::uint32_t b = notifyListAdd(&l);
  const std::uint32_t c = notifyListAdd(&l);
  EXPECT_EQ(a, kMax - 1);
  EXPECT_EQ(b, kMax);
  EXPECT_EQ(c, 0u);
  notifyListNotifyOne(&l);
  EXPECT_EQ(l.notify.load(), kMax);
  notifyListNotifyAll(&l);
  EXPECT_EQ(l.notify.load(), 1u);
  // All three were notified before waiting: none may park (the test would
  // hang, and the watchdog would fail it).
  Watchdog watchdog("NotifiedTicketDoesNotSleep", seconds(30));
  notifyListWait(&l, c);
  notifyListWait(&l, a);
  notifyListWait(&l, b);
  go::runtime::lock(&l.lock);
  EXPECT_EQ(l.head, nullptr);
  EXPECT_EQ(l.tail, nullptr);
  go::runtime::unlock(&l.lock);
}

// One waiter thread: given a ticket, it calls notifyListWait and reports its
// return.
class Waiter {
 public:
  Waiter(notifyList* l, ScopedThreads* threads) : l_(l) {
    threads->Start([this] { Run(); });
  }

  void Wait(std::uint32_t t) {
    returned_.store(false);
    {
      std::lock_guard<std::mutex> g(mu_);
      ticket_ = t;
    }
    cv_.notify_one();
  }
  void Quit() {
    {
      std::lock_guard<std::mutex> g(mu_);
      quit_ = true;
    }
    cv_.notify_one();
  }
  bool Returned() const { return returned_.load(); }

 private:
  void Run() {
    for (;;) {
      std::uint32_t t;
      {
        std::unique_lock<std::mutex> g(mu_);
        cv_.wait(g, [this] { return quit_ || ticket_.has_value(); });
        if (quit_) return;
        t = *ticket_;
        ticket_.reset();
      }
      notifyListWait(l_, t);
      returned_.store(true);
    }
  }

  notifyList* const l_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<std::uint32_t> ticket_;
  bool quit_ = false;
  std::atomic<bool> returned_{false};
};

// The tickets on the list, head first, read under its lock.
std::vector<std::uint32_t> ListTickets(notifyList* l) {
  std::vector<std::uint32_t> out;
  go::runtime::lock(&l->lock);
  for (go::runtime::sudog* s = l->head; s != nullptr; s = s->next) {
    out.push_back(s->ticket);
  }
  bool tail_ok = out.empty() ? l->tail == nullptr
                             : l->tail != nullptr && l->tail->next == nullptr;
  go::runtime::unlock(&l->lock);
  if (!tail_ok) out.push_back(0xdeadbeef);  // shows up as a mismatch
  return out;
}

void RunModel(std::uint32_t start, std::uint64_t seed, int steps) {
  SCOPED_TRACE(SeedNote(seed) + " start=" + std::to_string(start));
  std::mt19937_64 rng(seed);
  constexpr int kWaiters = 8;

  Watchdog watchdog("notifyList model", seconds(60), seed);
  notifyList l;
  l.wait = start;
  l.notify = start;
  std::vector<std::unique_ptr<Waiter>> waiters;
  ScopedThreads threads([&] {
    notifyListNotifyAll(&l);  // an early ASSERT: release whoever is parked
    for (auto& w : waiters) w->Quit();
  });
  for (int i = 0; i < kWaiters; i++) {
    waiters.push_back(std::make_unique<Waiter>(&l, &threads));
  }

  enum class State { kIdle, kRegistered, kWaiting };
  struct Model {
    State state = State::kIdle;
    std::uint32_t ticket = 0;
    bool notified = false;  // in the reference: released by a notify
  };
  std::vector<Model> m(kWaiters);
  std::deque<int> registered;  // reference: registered, not yet notified
  std::vector<int> queue;      // reference: the list (waiting, not notified)
  std::uint32_t next_ticket = start;
  std::uint32_t notify = start;

  for (int step = 0; step < steps; step++) {
    watchdog.SetContext("step " + std::to_string(step));
    const int op = static_cast<int>(rng() % 8);
    const int w = static_cast<int>(rng() % kWaiters);
    std::string what;
    if (op <= 2) {  // register
      if (m[w].state != State::kIdle) continue;
      m[w] = {State::kRegistered, notifyListAdd(&l), false};
      ASSERT_EQ(m[w].ticket, next_ticket) << "tickets are consecutive";
      next_ticket++;
      registered.push_back(w);
      what = "add " + std::to_string(w);
    } else if (op <= 4) {  // a registered waiter reaches notifyListWait
      if (m[w].state != State::kRegistered) continue;
      m[w].state = State::kWaiting;
      if (!m[w].notified) queue.push_back(w);
      waiters[w]->Wait(m[w].ticket);
      what = "wait " + std::to_string(w);
    } else if (op <= 6) {  // NotifyOne: the oldest registration
      if (!registered.empty()) {
        const int v = registered.front();
        registered.pop_front();
        m[v].notified = true;
        queue.erase(std::remove(queue.begin(), queue.end(), v), queue.end());
        notify++;
      }
      notifyListNotifyOne(&l);
      what = "notify one";
    } else {  // NotifyAll: every registration so far
      for (int v : registered) {
        m[v].notified = true;
      }
      registered.clear();
      queue.clear();
      notify = next_ticket;
      notifyListNotifyAll(&l);
      what = "notify all";
    }
    SCOPED_TRACE("step " + std::to_string(step) + ": " + what);
    ASSERT_EQ(l.wait.load(), next_ticket);
    ASSERT_EQ(l.notify.load(), notify);

    // Every waiting waiter the reference released must return; the others
    // must end up parked on the list, in the order they came to wait.
    for (int v = 0; v < kWaiters; v++) {
      if (m[v].state == State::kWaiting && m[v].notified) {
        PollUntil([&] { return waiters[v]->Returned(); });
        m[v] = Model{};
      }
    }
    std::vector<std::uint32_t> want;
    for (int v : queue) want.push_back(m[v].ticket);
    PollUntil([&] { return ListTickets(&l).size() >= want.size(); });
    ASSERT_EQ(ListTickets(&l), want);
    for (int v = 0; v < kWaiters; v++) {
      if (m[v].state == State::kWaiting) {
        ASSERT_FALSE(waiters[v]->Returned()) << "waiter " << v << " woke early";
      }
    }
  }

  // Release everyone: a registered waiter still has to wait for its ticket.
  notifyListNotifyAll(&l);
  for (int v = 0; v < kWaiters; v++) {
    if (m[v].state == State::kRegistered) waiters[v]->Wait(m[v].ticket);
  }
  for (int v = 0; v < kWaiters; v++) {
    if (m[v].state != State::kIdle) {
      PollUntil([&] { return waiters[v]->Returned(); });
    }
    waiters[v]->Quit();
  }
  threads.JoinAll();
  EXPECT_EQ(l.wait.load(), l.notify.load());
  EXPECT_TRUE(ListTickets(&l).empty());
}

TEST(NotifyListTest, ModelFromZero) {
  RunModel(0, TestSeed(), gosync_test::kSanitized ? 400 : 2000);
}

TEST(NotifyListTest, ModelAcrossUint32Wraparound) {
  // The counters pass 2^32-1 -> 0 within the first few dozen steps.
  RunModel(kMax - 20, TestSeed(), gosync_test::kSanitized ? 400 : 2000);
}

TEST(NotifyListTest, ModelAcrossInt32SignBoundary) {
  RunModel(0x7fffffffu - 20, TestSeed(), gosync_test::kSanitized ? 400 : 2000);
}

}  // namespace
