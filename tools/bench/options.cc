// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/options.h"

#include <charconv>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

namespace go::tools::bench {

bool ParseOptions(const std::vector<std::string>& args, Options& options,
                  std::string& error) {
  for (const std::string& arg : args) {
    std::size_t eq = arg.find('=');
    std::string flag = arg.substr(0, eq);
    bool has_value = eq != std::string::npos;
    std::string value = has_value ? arg.substr(eq + 1) : "";
    auto no_value = [&] {
      if (has_value) error = flag + " takes no value";
      return !has_value;
    };
    if (flag == "--help" || flag == "-h") {
      options.help = true;
    } else if (flag == "--json") {
      if (!no_value()) return false;
      options.json = true;
    } else if (flag == "--list") {
      if (!no_value()) return false;
      options.list = true;
    } else if (flag == "--no-go") {
      if (!no_value()) return false;
      options.go = false;
    } else if (flag == "--quick") {
      if (!no_value()) return false;
      options.run.repetitions = 3;
      options.run.min_time_s = 0.02;
      options.go_settings.count = 1;
      options.go_settings.benchtime = "50ms";
    } else if (flag == "--filter") {
      if (value.empty()) {
        error = "--filter needs a regular expression, e.g. --filter=wake";
        return false;
      }
      try {
        std::regex check(value);
      } catch (const std::regex_error&) {
        error = "--filter: not a valid regular expression: " + value;
        return false;
      }
      options.filter = value;
    } else if (flag == "--repetitions") {
      int n = 0;
      auto [end, ec] =
          std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size() || n < 1 ||
          n > 100) {
        error = "--repetitions needs a whole number from 1 to 100, got '" +
                value + "'";
        return false;
      }
      options.run.repetitions = n;
    } else if (flag == "--min_time") {
      char* end = nullptr;
      double s = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !(s > 0 && s <= 10)) {
        error = "--min_time needs seconds in (0, 10], got '" + value + "'";
        return false;
      }
      options.run.min_time_s = s;
    } else {
      error = "unknown argument '" + arg + "'";
      return false;
    }
  }
  return true;
}

const char* HelpText() {
  return R"(tools:bench: is gosync fast, next to what you would use instead?

Runs gosync's benchmarks (//tests:waitgroup_benchmarks, //tests:sema_benchmarks)
and prints one table: a row per scenario, the median ns/op of
go::sync::WaitGroup, std::latch, absl::BlockingCounter (or absl::Notification),
a mutex+condvar WaitGroup and the raw floor (plain atomics, futex), then
gosync / fastest peer and gosync / floor. "n/a" marks a peer that cannot
express the scenario. If `go` is on PATH, Go's own sync and runtime
benchmarks run too and fill the Go column. Then gosync's performance targets are
checked and printed as PASS/MISS with the measured ratio. Progress goes to
stderr, the table to stdout. Takes about 2-3 minutes on 2 cores.

  --json            print the same table, targets and machine info as JSON
  --filter=REGEX    only rows whose id or label matches (ids: uncontended,
                    adddone, wait, wake, fanout/N, fanin/N, semtable-many/N,
                    semtable-list/N, semtable-one/N, ...; see --list)
  --quick           3 repetitions of 0.02 s, Go -count=1: a rough table fast
  --no-go           do not run Go's benchmarks
  --repetitions=N   repetitions per benchmark (default 5; the median is kept)
  --min_time=S      seconds per repetition (default 0.1)
  --list            print the rows and the benchmarks behind them; run nothing
  --help            this text
)";
}

}  // namespace go::tools::bench
