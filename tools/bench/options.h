// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/options.h
// -----------------------------------------------------------------------------
//
// The command line of tools:bench. Hand-parsed: six flags do not justify a
// flags library, and Google Benchmark's own flags are set by the tool, not
// by the user.

#ifndef GOSYNC_TOOLS_BENCH_OPTIONS_H_
#define GOSYNC_TOOLS_BENCH_OPTIONS_H_

#include <string>
#include <vector>

#include "tools/bench/gbench_runner.h"
#include "tools/bench/go_runner.h"

namespace go::tools::bench {

struct Options {
  bool help = false;
  bool json = false;
  bool list = false;  // print the planned rows and their benchmarks, run none
  bool go = true;
  std::string filter;  // ECMAScript regex over row ids and labels
  RunSettings run;
  GoSettings go_settings;
};

inline constexpr char kUsage[] =
    "usage: tools/bazel run //tools:bench -- [--json] [--filter=REGEX] "
    "[--quick] [--no-go] [--repetitions=N] [--min_time=SECONDS] [--list] "
    "[--help]";

// ParseOptions()
//
// Parses `args` (without the program name). On a bad argument returns false
// and sets `error` to a one-line explanation.
bool ParseOptions(const std::vector<std::string>& args, Options& options,
                  std::string& error);

// The text --help prints.
const char* HelpText();

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_OPTIONS_H_
