// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Tests for tools:semaview: argument parsing, the text and DOT drawings and
// the release explanations on hand-made snapshots, then the whole tool
// against the real SemTable with real parked threads, and the binary's exit
// status and usage line for bad arguments.

#include "tools/semaview/semaview.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "sema/semtable.h"
#include "tools/common/subprocess.h"
#include "tools/semaview/explain.h"
#include "tools/semaview/options.h"
#include "tools/semaview/render.h"

namespace go::tools::semaview {
namespace {

using go::runtime::RootView;
using go::runtime::TreapNodeView;

// Ends the test binary with a message if the test is still running after
// `seconds`: a lost wakeup must fail the test, not hang it until Bazel's
// timeout.
class Watchdog {
 public:
  explicit Watchdog(double seconds)
      : thread_([this, seconds] {
          std::unique_lock<std::mutex> lock(mu_);
          if (!cv_.wait_for(lock, std::chrono::duration<double>(seconds),
                            [this] { return done_; })) {
            std::fprintf(stderr, "watchdog: test still running after %.0f s\n",
                         seconds);
            std::_Exit(1);
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

bool Parse(std::vector<std::string> args, Options& options,
           std::string& error) {
  return ParseOptions(args, options, error);
}

TEST(SemaviewOptionsTest, Defaults) {
  Options o;
  std::string error;
  ASSERT_TRUE(Parse({}, o, error)) << error;
  EXPECT_EQ(o.slots, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(o.waiters, (std::vector<int>{1, 2, 1, 3, 1, 1, 2}));
  EXPECT_TRUE(o.release.empty());
  EXPECT_EQ(o.format, Format::kAuto);
}

TEST(SemaviewOptionsTest, ListsRangesAndOneWaiterCountForAll) {
  Options o;
  std::string error;
  ASSERT_TRUE(Parse({"--addrs=4,0-2", "--waiters=3", "--release=4,4,1",
                     "--format=text", "--svg=x.svg", "--timeout=2.5"},
                    o, error))
      << error;
  EXPECT_EQ(o.slots, (std::vector<int>{4, 0, 1, 2}));
  EXPECT_EQ(o.waiters, (std::vector<int>{3, 3, 3, 3}));
  EXPECT_EQ(o.release, (std::vector<int>{4, 4, 1}));
  EXPECT_EQ(o.format, Format::kText);
  EXPECT_EQ(o.svg, "x.svg");
  EXPECT_DOUBLE_EQ(o.timeout_s, 2.5);
}

TEST(SemaviewOptionsTest, AddrsWithoutWaitersMeansOneEach) {
  Options o;
  std::string error;
  ASSERT_TRUE(Parse({"--addrs=7,9"}, o, error)) << error;
  EXPECT_EQ(o.waiters, (std::vector<int>{1, 1}));
}

TEST(SemaviewOptionsTest, BadArgumentsSayWhatIsWrong) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"--bogus"}, "unknown argument '--bogus'"},
      {{"--addrs="}, "--addrs needs a value"},
      {{"--addrs=a"}, "'a' is not a number"},
      {{"--addrs=3-1"}, "'3-1' is not a number or a range"},
      {{"--addrs=1,1"}, "slot 1 is given twice"},
      {{"--addrs=5000"}, "slot 5000 is outside 0-1023"},
      {{"--addrs=0,1", "--waiters=1,2,3"}, "one per address (2), not 3"},
      {{"--waiters=0"}, "1 to 32 waiters, not 0"},
      {{"--addrs=0,1", "--release=2"}, "slot 2 is not one of --addrs"},
      {{"--addrs=0", "--release=0,0"}, "released more often than it has"},
      {{"--format=png"}, "--format must be auto, both, text or dot"},
      {{"--timeout=-1"}, "--timeout needs seconds"},
      {{"--svg="}, "--svg needs a file name"},
  };
  for (const Case& c : cases) {
    Options o;
    std::string error;
    EXPECT_FALSE(Parse(c.args, o, error)) << c.args[0];
    EXPECT_NE(error.find(c.message), std::string::npos)
        << "args " << c.args[0] << ": got '" << error << "'";
  }
}

// slot 2 (ticket 10) with prev slot 0 (ticket 30) and next slot 5 (ticket
// 20, FIFO T5 T6); slot 5 has prev slot 3 (ticket 40).
RootView SampleView(const Naming& naming) {
  auto node = [&](int slot, std::uint32_t ticket, int depth, int parent,
                  std::vector<std::uint64_t> waiters) {
    TreapNodeView n;
    n.addr = naming.base + static_cast<std::uintptr_t>(slot) * kSlotStride;
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
  Naming naming{0x10000};
  std::string text = RenderText(SampleView(naming), naming);
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
  Naming naming{0x10000};
  RootView v;
  v.damage = {"tree node 0x10 has ticket 0"};
  std::string text = RenderText(v, naming);
  EXPECT_NE(text.find("(empty"), std::string::npos) << text;
  EXPECT_NE(text.find("DAMAGE: tree node 0x10 has ticket 0"),
            std::string::npos);
}

TEST(SemaviewRenderTest, DotHasOneRecordPerNodeAndOrderedEdges) {
  Naming naming{0x10000};
  RootView v = SampleView(naming);
  std::string dot = RenderDot(v, naming, "title", {v.nodes[2].addr});
  EXPECT_EQ(dot.rfind("digraph semaroot {", 0), 0u) << dot;
  EXPECT_NE(dot.find("n2 [label=\"{slot 5\\n0x12738|ticket 20|{FIFO|T5|T6}}\", "
                     "style=filled"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("n0 -> n1 [label=\"prev\"]"), std::string::npos);
  EXPECT_NE(dot.find("n0 -> n2 [label=\"next\"]"), std::string::npos);
  EXPECT_NE(dot.find("n2 -> n3 [label=\"prev\"]"), std::string::npos);
  // slot 5 has no next: an invisible stand-in keeps slot 3 on the left.
  EXPECT_NE(dot.find("n2 -> n2_next [style=invis]"), std::string::npos);
  EXPECT_EQ(dot.back(), '\n');
}

TEST(SemaviewExplainTest, HeadReplacementKeepsTheNode) {
  Naming naming{0x10000};
  RootView before = SampleView(naming);
  RootView after = before;
  after.nodes[2].waiters = {6};
  Explanation e = ExplainRelease(before, after, before.nodes[2].addr, naming);
  EXPECT_EQ(e.kind, Explanation::Kind::kHeadReplacement);
  EXPECT_EQ(e.woken, 5u);
  ASSERT_EQ(e.steps.size(), 1u);
  EXPECT_NE(e.steps[0].find("head replacement: T5 leaves; T6"),
            std::string::npos);
  EXPECT_TRUE(e.matches) << e.mismatch;
}

TEST(SemaviewExplainTest, RemovalRotatesTheSmallerTicketUp) {
  Naming naming{0x10000};
  RootView before = SampleView(naming);
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
  Explanation e = ExplainRelease(before, after, before.nodes[0].addr, naming);
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
      ExplainRelease(before, after, before.nodes[0].addr, naming);
  EXPECT_FALSE(wrong.matches);
  EXPECT_NE(wrong.mismatch.find("expected"), std::string::npos);
}

// The whole tool against the real table: 4 threads on 3 colliding slots,
// then a head replacement, a removal and another removal.
TEST(SemaviewRunTest, ParksDrawsReleasesAndJoins) {
  Watchdog watchdog(45);
  std::ostringstream out;
  std::ostringstream err;
  int status = RunSemaview(
      {"--addrs=0,1,2", "--waiters=1,2,1", "--release=1,1,0", "--format=text"},
      out, err);
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
  // Text only: no DOT.
  EXPECT_EQ(text.find("digraph"), std::string::npos);
}

std::string SemaviewBinary() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  if (srcdir == nullptr || workspace == nullptr) return "";
  return std::string(srcdir) + "/" + workspace + "/tools/semaview";
}

TEST(SemaviewBinaryTest, BadArgumentExitsTwoWithUsage) {
  std::string binary = SemaviewBinary();
  if (binary.empty()) GTEST_SKIP() << "not run by bazel test";
  Command c;
  c.argv = {binary, "--addrs=0", "--release=3"};
  c.timeout = std::chrono::seconds(30);
  CommandResult r = RunCommand(c);
  ASSERT_TRUE(r.started);
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.output.find("semaview: --release: slot 3 is not one of --addrs"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("usage: tools/bazel run //tools:semaview"),
            std::string::npos);
}

TEST(SemaviewBinaryTest, DotFormatIsPureDotOnStdout) {
  std::string binary = SemaviewBinary();
  if (binary.empty()) GTEST_SKIP() << "not run by bazel test";
  Watchdog watchdog(45);
  Command c;
  // stderr is merged into the output here, so check the DOT part only.
  c.argv = {"/bin/sh", "-c", binary + " --addrs=0-2 --format=dot 2>/dev/null"};
  c.timeout = std::chrono::seconds(30);
  CommandResult r = RunCommand(c);
  ASSERT_EQ(r.exit_status, 0) << r.output;
  EXPECT_EQ(r.output.rfind("\ndigraph semaroot {", 0), 0u) << r.output;
  EXPECT_EQ(r.output.substr(r.output.size() - 2), "}\n") << r.output;
  EXPECT_EQ(r.output.find("released"), std::string::npos);
}

}  // namespace
}  // namespace go::tools::semaview
