// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/semaview/render.h
// -----------------------------------------------------------------------------
//
// Draws one root of a SemTable (a `RootView` from `SemTable::Walk`) as
// indented text and as Graphviz DOT. Both show, for every tree node, its slot
// and address, its ticket, and the FIFO of threads waiting on the address.

#ifndef GOSYNC_TOOLS_SEMAVIEW_RENDER_H_
#define GOSYNC_TOOLS_SEMAVIEW_RENDER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sema/semtable.h"

namespace go::tools::semaview {

// Bytes between two slots: 251 words of 8 bytes, so that (addr >> 3) % 251
// is the same for every slot.
inline constexpr std::size_t kSlotStride = go::runtime::kSemTabSize * 8;

// Turns addresses into the slot numbers the user typed.
struct Naming {
  std::uintptr_t base = 0;  // the address of slot 0

  // "slot 3", or the hex address for one that is not a slot.
  std::string Slot(std::uintptr_t addr) const;
  static std::string Hex(std::uintptr_t addr);
  static std::string Thread(std::uint64_t id);  // "T7"
};

// RenderText()
//
// The treap, root first, children indented under their parent with "prev"
// (smaller addresses) before "next", then any damage the walk found.
std::string RenderText(const go::runtime::RootView& view, const Naming& naming);

// RenderDot()
//
// The same tree as a Graphviz digraph titled `title`. The nodes of the
// addresses in `highlight` are filled, to mark what a release step changed.
std::string RenderDot(const go::runtime::RootView& view, const Naming& naming,
                      const std::string& title,
                      const std::vector<std::uintptr_t>& highlight = {});

}  // namespace go::tools::semaview

#endif  // GOSYNC_TOOLS_SEMAVIEW_RENDER_H_
