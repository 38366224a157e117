// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/semaview/semaview.h
// -----------------------------------------------------------------------------
//
// tools:semaview as a library, so that tests run what the binary runs: park
// real threads on chosen words of a private SemTable, draw the one root they
// share, release them step by step saying what each release did to the
// treap, then release the rest and join.
// Slot i is Word(i) of a go::runtime::CollidingWords that semaview owns; the
// text drawing is go::runtime::DescribeRoot, the tests' root printer.

#ifndef GOSYNC_TOOLS_SEMAVIEW_SEMAVIEW_H_
#define GOSYNC_TOOLS_SEMAVIEW_SEMAVIEW_H_

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sema/semtable.h"

namespace go::tools::semaview {

inline constexpr int kMaxSlot = 1023;
inline constexpr int kMaxWaitersPerSlot = 32;
inline constexpr int kMaxThreads = 256;

struct Options {
  std::vector<int> slots = {0, 1, 2, 3, 4, 5, 6};    // distinct
  std::vector<int> waiters = {1, 2, 1, 3, 1, 1, 2};  // per slot, or one for all
  std::vector<int> release;  // slots to release, one wakeup each, in order
  bool dot = false;          // DOT alone on stdout, everything else on stderr
};

// Validate()
//
// Spreads a single `waiters` count over all slots and checks the limits and
// that every release finds a waiter. Returns "" or a one-line error.
std::string Validate(Options& options);

// RunSemaview()
//
// Runs a validated `options`, printing the views to `out` and problems to
// `err`. Returns 0, or 1 if a thread did not queue or wake within 10 s or the
// table differs from Go's algorithm. Every thread it parked has been
// released and joined when it returns.
int RunSemaview(const Options& options, std::ostream& out, std::ostream& err);

using go::runtime::CollidingWords;

// "slot i" for words.Word(i), the address in hex for any other.
std::string SlotName(const CollidingWords& words, std::uintptr_t addr);

// "T7": a waiter id as the drawings show it.
inline std::string ThreadName(std::uint64_t id) {
  return "T" + std::to_string(id);
}

// RenderDot()
//
// The tree as a Graphviz digraph titled `title`, prev edges left of next
// edges; the nodes of the addresses in `highlight` are filled.
std::string RenderDot(const go::runtime::RootView& view,
                      const CollidingWords& words, const std::string& title,
                      const std::vector<std::uintptr_t>& highlight = {});

// What one release did to the treap (see explain.cc).
struct Explanation {
  enum class Kind { kHeadReplacement, kRemoval, kNotFound };
  Kind kind = Kind::kNotFound;
  std::uint64_t woken = 0;         // the thread Go would wake: the FIFO's head
  std::vector<std::string> steps;  // one line per step, in order
  std::vector<std::uintptr_t> touched;  // nodes the release changed
  bool matches = false;  // the replay equals the table's "after" snapshot
  std::string mismatch;  // if not: both trees
};

// ExplainRelease()
//
// What a release of `addr` does to `before` by Go's dequeue, and whether
// `after` is that.
Explanation ExplainRelease(const go::runtime::RootView& before,
                           const go::runtime::RootView& after,
                           std::uintptr_t addr, const CollidingWords& words);

}  // namespace go::tools::semaview

#endif  // GOSYNC_TOOLS_SEMAVIEW_SEMAVIEW_H_
