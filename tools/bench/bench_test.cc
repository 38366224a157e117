// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// tools:bench end to end: the driver over the busy-loop benchmarks of
// testdata/fake_benchmarks.cc, and the real table checked against the real
// registrations.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.h"

namespace {

using Result = gosync_test::CommandResult;
using gosync_test::Slurp;

std::string Binary(const std::string& name) {
  return std::string(std::getenv("TEST_SRCDIR")) + "/" +
         std::getenv("TEST_WORKSPACE") + "/tools/" + name;
}

Result Shell(const std::string& command) {
  return gosync_test::RunCommand(command);
}

Result Fakes(const std::string& args) {
  return Shell(Binary("bench_with_fakes") + " --no-go --min_time=0.005 " +
               args);
}

// Whether process `pid` is gone: no such process, or a zombie nobody waits
// for (its parent died and init reaps it).
bool Gone(pid_t pid) {
  for (int i = 0; i < 200; ++i) {
    std::string stat = Slurp("/proc/" + std::to_string(pid) + "/stat");
    if (stat.empty() || stat.find(") Z") != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

pid_t LoadPid(const std::string& err) {
  std::smatch m;
  if (!std::regex_search(err, m,
                         std::regex("spinning threads in process (\\d+)"))) {
    return -1;
  }
  return std::stoi(m[1]);
}

TEST(BenchTest, PrintsTableSpreadNotesAndTargets) {
  Result r = Fakes("--repetitions=3 --load=0");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::regex_search(
      r.out,
      std::regex(R"(\nfast row \[1\] +1 +[0-9.]+ +[0-9.]+ +fail +n/a +)")))
      << r.out;
  EXPECT_NE(r.out.find("\n  min-max "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[1] a footnote"), std::string::npos);
  EXPECT_NE(r.out.find("== load: quiet (no load)"), std::string::npos);
  // The busy loop of 4 beats the one of 40: the targets are evaluated.
  EXPECT_NE(r.out.find("PASS  fast row <= 1.00x slow"), std::string::npos);
  EXPECT_NE(r.out.find("fast row <= 1.00x fastest peer"), std::string::npos);
  EXPECT_NE(r.out.find("table 8000 <= 1.50x table/1000"), std::string::npos);
  EXPECT_EQ(r.out.find("0.01x floor"), std::string::npos) << "a loaded target";
  // A counter row shows the counter, and kAtLeast wants it at least so high.
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(\nrate +1 +0\.75 )")))
      << r.out;
  EXPECT_NE(r.out.find("PASS  rate >= 0.667"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("MISS  rate >= 0.9 "), std::string::npos) << r.out;
  // A second family of peers gets its own header.
  EXPECT_NE(r.out.find("std::mutex absl::Mutex"), std::string::npos);
  EXPECT_NE(r.out.find("also measured:\nlock "), std::string::npos) << r.out;
}

TEST(BenchTest, VariantsAlternateAndJsonKeepsEveryRun) {
  Result r = Fakes("--repetitions=2 --load=0 --json --filter=^fast$");
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> order;
  std::regex name("\"name\": \"([^\"]+)\"");
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), name), end;
       it != end; ++it) {
    order.push_back((*it)[1]);
  }
  // Rotated by one in the second repetition; the failing peer is not rerun.
  EXPECT_EQ(order,
            (std::vector<std::string>{"BM_Fast/gosync", "BM_Fast/slow_peer",
                                      "BM_Fast/failing_peer", "BM_Fast/floor",
                                      "BM_Fast/slow_peer", "BM_Fast/floor",
                                      "BM_Fast/gosync"}));
  EXPECT_NE(r.out.find("\"error_message\": \"fake failure\""),
            std::string::npos);
  EXPECT_NE(r.out.find("\"go_ns\": {}"), std::string::npos) << "--no-go";
  EXPECT_NE(r.out.find("\"verdict\": \"PASS\""), std::string::npos) << r.out;
}

TEST(BenchTest, LoadRunsInAChildThatEndsWithTheRun) {
  Result r = Fakes("--repetitions=1 --load=0,2 --filter=^fast$");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("== load: 2 CPU-bound threads in a separate process"),
            std::string::npos);
  EXPECT_NE(r.out.find("0.01x floor"), std::string::npos) << "loaded target";
  pid_t pid = LoadPid(r.err);
  ASSERT_GT(pid, 0) << r.err;
  EXPECT_TRUE(Gone(pid));
}

TEST(BenchTest, LoadDiesWithAKilledRun) {
  std::string err_file = std::string(std::getenv("TEST_TMPDIR")) + "/killed";
  Result r =
      Shell(Binary("bench_with_fakes") +
            " --no-go --load=1 --repetitions=100 --min_time=1 >/dev/null 2>" +
            err_file + " & p=$!; while ! grep -q process " + err_file +
            "; do sleep 0.05; done; kill -9 $p; wait $p");
  pid_t pid = LoadPid(Slurp(err_file));
  ASSERT_GT(pid, 0) << Slurp(err_file);
  EXPECT_TRUE(Gone(pid));
}

TEST(BenchTest, ARenamedBenchmarkStopsTheTool) {
  Result r =
      Shell("GOSYNC_FAKE_RENAMED=1 " + Binary("bench_with_fakes") + " --list");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("row renamed names BM_Renamed/gosync, which no linked "
                       "benchmark registers"),
            std::string::npos)
      << r.err;
}

TEST(BenchTest, FlagsAndHelp) {
  Result help = Fakes("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("--load=N,...  "), std::string::npos) << help.out;
  for (const char* bad : {"--repetitions=101", "--min_time=11", "--load=x",
                          "'--filter=('", "--filter=nothing"}) {
    Result r = Fakes(bad);
    EXPECT_NE(r.status, 0) << bad;
    EXPECT_NE(r.err.find("tools:bench: "), std::string::npos) << bad << r.err;
  }
  EXPECT_NE(Fakes("--bogus").status, 0);
  Result list = Fakes("--list --filter=table");
  EXPECT_EQ(list.status, 0);
  EXPECT_EQ(list.out,
            "table/1000  (table 1000)\n    BM_Table/1000\n"
            "table/8000  (table 8000)\n    BM_Table/8000\n");
}

// The real table names only benchmarks that //tests registers.
TEST(BenchTest, RealTableMatchesTheRegisteredBenchmarks) {
  Result r = Shell(Binary("bench") + " --list");
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* id : {"uncontended", "wake", "fanout/8", "fanin/8",
                         "semtable-one/8000", "sema-uncontended"}) {
    EXPECT_NE(("\n" + r.out).find(std::string("\n") + id + "  ("),
              std::string::npos)
        << id;
  }
}

}  // namespace
