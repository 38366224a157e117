// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// A randomized model test of semaRoot.queue / dequeue (FIFO and LIFO) in one
// root, against a reference of one deque per address. Not a port: Go tests
// the treap only through BenchmarkSemTable (Go 1.19), whose addresses do not
// even share a root (see CollidingWords). Every invariant is checked after
// every single operation, through SemTable::Walk.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sema/internal/cheaprand.h"
#include "sema/semtable.h"
#include "tests/test_util.h"

namespace {

using go::runtime::CollidingWords;
using go::runtime::DescribeRoot;
using go::runtime::RootView;
using go::runtime::SemTable;
using gosync_test::SeedNote;

using Model = std::map<std::uintptr_t, std::deque<std::uint64_t>>;

// Checks every invariant of `v` against the model of its root. Returns ""
// when all hold, else what broke.
std::string CheckRoot(const RootView& v, const Model& model,
                      std::uint32_t nwait_elsewhere) {
  if (!v.damage.empty()) return "walk found damage";

  std::size_t queued = 0;
  std::size_t addresses = 0;
  for (const auto& [addr, q] : model) {
    queued += q.size();
    if (!q.empty()) ++addresses;
  }
  if (v.nwait != queued) {
    return "nwait " + std::to_string(v.nwait) +
           " != " + std::to_string(queued) + " queued records";
  }
  if (nwait_elsewhere != queued) return "SemTable::Nwait disagrees with Walk";
  if (v.nodes.size() != addresses) {
    return std::to_string(v.nodes.size()) + " tree nodes for " +
           std::to_string(addresses) + " addresses with waiters";
  }
  if (v.nodes.empty()) return "";

  // Shape: pre-order, parent links agree with child links, depths add up.
  if (v.nodes[0].parent != -1 || v.nodes[0].depth != 0) return "bad tree root";
  for (std::size_t i = 0; i < v.nodes.size(); ++i) {
    const auto& n = v.nodes[i];
    for (int c : {n.prev, n.next}) {
      if (c == -1) continue;
      if (c <= static_cast<int>(i) || c >= static_cast<int>(v.nodes.size())) {
        return "child index out of pre-order";
      }
      if (v.nodes[c].parent != static_cast<int>(i)) {
        return "child's parent is not its parent";
      }
      if (v.nodes[c].depth != n.depth + 1) return "depth does not add up";
      // Min-heap on ticket.
      if (v.nodes[c].ticket < n.ticket) {
        return "heap order broken at node " + std::to_string(i);
      }
    }
    if ((n.ticket & 1) == 0) return "even ticket " + std::to_string(n.ticket);
    if (n.prev != -1 && n.prev != static_cast<int>(i) + 1) {
      return "prev child is not next in pre-order";
    }
  }

  // BST order on address: the in-order walk is strictly increasing.
  std::vector<std::uintptr_t> inorder;
  std::function<void(int)> visit = [&](int i) {
    if (i == -1) return;
    visit(v.nodes[i].prev);
    inorder.push_back(v.nodes[i].addr);
    visit(v.nodes[i].next);
  };
  visit(0);
  for (std::size_t i = 1; i < inorder.size(); ++i) {
    if (inorder[i - 1] >= inorder[i]) return "BST order broken";
  }

  // FIFO per address, against the model.
  for (const auto& n : v.nodes) {
    auto it = model.find(n.addr);
    if (it == model.end()) return "tree node for an address nobody queued";
    std::vector<std::uint64_t> want(it->second.begin(), it->second.end());
    if (n.waiters != want) return "waiter order differs from the model";
  }
  return "";
}

TEST(SemTableModelTest, RandomQueueDequeueInOneRoot) {
  const std::uint64_t seed = gosync_test::TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  std::mt19937_64 rng(seed);
  go::runtime::cheaprandseed(seed);  // reproducible tickets as well

  // 24 addresses 251×8 bytes apart plus the other half of 8 of their
  // granules: 32 distinct addresses, one root.
  CollidingWords words(24);
  std::vector<std::uint32_t*> addrs;
  for (std::size_t i = 0; i < words.size(); ++i) addrs.push_back(words.Word(i));
  for (std::size_t i = 0; i < 8; ++i) addrs.push_back(words.Word(i * 3, 1));
  const std::size_t root = go::runtime::RootIndex(addrs[0]);
  for (auto* a : addrs) ASSERT_EQ(go::runtime::RootIndex(a), root);

  SemTable tab;
  Model model;
  std::uint64_t next_id = 1;  // Enqueue records are numbered 1, 2, ...
  std::size_t total = 0;
  // Every step walks the whole root. Under qemu-i386 (--config=m32 on a
  // kernel without 32-bit support) a step runs some 20 times slower, and
  // under ASan or TSan several times: fewer steps there, to stay inside the
  // test's time on a loaded machine.
  const int kOps = gosync_test::Emulated()   ? 4000
                   : gosync_test::kSanitized ? 20000
                                             : 100000;
  constexpr std::size_t kMaxQueued = 600;
  int fifo = 0, lifo = 0, hits = 0, misses = 0;

  for (int step = 0; step < kOps; ++step) {
    std::uint32_t* a = addrs[rng() % addrs.size()];
    auto key = reinterpret_cast<std::uintptr_t>(a);
    const unsigned r = rng() % 100;
    std::string op;
    if (total < kMaxQueued && r < 38) {
      tab.Enqueue(a, /*lifo=*/false);
      model[key].push_back(next_id++);
      ++total;
      ++fifo;
      op = "Enqueue";
    } else if (total < kMaxQueued && r < 52) {
      tab.Enqueue(a, /*lifo=*/true);
      model[key].push_front(next_id++);
      ++total;
      ++lifo;
      op = "Enqueue(lifo)";
    } else {
      bool want = !model[key].empty();
      bool got = tab.Dequeue(a);
      ASSERT_EQ(got, want) << "step " << step << ": Dequeue on " << a;
      if (want) {
        model[key].pop_front();
        --total;
        ++hits;
      } else {
        ++misses;
      }
      op = "Dequeue";
    }
    RootView v = tab.Walk(a);
    std::string bad = CheckRoot(v, model, tab.Nwait(a));
    ASSERT_EQ(bad, "") << "after step " << step << " (" << op << " on " << a
                       << ")\n"
                       << DescribeRoot(v);
  }

  // Drain, still checking, until the root is empty.
  for (auto* a : addrs) {
    auto key = reinterpret_cast<std::uintptr_t>(a);
    while (!model[key].empty()) {
      ASSERT_TRUE(tab.Dequeue(a));
      model[key].pop_front();
      std::string bad = CheckRoot(tab.Walk(a), model, tab.Nwait(a));
      ASSERT_EQ(bad, "") << "while draining\n" << DescribeRoot(tab.Walk(a));
    }
    ASSERT_FALSE(tab.Dequeue(a));
  }
  RootView empty = tab.Walk(addrs[0]);
  EXPECT_EQ(empty.nwait, 0u);
  EXPECT_TRUE(empty.nodes.empty());
  // The mix really exercised every path.
  EXPECT_GT(fifo, kOps / 5);
  EXPECT_GT(lifo, kOps / 10);
  EXPECT_GT(hits, kOps / 5);
  EXPECT_GT(misses, 100);
}

// The treap stays shallow when addresses arrive in sorted order, the case
// that degenerates an unbalanced search tree into a list.
TEST(SemTableModelTest, SortedArrivalsKeepTreapShallow) {
  const std::uint64_t seed = gosync_test::TestSeed();
  SCOPED_TRACE(SeedNote(seed));
  go::runtime::cheaprandseed(seed);
  constexpr std::size_t kN = 4000;
  CollidingWords words(kN);
  SemTable tab(SemTable::Hooks::kUnlocked);  // one thread: Go's hooks
  for (std::size_t i = 0; i < kN; ++i) tab.Enqueue(words.Word(i));
  RootView v = tab.Walk(words.Word(0));
  ASSERT_TRUE(v.damage.empty()) << DescribeRoot(v);
  ASSERT_EQ(v.nodes.size(), kN);
  int depth = 0;
  for (const auto& n : v.nodes) depth = std::max(depth, n.depth);
  // A random BST on 4000 keys has expected height about 4.3 ln n ≈ 36 at
  // worst-case-ish; a list would have 3999.
  EXPECT_LT(depth, 80) << "treap height " << depth;
  for (std::size_t i = 0; i < kN; ++i) ASSERT_TRUE(tab.Dequeue(words.Word(i)));
  EXPECT_EQ(tab.Nwait(words.Word(0)), 0u);
}

// Go's BenchmarkSemTable/OneAddrCollision shape, with a real collision: two
// addresses in one root, n/2 waiters each, drained in FIFO order; with the
// root lock and without, as the benchmark runs it.
class SemTableHooksTest : public testing::TestWithParam<SemTable::Hooks> {};

INSTANTIATE_TEST_SUITE_P(LockedAndUnlocked, SemTableHooksTest,
                         testing::Values(SemTable::Hooks::kLocked,
                                         SemTable::Hooks::kUnlocked));

TEST_P(SemTableHooksTest, TwoAddressesOneRootAreFifo) {
  CollidingWords words(2);
  SemTable tab(GetParam());
  constexpr int kN = 1000;
  for (int i = 0; i < kN; ++i) tab.Enqueue(words.Word(i < kN / 2 ? 0 : 1));
  RootView v = tab.Walk(words.Word(0));
  ASSERT_EQ(v.nodes.size(), 2u);
  ASSERT_EQ(v.nwait, static_cast<std::uint32_t>(kN));
  for (const auto& n : v.nodes) {
    ASSERT_EQ(n.waiters.size(), static_cast<std::size_t>(kN / 2));
    for (std::size_t i = 1; i < n.waiters.size(); ++i) {
      ASSERT_EQ(n.waiters[i], n.waiters[i - 1] + 1);
    }
  }
  for (int i = 0; i < kN; ++i) {
    ASSERT_TRUE(tab.Dequeue(words.Word(i < kN / 2 ? 0 : 1)));
  }
  EXPECT_FALSE(tab.Dequeue(words.Word(0)));
  EXPECT_FALSE(tab.Dequeue(words.Word(1)));
}

}  // namespace
