// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/semaview/semaview.h"

namespace go::tools::semaview {
namespace {

using go::runtime::RootView;
using go::runtime::TreapNodeView;

std::string Fifo(const TreapNodeView& node) {
  std::string out;
  for (std::uint64_t id : node.waiters) {
    out += (out.empty() ? "" : " ") + Naming::Thread(id);
  }
  return out;
}

std::string NodeLine(const TreapNodeView& node, const Naming& naming) {
  char buf[96];
  std::snprintf(buf, sizeof buf,
                "%-9s %s  ticket %10u  FIFO: ", naming.Slot(node.addr).c_str(),
                Naming::Hex(node.addr).c_str(), node.ticket);
  return buf + Fifo(node);
}

void TextSubtree(const RootView& view, const Naming& naming, int index,
                 const std::string& indent, std::string& out) {
  const TreapNodeView& node = view.nodes[index];
  struct Child {
    int index;
    const char* name;
  };
  std::vector<Child> children;
  if (node.prev >= 0) children.push_back({node.prev, "prev"});
  if (node.next >= 0) children.push_back({node.next, "next"});
  for (std::size_t i = 0; i < children.size(); ++i) {
    bool last = i + 1 == children.size();
    out += indent + (last ? "└─ " : "├─ ") + children[i].name + ": " +
           NodeLine(view.nodes[children[i].index], naming) + "\n";
    TextSubtree(view, naming, children[i].index,
                indent + (last ? "   " : "│  "), out);
  }
}

std::size_t CountWaiters(const RootView& view) {
  std::size_t n = 0;
  for (const TreapNodeView& node : view.nodes) n += node.waiters.size();
  return n;
}

}  // namespace

std::string Naming::Slot(std::uintptr_t addr) const {
  if (addr >= base && (addr - base) % kSlotStride == 0) {
    return "slot " + std::to_string((addr - base) / kSlotStride);
  }
  return Hex(addr);
}

std::string Naming::Hex(std::uintptr_t addr) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%#zx", static_cast<std::size_t>(addr));
  return buf;
}

std::string Naming::Thread(std::uint64_t id) {
  return "T" + std::to_string(id);
}

std::string RenderText(const RootView& view, const Naming& naming) {
  std::string out = "semaRoot " + std::to_string(view.index) + " of " +
                    std::to_string(go::runtime::kSemTabSize) +
                    ": nwait=" + std::to_string(view.nwait) + ", " +
                    std::to_string(view.nodes.size()) + " addresses, " +
                    std::to_string(CountWaiters(view)) + " waiting threads\n";
  if (view.nodes.empty()) {
    out += "(empty: nothing waits in this root)\n";
  } else {
    out += NodeLine(view.nodes[0], naming) + "\n";
    TextSubtree(view, naming, 0, "", out);
  }
  for (const std::string& d : view.damage) out += "DAMAGE: " + d + "\n";
  return out;
}

std::string RenderDot(const RootView& view, const Naming& naming,
                      const std::string& title,
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
    const TreapNodeView& node = view.nodes[i];
    // Record fields: the key and ticket, then the FIFO left to right.
    std::string fifo;
    for (std::uint64_t id : node.waiters) fifo += "|" + Naming::Thread(id);
    char head[160];
    std::snprintf(head, sizeof head, "%s\\n%s|ticket %u",
                  naming.Slot(node.addr).c_str(),
                  Naming::Hex(node.addr).c_str(), node.ticket);
    out += "  n" + std::to_string(i) + " [label=\"{" + head + "|{FIFO" + fifo +
           "}}\"" +
           (std::find(highlight.begin(), highlight.end(), node.addr) !=
                    highlight.end()
                ? ", style=filled, fillcolor=\"#fff2b3\""
                : "") +
           "];\n";
  }
  for (std::size_t i = 0; i < view.nodes.size(); ++i) {
    const TreapNodeView& node = view.nodes[i];
    if (node.prev < 0 && node.next < 0) continue;
    // A missing child gets an invisible stand-in, so that prev is always
    // drawn to the left and next to the right, as in a BST diagram.
    for (auto [child, name] :
         {std::pair{node.prev, "prev"}, std::pair{node.next, "next"}}) {
      std::string from = "n" + std::to_string(i);
      if (child >= 0) {
        out += "  " + from + " -> n" + std::to_string(child) + " [label=\"" +
               name + "\"];\n";
      } else {
        std::string ghost = from + "_" + name;
        out += "  " + ghost + " [style=invis, shape=point, label=\"\"];\n";
        out += "  " + from + " -> " + ghost + " [style=invis];\n";
      }
    }
  }
  out += "}\n";
  return out;
}

}  // namespace go::tools::semaview
