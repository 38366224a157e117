// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// semaview's names for addresses and its DOT drawing; the text drawing is
// go::runtime::DescribeRoot.

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "tools/semaview/semaview.h"

namespace go::tools::semaview {

std::string SlotName(const CollidingWords& words, std::uintptr_t addr) {
  const std::ptrdiff_t slot = words.Index(addr);
  if (slot >= 0) return "slot " + std::to_string(slot);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%#zx", static_cast<std::size_t>(addr));
  return buf;
}

std::string RenderDot(const go::runtime::RootView& view,
                      const CollidingWords& words, const std::string& title,
                      const std::vector<std::uintptr_t>& highlight) {
  std::string out = "digraph semaroot {\n";
  out += "  graph [label=\"" + title +
         "\", labelloc=t, fontname=\"Helvetica\", fontsize=12, "
         "ordering=out, nodesep=0.25, ranksep=0.35];\n";
  out += "  node [shape=record, fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.6];\n";
  if (view.nodes.empty()) {
    out += "  empty [shape=plaintext, label=\"(no waiters)\"];\n";
  }
  for (std::size_t i = 0; i < view.nodes.size(); ++i) {
    const go::runtime::TreapNodeView& node = view.nodes[i];
    // Record fields: the key and ticket, then the FIFO left to right.
    std::string fifo;
    for (std::uint64_t id : node.waiters) fifo += "|" + ThreadName(id);
    char head[160];
    std::snprintf(head, sizeof head, "%s\\n%#zx|ticket %u",
                  SlotName(words, node.addr).c_str(),
                  static_cast<std::size_t>(node.addr), node.ticket);
    const bool lit = std::count(highlight.begin(), highlight.end(), node.addr);
    out += "  n" + std::to_string(i) + " [label=\"{" + head + "|{FIFO" + fifo +
           "}}\"" + (lit ? ", style=filled, fillcolor=\"#fff2b3\"" : "") +
           "];\n";
  }
  for (std::size_t i = 0; i < view.nodes.size(); ++i) {
    const go::runtime::TreapNodeView& node = view.nodes[i];
    if (node.prev < 0 && node.next < 0) continue;
    // A missing child gets an invisible stand-in, so that prev is always
    // drawn to the left and next to the right, as in a BST diagram.
    const std::string from = "n" + std::to_string(i);
    for (auto [child, name] :
         {std::pair{node.prev, "prev"}, std::pair{node.next, "next"}}) {
      if (child >= 0) {
        out += "  " + from + " -> n" + std::to_string(child) + " [label=\"" +
               name + "\"];\n";
      } else {
        const std::string ghost = from + "_" + name;
        out += "  " + ghost + " [style=invis, shape=point, label=\"\"];\n";
        out += "  " + from + " -> " + ghost + " [style=invis];\n";
      }
    }
  }
  out += "}\n";
  return out;
}

}  // namespace go::tools::semaview
