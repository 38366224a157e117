// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/go_runner.h
// -----------------------------------------------------------------------------
//
// Runs Go's own benchmarks for the same scenarios (`go test -bench` on the
// standard library's `sync` and `runtime` packages) when a Go toolchain is on
// PATH, so that the table shows what Go itself achieves on the same machine.
//
// `bazel run` starts the tool in a runfiles tree with a reduced environment,
// where `go` would try to write its build cache under $HOME. So `go` runs in
// a scratch directory with its own cache, module and proxy settings under
// $TMPDIR (the build cache is kept between runs, which saves the ~20 s of
// compiling Go's runtime tests), and can download nothing.

#ifndef GOSYNC_TOOLS_BENCH_GO_RUNNER_H_
#define GOSYNC_TOOLS_BENCH_GO_RUNNER_H_

#include <chrono>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace go::tools::bench {

struct GoSettings {
  std::string benchtime = "100ms";   // go test -benchtime
  int count = 3;                     // go test -count; the median is kept
  std::chrono::seconds budget{150};  // for all `go` commands together
};

struct GoResult {
  bool available = false;  // a `go` was found on PATH
  std::string version;     // `go version`, e.g. "go1.19.8 linux/amd64"
  std::map<std::string, double> medians;  // see go_output.h for the names
  std::vector<std::string> commands;      // what was run, for the record
  std::vector<std::string> problems;      // e.g. a timeout; shown to the user
};

// RunGoBenchmarks()
//
// Runs the Go benchmarks among `wanted` (names as in go_output.h; names Go
// does not have are simply absent from the result) and prints a line to
// `progress` before each `go` command.
GoResult RunGoBenchmarks(const std::vector<std::string>& wanted,
                         const GoSettings& settings, std::ostream& progress);

// The one line printed when Go is not installed.
inline constexpr char kGoMissingHint[] =
    "Go figures: no `go` on PATH; to add Go's own benchmarks to this table, "
    "run `apt-get install golang-go`.";

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_GO_RUNNER_H_
