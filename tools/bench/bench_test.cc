// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Tests for tools:bench: name parsing, medians, Go's output, planning and
// filling the table, the targets, the flags, and the binary end to end on
// the fake registrations (testdata/fake_benchmarks.cc).

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tools/bench/benchmark_name.h"
#include "tools/bench/go_output.h"
#include "tools/bench/measurement.h"
#include "tools/bench/options.h"
#include "tools/bench/report.h"
#include "tools/bench/table.h"
#include "tools/bench/targets.h"
#include "tools/common/subprocess.h"

namespace go::tools::bench {
namespace {

TEST(BenchmarkNameTest, SplitsScenarioImplArgAndThreads) {
  BenchmarkId a =
      ParseBenchmarkName("BM_WaitGroupFanOut/latch/8/real_time/threads:2");
  EXPECT_EQ(a.scenario, "WaitGroupFanOut");
  EXPECT_EQ(a.impl, "latch");
  EXPECT_EQ(a.arg, 8);
  EXPECT_EQ(a.threads, 2);

  BenchmarkId b = ParseBenchmarkName("BM_SemTable/ManyAddrCollision/1000");
  EXPECT_EQ(b.scenario, "SemTable/ManyAddrCollision");
  EXPECT_EQ(b.impl, "gosync");
  EXPECT_EQ(b.arg, 1000);
  EXPECT_EQ(b.threads, 1);

  BenchmarkId c = ParseBenchmarkName("BM_SemaUncontended/threads:2");
  EXPECT_EQ(c.scenario, "SemaUncontended");
  EXPECT_FALSE(c.arg);

  BenchmarkId d = ParseBenchmarkName("BM_X/n:16/iterations:5/min_time:0.100");
  EXPECT_EQ(d.scenario, "X");
  EXPECT_EQ(d.arg, 16);

  BenchmarkId e = ParseBenchmarkName("NotPrefixed/condvar");
  EXPECT_EQ(e.scenario, "NotPrefixed");
  EXPECT_EQ(e.impl, "condvar");
}

TEST(MeasurementTest, MedianOfOddEvenAndNone) {
  EXPECT_EQ(Median({5, 1, 3}), 3);
  EXPECT_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_FALSE(Median({}));
  Measurement failed;
  failed.ns_per_op = {1, 2, 3};
  failed.error = "boom";
  EXPECT_FALSE(failed.MedianNsPerOp());
}

TEST(GoOutputTest, MediansPerBenchmarkWithoutProcsSuffix) {
  const char* text = R"(goos: linux
goarch: amd64
pkg: sync
cpu: AMD EPYC
BenchmarkWaitGroupUncontended-2    	33901503	         3.610 ns/op
BenchmarkWaitGroupUncontended-2    	33901503	         3.000 ns/op
BenchmarkWaitGroupUncontended-2    	33901503	         9.000 ns/op
BenchmarkWaitGroupActuallyWait-2   	  608090	       177.8 ns/op	      32 B/op	       2 allocs/op
BenchmarkSemTable/ManyAddrCollision/n=1000-2        	    1714	     67135 ns/op
BenchmarkSemaUncontended           	28785916	         3.950 ns/op
BenchmarkBroken-2   	  10	   notanumber ns/op
PASS
ok  	sync	2.215s
)";
  std::map<std::string, double> m = ParseGoBenchOutput(text);
  EXPECT_EQ(m.size(), 4u);
  EXPECT_DOUBLE_EQ(m["WaitGroupUncontended"], 3.61);
  EXPECT_DOUBLE_EQ(m["WaitGroupActuallyWait"], 177.8);
  EXPECT_DOUBLE_EQ(m["SemTable/ManyAddrCollision/n=1000"], 67135);
  EXPECT_DOUBLE_EQ(m["SemaUncontended"], 3.95);  // GOMAXPROCS=1: no suffix
}

const Row* Find(const std::vector<Row>& rows, const std::string& id) {
  for (const Row& r : rows) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

const std::vector<std::string> kLinked = {
    "BM_WaitGroupUncontended/gosync/real_time/threads:1",
    "BM_WaitGroupUncontended/gosync/real_time/threads:2",
    "BM_WaitGroupUncontended/floor/real_time/threads:1",
    "BM_WaitGroupUncontended/floor/real_time/threads:2",
    "BM_WaitGroupActuallyWait/gosync/real_time",
    "BM_WaitGroupActuallyWait/latch/real_time",
    "BM_WaitGroupActuallyWait/notification/real_time",
    "BM_WaitGroupActuallyWait/blocking_counter/real_time",
    "BM_WaitGroupActuallyWait/condvar/real_time",
    "BM_WaitGroupFanOut/gosync/2/real_time",
    "BM_WaitGroupFanOut/gosync/8/real_time",
    "BM_WaitGroupFanOut/notification/8/real_time",
    "BM_SemTable/ManyAddrCollision/1000",
    "BM_SemTable/ManyAddrCollision/2000",
    "BM_SemTable/ManyAddrCollision/8000",
    "BM_SemTableList/ManyAddrCollision/1000",
    "BM_SemTableList/OneAddrCollision/1000",
    "BM_SemaUncontended/threads:2",
    "BM_SemaRawFloor/threads:1",
    "BM_SemaRawFloor/threads:2",
    "BM_SomethingNew/gosync",
};

TEST(TableTest, PlansRowsForEveryScenarioAndPicksCells) {
  std::vector<Row> rows = PlanTable(kLinked, std::nullopt);

  // The seven headline scenarios come first and always have a row.
  ASSERT_GE(rows.size(), 7u);
  EXPECT_EQ(rows[0].id, "uncontended");
  EXPECT_EQ(rows[1].id, "adddone");  // nothing linked: all n/a
  EXPECT_TRUE(rows[1].cells[kGosync].benchmark.empty());

  // Highest gosync thread count, and the floor at the same count.
  const Row* u = Find(rows, "uncontended");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->threads, 2);
  EXPECT_EQ(u->cells[kFloor].benchmark,
            "BM_WaitGroupUncontended/floor/real_time/threads:2");
  EXPECT_TRUE(u->cells[kLatch].benchmark.empty());
  EXPECT_EQ(u->go_benchmark, "WaitGroupUncontended");

  // BlockingCounter is preferred over Notification for the absl column.
  const Row* w = Find(rows, "wake");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->cells[kAbsl].impl, "blocking_counter");
  const Row* f8 = Find(rows, "fanout/8");
  ASSERT_NE(f8, nullptr);
  EXPECT_EQ(f8->cells[kAbsl].impl, "notification");
  EXPECT_NE(Find(rows, "fanout/2"), nullptr);
  EXPECT_NE(Find(rows, "fanin"), nullptr);  // nothing linked: one n/a row

  // SemTable rows: smallest and largest n only, named after Go's.
  EXPECT_NE(Find(rows, "semtable-many/1000"), nullptr);
  EXPECT_EQ(Find(rows, "semtable-many/2000"), nullptr);
  const Row* many = Find(rows, "semtable-many/8000");
  ASSERT_NE(many, nullptr);
  EXPECT_EQ(many->go_benchmark, "SemTable/ManyAddrCollision/n=8000");
  EXPECT_EQ(many->per_op, PerOp::kTableOp);
  const Row* list = Find(rows, "semtable-list/1000");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->cells[kGosync].benchmark,
            "BM_SemTableList/ManyAddrCollision/1000");
  // Nothing linked for OneAddrCollision: Go's sizes still get rows.
  EXPECT_NE(Find(rows, "semtable-one/1000"), nullptr);
  EXPECT_NE(Find(rows, "semtable-one/8000"), nullptr);
  EXPECT_NE(Find(rows, "semtable-list-one/1000"), nullptr);

  // A floor registered under its own name.
  const Row* sema = Find(rows, "sema-uncontended");
  ASSERT_NE(sema, nullptr);
  EXPECT_EQ(sema->cells[kFloor].benchmark, "BM_SemaRawFloor/threads:2");

  // A scenario nobody described still shows up, compared with Go's name.
  const Row* unknown = Find(rows, "somethingnew");
  ASSERT_NE(unknown, nullptr);
  EXPECT_FALSE(unknown->primary);
  EXPECT_EQ(unknown->go_benchmark, "SomethingNew");

  // Every cell's benchmark is run exactly once.
  std::vector<std::string> run = BenchmarksToRun(rows);
  EXPECT_EQ(std::count(run.begin(), run.end(),
                       "BM_WaitGroupActuallyWait/gosync/real_time"),
            1);
  EXPECT_EQ(std::count(run.begin(), run.end(),
                       "BM_WaitGroupUncontended/gosync/real_time/threads:1"),
            0);
}

TEST(TableTest, FilterSelectsRowsByIdOrLabel) {
  std::vector<Row> rows = PlanTable(kLinked, std::regex("^wake$|fan-out"));
  std::vector<std::string> ids;
  for (const Row& r : rows) ids.push_back(r.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"wake", "fanout/2", "fanout/8"}));
  EXPECT_EQ(GoBenchmarksWanted(rows),
            std::vector<std::string>{"WaitGroupActuallyWait"});
}

Measurement M(std::vector<double> ns, std::vector<double> per_item = {}) {
  Measurement m;
  m.ns_per_op = std::move(ns);
  m.ns_per_item = std::move(per_item);
  return m;
}

TEST(TableTest, FillComputesMediansPerOpAndRatios) {
  std::vector<Row> rows = PlanTable(kLinked, std::nullopt);
  Measurements measured = {
      {"BM_WaitGroupUncontended/gosync/real_time/threads:2", M({3, 2, 100})},
      {"BM_WaitGroupUncontended/floor/real_time/threads:2", M({2, 2, 2})},
      {"BM_WaitGroupActuallyWait/gosync/real_time", M({1000})},
      {"BM_WaitGroupActuallyWait/latch/real_time", M({1500})},
      {"BM_WaitGroupActuallyWait/blocking_counter/real_time", M({800})},
      {"BM_WaitGroupActuallyWait/condvar/real_time", M({4000})},
      // ns/op of a whole round: 2n operations.
      {"BM_SemTable/ManyAddrCollision/1000", M({60000})},
      // items_per_second wins where it is reported.
      {"BM_SemTable/ManyAddrCollision/8000", M({1e6}, {45})},
  };
  measured["BM_WaitGroupActuallyWait/notification/real_time"].error = "x";
  std::map<std::string, double> go = {
      {"WaitGroupUncontended", 4},
      {"SemTable/ManyAddrCollision/n=1000", 70000},
  };
  FillTable(measured, go, rows);

  const Row* u = Find(rows, "uncontended");
  EXPECT_EQ(u->cells[kGosync].ns, 3);  // median, not mean
  EXPECT_EQ(u->ratio_floor, 1.5);
  EXPECT_EQ(u->go_ns, 4);
  EXPECT_FALSE(u->ratio_best_peer);  // no peer can express it

  const Row* w = Find(rows, "wake");
  EXPECT_EQ(w->best_peer, "absl");
  EXPECT_EQ(w->ratio_best_peer, 1000.0 / 800.0);

  EXPECT_EQ(Find(rows, "semtable-many/1000")->cells[kGosync].ns, 30);
  EXPECT_EQ(Find(rows, "semtable-many/1000")->go_ns, 35);
  EXPECT_EQ(Find(rows, "semtable-many/8000")->cells[kGosync].ns, 45);

  // Targets from the same rows.
  std::vector<TargetResult> t = EvaluateTargets(rows, /*go_ran=*/true);
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].id, "uncontended-floor");
  EXPECT_EQ(t[0].verdict, Verdict::kMiss);         // 1.5x > 1.15x
  EXPECT_EQ(t[1].verdict, Verdict::kPass);         // 3 ns <= Go's 4 ns
  EXPECT_EQ(t[2].verdict, Verdict::kNotMeasured);  // no wait row measured
  EXPECT_EQ(t[3].verdict, Verdict::kPass);         // 1000 <= latch 1500
  EXPECT_EQ(t[4].verdict, Verdict::kPass);         // 1000 <= 0.5 x 4000
  EXPECT_EQ(t[5].id, "semtable-growth");
  EXPECT_EQ(t[5].verdict, Verdict::kPass);  // 45 / 30 = 1.5
  EXPECT_NE(t[5].detail.find("n=8000 45 ns / n=1000 30 ns"), std::string::npos)
      << t[5].detail;

  // The text report carries the same figures.
  Report report;
  report.rows = rows;
  report.targets = t;
  report.go_requested = false;
  std::ostringstream text;
  WriteText(report, text);
  EXPECT_NE(text.str().find("Go: not run (--no-go)"), std::string::npos);
  EXPECT_TRUE(std::regex_search(
      text.str(), std::regex("\nAdd\\+Done\\+Wait, uncontended +2 +3 +n/a +n/a "
                             "+n/a +2 +4 +n/a +1.50x\n")))
      << text.str();
  EXPECT_NE(text.str().find("MISS  uncontended Add+Done+Wait <= 1.15x raw"),
            std::string::npos);
  std::ostringstream json;
  WriteJson(report, json);
  EXPECT_NE(json.str().find("\"id\": \"uncontended\""), std::string::npos);
  EXPECT_NE(json.str().find("\"verdict\": \"MISS\""), std::string::npos);
}

TEST(OptionsTest, FlagsAndErrors) {
  Options o;
  std::string error;
  ASSERT_TRUE(ParseOptions(
      {"--json", "--filter=wake|fan", "--quick", "--no-go"}, o, error))
      << error;
  EXPECT_TRUE(o.json);
  EXPECT_FALSE(o.go);
  EXPECT_EQ(o.filter, "wake|fan");
  EXPECT_EQ(o.run.repetitions, 3);

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"--frobnicate", "unknown argument"},
      {"--filter=(", "not a valid regular expression"},
      {"--filter=", "needs a regular expression"},
      {"--repetitions=0", "from 1 to 100"},
      {"--min_time=x", "--min_time needs seconds"},
      {"--json=yes", "--json takes no value"},
  };
  for (const auto& [arg, message] : bad) {
    Options fresh;
    EXPECT_FALSE(ParseOptions({arg}, fresh, error)) << arg;
    EXPECT_NE(error.find(message), std::string::npos) << arg << ": " << error;
  }
}

std::string FakeBench() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  if (srcdir == nullptr || workspace == nullptr) return "";
  return std::string(srcdir) + "/" + workspace + "/tools/bench_with_fakes";
}

CommandResult RunFakeBench(std::vector<std::string> args) {
  Command c;
  c.argv = {"/bin/sh", "-c", FakeBench()};
  for (const std::string& a : args) c.argv[2] += " '" + a + "'";
  c.argv[2] += " 2>/dev/null";  // progress lines
  c.timeout = std::chrono::seconds(120);
  return RunCommand(c);
}

TEST(BenchBinaryTest, PrintsOneTableAndTargets) {
  if (FakeBench().empty()) GTEST_SKIP() << "not run by bazel test";
  CommandResult r = RunFakeBench({"--quick", "--no-go"});
  ASSERT_EQ(r.exit_status, 0) << r.output;
  const std::string& out = r.output;
  EXPECT_NE(out.find("machine: "), std::string::npos) << out;
  EXPECT_NE(out.find("Go: not run (--no-go)"), std::string::npos);
  EXPECT_NE(out.find("scenario "), std::string::npos);
  EXPECT_TRUE(std::regex_search(
      out, std::regex("\nwake round trip, 1 waiter \\[1\\] +1 +[0-9.]+ +"
                      "[0-9.]+ +n/a +[0-9.]+ +n/a +n/a +[0-9.]+x +n/a\n")))
      << out;
  EXPECT_NE(out.find("Wait fast path, +work"), std::string::npos);
  EXPECT_TRUE(
      std::regex_search(out, std::regex("\nWait fast path, \\+work .* fail ")))
      << out;
  EXPECT_NE(out.find("performance targets:"), std::string::npos);
  EXPECT_TRUE(std::regex_search(
      out, std::regex("\n(PASS|MISS)  ManyAddrCollision per-op growth "
                      "n=1000->8000 <= 1.5x +[0-9.]+x  n=8000")))
      << out;
}

TEST(BenchBinaryTest, JsonAndFilter) {
  if (FakeBench().empty()) GTEST_SKIP() << "not run by bazel test";
  CommandResult r =
      RunFakeBench({"--quick", "--no-go", "--json", "--filter=^wake$"});
  ASSERT_EQ(r.exit_status, 0) << r.output;
  EXPECT_EQ(r.output.rfind("{\n  \"machine\": {\"cpus\": ", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("\"id\": \"wake\""), std::string::npos);
  EXPECT_EQ(r.output.find("\"id\": \"uncontended\""), std::string::npos);
  EXPECT_NE(r.output.find("\"benchmark\": \"BM_WaitGroupActuallyWait/latch\""),
            std::string::npos);
  EXPECT_EQ(r.output.substr(r.output.size() - 2), "}\n");
}

TEST(BenchBinaryTest, BadArgumentExitsTwoWithUsage) {
  if (FakeBench().empty()) GTEST_SKIP() << "not run by bazel test";
  Command c;
  c.argv = {FakeBench(), "--bogus"};
  c.timeout = std::chrono::seconds(30);
  CommandResult r = RunCommand(c);
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.output.find("tools:bench: unknown argument '--bogus'"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("usage: tools/bazel run //tools:bench"),
            std::string::npos);
}

}  // namespace
}  // namespace go::tools::bench
