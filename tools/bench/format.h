// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/format.h
// -----------------------------------------------------------------------------
//
// How tools:bench writes a time or a ratio for people: three significant
// digits, because run-to-run noise on a shared VM is far above 0.1%.

#ifndef GOSYNC_TOOLS_BENCH_FORMAT_H_
#define GOSYNC_TOOLS_BENCH_FORMAT_H_

#include <optional>
#include <string>

namespace go::tools::bench {

// "3.61", "14.6", "178", "5120"; "n/a" for nullopt.
std::string FormatNs(std::optional<double> ns);

// "1.13x" ("1.003x" with `decimals` = 3); "n/a" for nullopt.
std::string FormatRatio(std::optional<double> ratio, int decimals = 2);

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_FORMAT_H_
