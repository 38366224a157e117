// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/semaview/explain.h
// -----------------------------------------------------------------------------
//
// Says what one release did to the treap. The table exposes only snapshots,
// so semaview replays Go's `semaRoot.dequeue` on the "before" snapshot (head
// replacement, or rotate down and unlink) and names each step it took; then
// it checks that the replay gives exactly the "after" snapshot the table
// reports. A mismatch means the C++ table did not do what Go does.

#ifndef GOSYNC_TOOLS_SEMAVIEW_EXPLAIN_H_
#define GOSYNC_TOOLS_SEMAVIEW_EXPLAIN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sema/semtable.h"
#include "tools/semaview/render.h"

namespace go::tools::semaview {

struct Explanation {
  enum class Kind { kHeadReplacement, kRemoval, kNotFound };
  Kind kind = Kind::kNotFound;
  std::uint64_t woken = 0;         // the thread Go would wake: the FIFO's head
  std::vector<std::string> steps;  // one line per step, in order
  // Addresses whose node the release changed: the replaced head's node, or
  // every node a rotation lifted. For highlighting in the picture.
  std::vector<std::uintptr_t> touched;
  bool matches = false;  // the replay equals the table's "after" snapshot
  std::string mismatch;  // if not: the first difference
};

// ExplainRelease()
//
// What a release of `addr` does to `before`, and whether `after` is that.
Explanation ExplainRelease(const go::runtime::RootView& before,
                           const go::runtime::RootView& after,
                           std::uintptr_t addr, const Naming& naming);

}  // namespace go::tools::semaview

#endif  // GOSYNC_TOOLS_SEMAVIEW_EXPLAIN_H_
