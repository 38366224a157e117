// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/semaview/options.h
// -----------------------------------------------------------------------------
//
// The command line of tools:semaview. Addresses are given as slots: slot i is
// the word at byte offset i * 251 * 8 of a buffer semaview owns, so every
// slot hashes to the same one of the 251 roots ((addr >> 3) % 251 is the
// same for all of them) and all of them land in one treap.

#ifndef GOSYNC_TOOLS_SEMAVIEW_OPTIONS_H_
#define GOSYNC_TOOLS_SEMAVIEW_OPTIONS_H_

#include <string>
#include <vector>

namespace go::tools::semaview {

inline constexpr int kMaxSlot = 1023;
inline constexpr int kMaxWaitersPerSlot = 32;
inline constexpr int kMaxThreads = 256;

// kAuto: text and DOT for the full tree, text only after each release step.
// kDot: DOT only on stdout (everything else goes to stderr), so that
// `semaview --format=dot | dot -Tsvg` works.
enum class Format { kAuto, kBoth, kText, kDot };

struct Options {
  bool help = false;
  std::vector<int> slots;    // distinct, in the order given
  std::vector<int> waiters;  // threads to park on each of `slots`
  std::vector<int> release;  // slots to release, one wakeup each, in order
  std::string svg;           // write the picture here (needs `dot`)
  Format format = Format::kAuto;
  double timeout_s = 10;  // for each thread to queue or to wake
};

inline constexpr char kUsage[] =
    "usage: tools/bazel run //tools:semaview -- [--addrs=SLOTS] "
    "[--waiters=N|LIST] [--release=SLOTS] [--svg=FILE] "
    "[--format=auto|both|text|dot] [--timeout=SECONDS] [--help]";

// ParseOptions()
//
// Parses `args` (without the program name) and fills in the defaults. On a
// bad argument returns false and sets `error` to a one-line explanation.
bool ParseOptions(const std::vector<std::string>& args, Options& options,
                  std::string& error);

// The text --help prints: the flags and what the picture shows.
const char* HelpText();

}  // namespace go::tools::semaview

#endif  // GOSYNC_TOOLS_SEMAVIEW_OPTIONS_H_
