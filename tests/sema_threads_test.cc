// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Real threads parked in one root of a private SemTable: who wakes, when,
// and in which order; handoff; and SemreleaseN against a word that is freed
// the moment the last waiter returns. Each test bounds itself with a
// Watchdog and prints its seed. Every thread that creates a tree node seeds
// its own cheaprand from the test's seed (SeedParkingThread), so a printed
// seed replays the treap shapes as well as the release order.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "sema/sema.h"
#include "sema/semtable.h"
#include "tests/sema_test_util.h"
#include "tests/test_util.h"

namespace {

using go::runtime::CollidingWords;
using go::runtime::DescribeRoot;
using go::runtime::RootView;
using go::runtime::SemTable;
using go::runtime::TreapNodeView;
using gosync_test::PollUntil;
using gosync_test::ScopedThreads;
using gosync_test::SeedNote;
using gosync_test::SeedParkingThread;
using gosync_test::Watchdog;
using std::chrono::seconds;

std::uint32_t LoadWord(std::uint32_t* w) {
  return std::atomic_ref<std::uint32_t>(*w).load();
}

// Total waiters the walk shows on `addr`'s node (0 if none).
std::size_t WaitersOn(const RootView& v, const std::uint32_t* addr) {
  for (const auto& n : v.nodes) {
    if (n.addr == reinterpret_cast<std::uintptr_t>(addr)) {
      return n.waiters.size();
    }
  }
  return 0;
}

std::vector<std::uint64_t> WaiterIds(const RootView& v,
                                     const std::uint32_t* addr) {
  for (const auto& n : v.nodes) {
    if (n.addr == reinterpret_cast<std::uintptr_t>(addr)) return n.waiters;
  }
  return {};
}

// Many threads, each parked on its own address, all in one root. Released in
// random order, each must wake exactly when its own address is released:
// none lost (the Watchdog), none early (the others are still parked and
// still in the tree).
TEST(SemaThreadsTest, ManyAddressesOneRootWakeExactlyWhenReleased) {
  const std::uint64_t seed = gosync_test::TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::mt19937_64 rng(seed);
  constexpr std::size_t kThreads = 24;
  constexpr int kRounds = 4;
  CollidingWords words(kThreads);
  SemTable tab;
  Watchdog dog("ManyAddressesOneRoot", seconds(120), seed,
               [&] { return DescribeRoot(tab.Walk(words.Word(0))); });

  for (int round = 0; round < kRounds; ++round) {
    dog.SetContext("round " + std::to_string(round));
    std::vector<std::atomic<bool>> returned(kThreads);
    std::vector<bool> released(kThreads, false);
    // After a failed ASSERT: release whatever is still parked, then join.
    ScopedThreads threads([&] {
      for (std::size_t i = 0; i < kThreads; ++i) {
        if (!released[i]) tab.Release(words.Word(i));
      }
    });
    for (std::size_t i = 0; i < kThreads; ++i) {
      threads.Start([&, i, round] {
        SeedParkingThread(seed, round * kThreads + i);  // its node's ticket
        tab.Acquire(words.Word(i), /*lifo=*/(i % 3) == 0);
        returned[i].store(true);
      });
    }
    // All parked: one tree node per address, nothing returned.
    PollUntil([&] { return tab.Nwait(words.Word(0)) == kThreads; });
    RootView v = tab.Walk(words.Word(0));
    ASSERT_EQ(v.nodes.size(), kThreads) << DescribeRoot(v);
    ASSERT_TRUE(v.damage.empty()) << DescribeRoot(v);

    std::vector<std::size_t> order(kThreads);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t k = 0; k < kThreads; ++k) {
      const std::size_t i = order[k];
      for (std::size_t j = 0; j < kThreads; ++j) {
        ASSERT_TRUE(released[j] || !returned[j].load())
            << "thread " << j << " returned before its address was released";
      }
      released[i] = true;
      tab.Release(words.Word(i));
      PollUntil([&] { return returned[i].load(); });
      v = tab.Walk(words.Word(0));
      ASSERT_EQ(WaitersOn(v, words.Word(i)), 0u) << DescribeRoot(v);
      ASSERT_EQ(v.nodes.size(), kThreads - k - 1) << DescribeRoot(v);
      ASSERT_EQ(LoadWord(words.Word(i)), 0u);  // the waiter took the count
    }
    threads.JoinAll();
    ASSERT_EQ(tab.Nwait(words.Word(0)), 0u);
  }
}

// The claim above, checked: threads that seed their cheaprand the same way
// build the same treap (addresses, tickets, links), whatever order they
// arrive in. Each pass parks one thread per address, in a different order.
std::vector<TreapNodeView> ParkAllAndWalk(SemTable& tab, CollidingWords& words,
                                          std::uint64_t seed,
                                          const std::vector<std::size_t>& order,
                                          bool lifo) {
  const std::size_t n = order.size();
  std::vector<TreapNodeView> shape;
  ScopedThreads threads([&] {
    for (std::size_t i = 0; i < n; ++i) tab.Release(words.Word(i));
  });
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    threads.Start([&, i] {
      SeedParkingThread(seed, i);
      tab.Acquire(words.Word(i), lifo);
    });
    // One at a time, so the arrival order really is `order`.
    PollUntil([&] { return tab.Nwait(words.Word(0)) == k + 1; });
  }
  RootView v = tab.Walk(words.Word(0));
  EXPECT_TRUE(v.damage.empty()) << DescribeRoot(v);
  shape = v.nodes;
  for (auto& node : shape) node.waiters.clear();  // thread ids differ
  for (std::size_t i = 0; i < n; ++i) tab.Release(words.Word(i));
  threads.JoinAll();
  return shape;
}

TEST(SemaThreadsTest, SeededParkersReplayTheTreapShape) {
  const std::uint64_t seed = gosync_test::TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  constexpr std::size_t kThreads = 12;
  CollidingWords words(kThreads);
  SemTable tab;
  Watchdog dog("SeededParkersReplayTheTreapShape", seconds(120), seed,
               [&] { return DescribeRoot(tab.Walk(words.Word(0))); });
  std::vector<std::size_t> ascending(kThreads);
  std::iota(ascending.begin(), ascending.end(), 0);
  std::vector<std::size_t> shuffled = ascending;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(seed));
  std::vector<std::size_t> descending(ascending.rbegin(), ascending.rend());

  auto key = [](const std::vector<TreapNodeView>& nodes) {
    std::vector<std::tuple<std::uintptr_t, std::uint32_t, int, int, int>> k;
    for (const auto& n : nodes) {
      k.emplace_back(n.addr, n.ticket, n.parent, n.prev, n.next);
    }
    return k;
  };
  const auto first = key(ParkAllAndWalk(tab, words, seed, ascending, false));
  ASSERT_EQ(first.size(), kThreads);
  EXPECT_EQ(key(ParkAllAndWalk(tab, words, seed, descending, false)), first);
  EXPECT_EQ(key(ParkAllAndWalk(tab, words, seed, shuffled, true)), first);
  // And the tickets are the ones the seeds give.
  for (std::size_t i = 0; i < kThreads; ++i) {
    SeedParkingThread(seed, i);
    const std::uint32_t want = go::runtime::cheaprand() | 1;
    const auto it = std::find_if(first.begin(), first.end(), [&](auto& n) {
      return std::get<0>(n) == reinterpret_cast<std::uintptr_t>(words.Word(i));
    });
    ASSERT_NE(it, first.end());
    EXPECT_EQ(std::get<1>(*it), want) << "address " << i;
  }
}

// Waiters on one address wake in queue order: arrival order (FIFO), or the
// reverse when every waiter queues with lifo (Go's sync.Mutex re-waiters).
void CheckWakeOrder(bool lifo) {
  const std::uint64_t seed = gosync_test::TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  constexpr int kThreads = 8;
  CollidingWords words(2);
  std::uint32_t* addr = words.Word(0);
  std::uint32_t* neighbour = words.Word(1);  // same root, stays parked
  SemTable tab;
  Watchdog dog(lifo ? "LifoOrder" : "FifoOrder", seconds(120), seed,
               [&] { return DescribeRoot(tab.Walk(addr)); });

  // Atomic: Walk, like the rest of the runtime, makes no happens-before
  // edge that TSan could see.
  std::vector<std::atomic<std::uint64_t>> ids(kThreads);
  std::vector<std::atomic<bool>> returned(kThreads);
  // After a failed ASSERT: wake everyone (extra counts stay on the words,
  // which outlive the threads), then join.
  ScopedThreads threads([&] {
    tab.ReleaseN(addr, kThreads);
    tab.Release(neighbour);
  });
  threads.Start([&] {
    SeedParkingThread(seed, kThreads);  // the neighbour node's ticket
    tab.Acquire(neighbour);
  });
  PollUntil([&] { return WaitersOn(tab.Walk(neighbour), neighbour) == 1; });

  std::vector<std::uint64_t> arrival;
  for (int i = 0; i < kThreads; ++i) {
    threads.Start([&, i] {
      ids[i] = go::runtime::CurrentThreadId();
      SeedParkingThread(seed, i);  // thread 0 creates addr's node
      tab.Acquire(addr, lifo);
      returned[i].store(true);
    });
    // Start the next one only once this one is queued, so arrival order is
    // known.
    PollUntil(
        [&] { return WaitersOn(tab.Walk(addr), addr) == std::size_t(i) + 1; });
    arrival.push_back(ids[i]);
  }
  std::vector<std::uint64_t> want = arrival;
  if (lifo) std::reverse(want.begin(), want.end());
  ASSERT_EQ(WaiterIds(tab.Walk(addr), addr), want);

  for (int k = 0; k < kThreads; ++k) {
    tab.Release(addr);
    int woke = -1;
    PollUntil([&] {
      for (int i = 0; i < kThreads; ++i) {
        if (returned[i].load() && std::find(want.begin(), want.begin() + k,
                                            ids[i]) == want.begin() + k) {
          woke = i;
          return true;
        }
      }
      return false;
    });
    ASSERT_EQ(ids[woke], want[k])
        << "release " << k << " woke the wrong thread";
    int count = 0;
    for (int i = 0; i < kThreads; ++i) count += returned[i].load();
    ASSERT_EQ(count, k + 1) << "more than one thread woke for one release";
  }
  EXPECT_EQ(WaitersOn(tab.Walk(neighbour), neighbour), 1u);
  tab.Release(neighbour);
  threads.JoinAll();
  EXPECT_EQ(tab.Nwait(addr), 0u);
}

TEST(SemaThreadsTest, FifoWakeOrder) { CheckWakeOrder(/*lifo=*/false); }
TEST(SemaThreadsTest, LifoWakeOrder) { CheckWakeOrder(/*lifo=*/true); }

// Handoff: with a waiter parked, Release(handoff) gives the count to that
// waiter before waking it. The releaser takes it off the word itself, so when
// Release returns the word is already 0 and a barging acquirer finds nothing;
// the woken waiter returns on its ticket without touching the word.
// (Go's TestSemaHandoff checks that the waiter also *runs* first, which needs
// a user-level scheduler; see the goyield comment in sema.cc.)
TEST(SemaThreadsTest, HandoffGivesTheCountToTheWaiter) {
  SemTable tab;
  std::uint32_t word = 0;
  Watchdog dog("Handoff", seconds(120), std::nullopt,
               [&] { return DescribeRoot(tab.Walk(&word)); });
  for (int trial = 0; trial < 200; ++trial) {
    std::atomic<bool> returned{false};
    // After a failed ASSERT: release the waiter again (a count left over on
    // the word no longer matters), join.
    ScopedThreads waiter([&] { tab.Release(&word); });
    waiter.Start([&] {
      tab.Acquire(&word);
      returned.store(true);
    });
    PollUntil([&] { return WaitersOn(tab.Walk(&word), &word) == 1; });
    ASSERT_FALSE(returned.load());
    tab.Release(&word, /*handoff=*/true);
    // Deterministic: nobody but the releaser could have taken the count.
    ASSERT_EQ(LoadWord(&word), 0u) << "trial " << trial;
    std::uint32_t one = 1;
    ASSERT_FALSE(
        std::atomic_ref<std::uint32_t>(word).compare_exchange_strong(one, 0))
        << "a barging acquirer found the handed-off count";
    waiter.JoinAll();
    ASSERT_TRUE(returned.load());
    ASSERT_EQ(LoadWord(&word), 0u);
    ASSERT_EQ(tab.Nwait(&word), 0u);
  }
}

// Without handoff the count stays on the word for whoever comes first; the
// woken waiter competes for it. Here nobody competes, so it gets it.
TEST(SemaThreadsTest, ReleaseWithoutHandoffLeavesTheCountOnTheWord) {
  SemTable tab;
  std::uint32_t word = 0;
  Watchdog dog("NoHandoff", seconds(120));
  for (int trial = 0; trial < 100; ++trial) {
    std::thread waiter([&] { tab.Acquire(&word); });
    PollUntil([&] { return tab.Nwait(&word) == 1; });
    tab.Release(&word, /*handoff=*/false);
    waiter.join();
    ASSERT_EQ(LoadWord(&word), 0u);
  }
}

// A woken waiter that loses the count to a barging thread queues again
// (Go's "if neither, go round again"): nothing is lost and it returns on the
// next release.
TEST(SemaThreadsTest, BargedWaiterQueuesAgain) {
  SemTable tab;
  std::uint32_t word = 0;
  Watchdog dog("Barging", seconds(120), std::nullopt,
               [&] { return DescribeRoot(tab.Walk(&word)); });
  std::atomic<bool> returned{false};
  ScopedThreads waiter([&] { tab.Release(&word); });  // after a failed ASSERT
  waiter.Start([&] {
    tab.Acquire(&word);
    returned.store(true);
  });
  PollUntil([&] { return tab.Nwait(&word) == 1; });
  // Dequeue wakes the waiter without a count: it must go back to sleep.
  ASSERT_TRUE(tab.Dequeue(&word));
  PollUntil([&] { return tab.Nwait(&word) == 1; });
  EXPECT_FALSE(returned.load());
  tab.Release(&word);
  waiter.JoinAll();
  EXPECT_TRUE(returned.load());
  EXPECT_EQ(LoadWord(&word), 0u);
}

// SemreleaseN on a word that the last waiter to return deletes at once.
// SemreleaseN must not touch the word after its single Xadd (ASan reports a
// use after free if it does). Half the rounds wait until every waiter is
// parked, half release while they are still arriving.
void ReleaseNThenFree(SemTable* tab, bool global, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 300; ++round) {
    const int k = 1 + static_cast<int>(rng() % 6);
    auto* word = new std::uint32_t(0);
    std::atomic<int> left{k};
    std::vector<std::thread> threads;
    for (int i = 0; i < k; ++i) {
      threads.emplace_back([&, word] {
        if (global) {
          go::runtime::Semacquire(word);
        } else {
          tab->Acquire(word);
        }
        if (left.fetch_sub(1) == 1) delete word;
      });
    }
    if (round % 2 == 0) {
      PollUntil([&] {
        return (global ? SemTable::Global() : *tab).Nwait(word) ==
               static_cast<std::uint32_t>(k);
      });
    }
    if (global) {
      go::runtime::SemreleaseN(word, static_cast<std::uint32_t>(k));
    } else {
      tab->ReleaseN(word, static_cast<std::uint32_t>(k));
    }
    // `word` may be gone now.
    for (auto& t : threads) t.join();
    ASSERT_EQ(left.load(), 0);
  }
}

TEST(SemaThreadsTest, SemreleaseNThenFreePrivateTableCheckedBySanitizer) {
  const std::uint64_t seed = gosync_test::TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog dog("SemreleaseNThenFree", seconds(120), seed);
  SemTable tab;
  ReleaseNThenFree(&tab, /*global=*/false, seed);
}

TEST(SemaThreadsTest, SemreleaseNThenFreeGlobalTableCheckedBySanitizer) {
  const std::uint64_t seed = gosync_test::TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  Watchdog dog("SemreleaseNThenFreeGlobal", seconds(120), seed);
  ReleaseNThenFree(nullptr, /*global=*/true, seed);
}

// Semrelease, with or without handoff, on a word its one waiter deletes on
// return: after waking the waiter, semrelease1 must not read the word.
TEST(SemaThreadsTest, SemreleaseThenFreeCheckedBySanitizer) {
  Watchdog dog("SemreleaseThenFree", seconds(120));
  for (int round = 0; round < 300; ++round) {
    auto* word = new std::uint32_t(0);
    std::thread waiter([word] {
      go::runtime::Semacquire(word);
      delete word;
    });
    if (round % 2 == 0) {
      PollUntil([&] { return SemTable::Global().Nwait(word) == 1; });
    }
    go::runtime::Semrelease(word, /*handoff=*/round % 4 < 2, 0);
    waiter.join();
  }
}

// SemreleaseN wakes at most n waiters and leaves the rest parked.
TEST(SemaThreadsTest, SemreleaseNWakesAtMostN) {
  constexpr int kThreads = 6;
  SemTable tab;
  std::uint32_t word = 0;
  Watchdog dog("SemreleaseNWakesAtMostN", seconds(120), std::nullopt,
               [&] { return DescribeRoot(tab.Walk(&word)); });
  std::atomic<int> returned{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      tab.Acquire(&word);
      returned.fetch_add(1);
    });
  }
  PollUntil([&] { return tab.Nwait(&word) == kThreads; });
  tab.ReleaseN(&word, 4);
  PollUntil([&] { return returned.load() == 4; });
  EXPECT_EQ(tab.Nwait(&word), 2u);
  EXPECT_EQ(WaitersOn(tab.Walk(&word), &word), 2u);
  EXPECT_EQ(LoadWord(&word), 0u);
  tab.ReleaseN(&word, 2);
  for (auto& t : threads) t.join();
  EXPECT_EQ(returned.load(), kThreads);
  EXPECT_EQ(tab.Nwait(&word), 0u);
}

// SemreleaseN wakes its waiters through a wake tree: it unparks the first,
// and each woken waiter unparks up to two more. Every waiter of the first k
// (FIFO) must come back, whatever the tree's shape (sizes around powers of
// two give full, lopsided and one-child nodes); the rest stay queued in
// order. A waiter that fails to pass its wakeup on hangs its subtree, and
// the Watchdog fails the test.
TEST(SemaThreadsTest, SemreleaseNWakeTreeWakesTheFirstK) {
  SemTable tab;
  std::uint32_t word = 0;
  Watchdog dog("SemreleaseNWakeTree", seconds(120), std::nullopt,
               [&] { return DescribeRoot(tab.Walk(&word)); });
  for (int n : {1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 64, 100}) {
    for (int k : {n, n / 2 + 1}) {
      SCOPED_TRACE("n=" + std::to_string(n) + " k=" + std::to_string(k));
      std::atomic<int> returned{0};
      std::vector<std::thread> threads;
      for (int i = 0; i < n; ++i) {
        threads.emplace_back([&] {
          tab.Acquire(&word);
          returned.fetch_add(1);
        });
      }
      PollUntil([&] { return tab.Nwait(&word) == std::uint32_t(n); });
      std::vector<std::uint64_t> queued = WaiterIds(tab.Walk(&word), &word);
      ASSERT_EQ(queued.size(), std::size_t(n));
      tab.ReleaseN(&word, std::uint32_t(k));
      PollUntil([&] { return returned.load() == k; });
      EXPECT_EQ(WaiterIds(tab.Walk(&word), &word),
                std::vector<std::uint64_t>(queued.begin() + k, queued.end()));
      tab.ReleaseN(&word, std::uint32_t(n - k));
      for (auto& t : threads) t.join();
      ASSERT_EQ(returned.load(), n);
      ASSERT_EQ(tab.Nwait(&word), 0u);
      ASSERT_EQ(LoadWord(&word), 0u);
    }
  }
}

// Ping-pong over two words: any lost wakeup hangs one side (the Watchdog
// turns that into a failure). Mixes the fast path with real parks.
TEST(SemaThreadsTest, PingPongLosesNoWakeup) {
  std::uint32_t ping = 0, pong = 0;
  constexpr int kRounds = 20000;
  Watchdog dog("PingPong", seconds(120));
  std::thread other([&] {
    for (int i = 0; i < kRounds; ++i) {
      go::runtime::Semacquire(&ping);
      go::runtime::Semrelease(&pong, false, 0);
    }
  });
  for (int i = 0; i < kRounds; ++i) {
    go::runtime::Semrelease(&ping, false, 0);
    go::runtime::Semacquire(&pong);
  }
  other.join();
  EXPECT_EQ(LoadWord(&ping), 0u);
  EXPECT_EQ(LoadWord(&pong), 0u);
}

}  // namespace
