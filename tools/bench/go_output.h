// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/go_output.h
// -----------------------------------------------------------------------------
//
// Reads the text `go test -bench` prints, for example
//
//   BenchmarkSemTable/ManyAddrCollision/n=1000-2   1714   67135 ns/op
//
// into median ns/op per benchmark, named as tools:bench names Go's figures:
// without the "Benchmark" prefix and without the "-<GOMAXPROCS>" suffix
// ("SemTable/ManyAddrCollision/n=1000").

#ifndef GOSYNC_TOOLS_BENCH_GO_OUTPUT_H_
#define GOSYNC_TOOLS_BENCH_GO_OUTPUT_H_

#include <map>
#include <string>
#include <string_view>

namespace go::tools::bench {

// ParseGoBenchOutput()
//
// Median ns/op of every benchmark line in `text` (with -count=N a benchmark
// prints N lines). Lines that are not benchmark results are ignored.
std::map<std::string, double> ParseGoBenchOutput(std::string_view text);

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_GO_OUTPUT_H_
