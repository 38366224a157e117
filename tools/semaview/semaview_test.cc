// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Tests for tools:semaview: the checks on its options, the text and DOT
// drawings and the release explanations on hand-made snapshots, then the
// whole tool against the real SemTable with real parked threads, and the
// binary's flags, exit status and output streams.

#include "tools/semaview/semaview.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sema/semtable.h"
#include "tests/test_util.h"

namespace go::tools::semaview {
namespace {

using go::runtime::RootView;
using go::runtime::TreapNodeView;

TEST(SemaviewOptionsTest, OneWaiterCountIsSpreadOverAllSlots) {
  Options o;
  o.slots = {4, 0, 1, 2};
  o.waiters = {3};
  o.release = {4, 4, 1};
  EXPECT_EQ(Validate(o), "");
  EXPECT_EQ(o.waiters, (std::vector<int>{3, 3, 3, 3}));
}

TEST(SemaviewOptionsTest, BadOptionsSayWhatIsWrong) {
  struct Case {
    std::vector<int> slots, waiters, release;
    std::string message;
  };
  const Case cases[] = {
      {{1, 1}, {1}, {}, "slot 1 is given twice"},
      {{5000}, {1}, {}, "slot 5000 is outside 0-1023"},
      {{0, 1}, {1, 2, 3}, {}, "one per address (2), not 3"},
      {{0}, {0}, {}, "1 to 32 waiters, not 0"},
      {{0, 1}, {1}, {2}, "--release: slot 2 is not one of --addrs"},
      {{0}, {1}, {0, 0}, "released more often than it has waiters"},
  };
  for (const Case& c : cases) {
    Options o{c.slots, c.waiters, c.release};
    std::string error = Validate(o);
    EXPECT_NE(error.find(c.message), std::string::npos)
        << c.message << ": got '" << error << "'";
  }
}

// The text drawing semaview prints: the shared root printer, with slots.
std::string Text(const RootView& view, const CollidingWords& words) {
  return go::runtime::DescribeRoot(
      view, [&](std::uintptr_t addr) { return SlotName(words, addr); });
}

// slot 2 (ticket 10) with prev slot 0 (ticket 30) and next slot 5 (ticket
// 20, FIFO T5 T6); slot 5 has prev slot 3 (ticket 40).
RootView SampleView(CollidingWords& words) {
  auto node = [&](int slot, std::uint32_t ticket, int depth, int parent,
                  std::vector<std::uint64_t> waiters) {
    TreapNodeView n;
    n.addr = reinterpret_cast<std::uintptr_t>(words.Word(slot));
    n.ticket = ticket;
    n.depth = depth;
    n.parent = parent;
    n.waiters = std::move(waiters);
    return n;
  };
  RootView v;
  v.index = 17;
  v.nwait = 5;
  v.nodes = {node(2, 10, 0, -1, {1}), node(0, 30, 1, 0, {2}),
             node(5, 20, 1, 0, {5, 6}), node(3, 40, 2, 2, {3})};
  v.nodes[0].prev = 1;
  v.nodes[0].next = 2;
  v.nodes[2].prev = 3;
  return v;
}

TEST(SemaviewRenderTest, TextShowsTreeTicketsAndFifo) {
  CollidingWords words(6);
  std::string text = Text(SampleView(words), words);
  EXPECT_NE(text.find("semaRoot 17 of 251: nwait=5, 4 addresses, 5 waiting"),
            std::string::npos)
      << text;
  // Root line, then children under it with prev before next.
  EXPECT_TRUE(std::regex_search(
      text, std::regex("\nslot 2 .*ticket +10  FIFO: T1\n"
                       "├─ prev: slot 0 .*ticket +30  FIFO: T2\n"
                       "└─ next: slot 5 .*ticket +20  FIFO: T5 T6\n"
                       "   └─ prev: slot 3 .*ticket +40  FIFO: T3\n")))
      << text;
  EXPECT_EQ(text.find("DAMAGE"), std::string::npos);
}

TEST(SemaviewRenderTest, TextReportsDamageAndEmptyRoot) {
  CollidingWords words(1);
  RootView v;
  v.damage = {"tree node 0x10 has ticket 0"};
  std::string text = Text(v, words);
  EXPECT_NE(text.find("(empty"), std::string::npos) << text;
  EXPECT_NE(text.find("DAMAGE: tree node 0x10 has ticket 0"),
            std::string::npos);
}

TEST(SemaviewRenderTest, DotHasOneRecordPerNodeAndOrderedEdges) {
  CollidingWords words(6);
  RootView v = SampleView(words);
  std::string dot = RenderDot(v, words, "title", {v.nodes[2].addr});
  EXPECT_EQ(dot.rfind("digraph semaroot {", 0), 0u) << dot;
  char hex[32];
  std::snprintf(hex, sizeof hex, "%#zx",
                reinterpret_cast<std::size_t>(words.Word(5)));
  EXPECT_NE(dot.find(std::string("n2 [label=\"{slot 5\\n") + hex +
                     "|ticket 20|{FIFO|T5|T6}}\", style=filled"),
            std::string::npos)
      << dot;
  // An address that is no slot (the other half of slot 5's granule) is
  // named in hex.
  std::snprintf(hex, sizeof hex, "%#zx",
                reinterpret_cast<std::size_t>(words.Word(5, 1)));
  EXPECT_EQ(SlotName(words, v.nodes[2].addr + 4), hex);
  EXPECT_NE(dot.find("n0 -> n1 [label=\"prev\"]"), std::string::npos);
  EXPECT_NE(dot.find("n0 -> n2 [label=\"next\"]"), std::string::npos);
  EXPECT_NE(dot.find("n2 -> n3 [label=\"prev\"]"), std::string::npos);
  // slot 5 has no next: an invisible stand-in keeps slot 3 on the left.
  EXPECT_NE(dot.find("n2 -> n2_next [style=invis]"), std::string::npos);
  EXPECT_EQ(dot.back(), '\n');
}

TEST(SemaviewExplainTest, HeadReplacementKeepsTheNode) {
  CollidingWords words(6);
  RootView before = SampleView(words);
  RootView after = before;
  after.nodes[2].waiters = {6};
  Explanation e = ExplainRelease(before, after, before.nodes[2].addr, words);
  EXPECT_EQ(e.kind, Explanation::Kind::kHeadReplacement);
  EXPECT_EQ(e.woken, 5u);
  ASSERT_EQ(e.steps.size(), 1u);
  EXPECT_NE(e.steps[0].find("head replacement: T5 leaves; T6"),
            std::string::npos);
  EXPECT_TRUE(e.matches) << e.mismatch;
}

TEST(SemaviewExplainTest, RemovalRotatesTheSmallerTicketUp) {
  CollidingWords words(6);
  RootView before = SampleView(words);
  // Removing slot 2: next (ticket 20) beats prev (ticket 30), so Go's
  // dequeue does rotateLeft, lifting slot 5; slot 2 then has prev slot 0
  // and next slot 3, and prev (30) beats next (40): rotateRight lifts slot
  // 0; slot 2 is left with next slot 3: rotateLeft lifts slot 3; leaf.
  RootView after;
  after.index = before.index;
  auto copy = [&](int i, int parent) {
    TreapNodeView n = before.nodes[i];
    n.parent = parent;
    n.prev = n.next = -1;
    after.nodes.push_back(n);
    return static_cast<int>(after.nodes.size()) - 1;
  };
  int s5 = copy(2, -1);
  int s0 = copy(1, s5);
  int s3 = copy(3, s0);
  after.nodes[s5].prev = s0;
  after.nodes[s0].next = s3;
  Explanation e = ExplainRelease(before, after, before.nodes[0].addr, words);
  EXPECT_EQ(e.kind, Explanation::Kind::kRemoval);
  EXPECT_EQ(e.woken, 1u);
  ASSERT_EQ(e.steps.size(), 5u);
  EXPECT_NE(e.steps[1].find("rotateLeft(slot 2): its next slot 5"),
            std::string::npos)
      << e.steps[1];
  EXPECT_NE(e.steps[2].find("rotateRight(slot 2): its prev slot 0"),
            std::string::npos)
      << e.steps[2];
  EXPECT_NE(e.steps[3].find("rotateLeft(slot 2): its next slot 3"),
            std::string::npos)
      << e.steps[3];
  EXPECT_NE(e.steps[4].find("unlink the leaf from slot 3's prev"),
            std::string::npos)
      << e.steps[4];
  EXPECT_TRUE(e.matches) << e.mismatch;
  EXPECT_EQ(e.touched, (std::vector<std::uintptr_t>{before.nodes[2].addr,
                                                    before.nodes[1].addr,
                                                    before.nodes[3].addr}));

  // A table that left a different tree is caught.
  std::swap(after.nodes[s0].ticket, after.nodes[s3].ticket);
  Explanation wrong =
      ExplainRelease(before, after, before.nodes[0].addr, words);
  EXPECT_FALSE(wrong.matches);
  EXPECT_NE(wrong.mismatch.find("expected"), std::string::npos);
}

// The whole tool against the real table: 4 threads on 3 colliding slots,
// then a head replacement, a removal and another removal.
TEST(SemaviewRunTest, ParksDrawsReleasesAndJoins) {
  alarm(60);  // a lost wakeup fails the test instead of hanging it
  std::ostringstream out;
  std::ostringstream err;
  Options options{{0, 1, 2}, {1, 2, 1}, {1, 1, 0}};
  ASSERT_EQ(Validate(options), "");
  int status = RunSemaview(options, out, err);
  std::string text = out.str();
  ASSERT_EQ(status, 0) << err.str() << text;
  EXPECT_EQ(err.str(), "");
  EXPECT_NE(text.find("nwait=4, 3 addresses, 4 waiting threads"),
            std::string::npos)
      << text;
  // Parked round-robin: slot 0, 1, 2, then slot 1's second thread, so slot
  // 1's FIFO is its first thread then the fourth.
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      text, m,
      std::regex("slot 0 .* FIFO: T(\\d+)\n(.*\n)*?.*slot 1 .* FIFO: "
                 "T(\\d+) T(\\d+)\n")))
      << text;
  const int first = std::stoi(m[1]);
  EXPECT_EQ(std::stoi(m[3]), first + 1);
  EXPECT_EQ(std::stoi(m[4]), first + 3);
  EXPECT_NE(text.find("slot 2 "), std::string::npos);
  EXPECT_NE(text.find("== step 1: Semrelease(slot 1) woke T" +
                      std::to_string(first + 1)),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("head replacement"), std::string::npos);
  EXPECT_NE(text.find("== step 2: Semrelease(slot 1) woke T" +
                      std::to_string(first + 3)),
            std::string::npos);
  EXPECT_NE(text.find("removal: T" + std::to_string(first + 3)),
            std::string::npos);
  EXPECT_NE(text.find("nwait=1, 1 addresses, 1 waiting threads"),
            std::string::npos);
  EXPECT_NE(text.find("released the remaining 1 threads; all threads joined"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("digraph"), std::string::npos);
  alarm(0);
}

using Result = gosync_test::CommandResult;

// Runs the semaview binary with `args` through the shell.
Result Semaview(const std::string& args) {
  return gosync_test::RunCommand(std::string(std::getenv("TEST_SRCDIR")) + "/" +
                                 std::getenv("TEST_WORKSPACE") +
                                 "/tools/semaview " + args);
}

TEST(SemaviewBinaryTest, BadArgumentsExitNonZeroWithTheReason) {
  Result r = Semaview("--addrs=0 --release=3 2>&1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("semaview: --release: slot 3 is not one of --addrs"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("usage: tools/bazel run //tools:semaview"),
            std::string::npos);
  EXPECT_EQ(Semaview("--format=png 2>&1").status, 2);
  for (const char* bad : {"--addrs=a", "--addrs=3-1", "--bogus"}) {
    r = Semaview(std::string(bad) + " 2>&1");
    EXPECT_NE(r.status, 0) << bad;
  }
  EXPECT_NE(Semaview("--addrs=3-1 2>&1").out.find("'3-1' is not a number"),
            std::string::npos);
}

TEST(SemaviewBinaryTest, HelpExitsZero) {
  Result r = Semaview("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--format=F"), std::string::npos) << r.out;
}

TEST(SemaviewBinaryTest, DefaultTreeIsTextOnly) {
  alarm(60);  // a lost wakeup fails the test instead of hanging it
  Result r = Semaview("2>/dev/null");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("nwait=11, 7 addresses, 11 waiting threads"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("digraph"), std::string::npos);
}

TEST(SemaviewBinaryTest, DotFormatIsPureDotOnStdout) {
  alarm(60);
  Result r = Semaview("--addrs=0-2 --release=1 --format=dot 2>/dev/null");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.rfind("\ndigraph semaroot {", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("}\n\ndigraph semaroot {"), std::string::npos);
  EXPECT_EQ(r.out.substr(r.out.size() - 2), "}\n") << r.out;
  EXPECT_EQ(r.out.find("released"), std::string::npos);
}

}  // namespace
}  // namespace go::tools::semaview
