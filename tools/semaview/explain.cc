// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// The oracle that checks the table. The table only exposes snapshots, so
// ExplainRelease replays Go's `semaRoot.dequeue` (head replacement, or rotate
// down and unlink) on a copy of the "before" snapshot, naming each step for
// the reader, and compares the result with the table's "after" snapshot. It
// is a second, deliberately naive treap: an independent rendering of Go's
// algorithm, so that a release the C++ table gets wrong shows as a mismatch
// (and semaview exits 1) instead of as a plausible picture.

#include <string>
#include <vector>

#include "tools/semaview/semaview.h"

namespace go::tools::semaview {
namespace {

using go::runtime::RootView;
using go::runtime::TreapNodeView;

// A mutable copy of a snapshot, linked by index, to replay dequeue on.
struct Tree {
  std::vector<TreapNodeView> nodes;
  int root = -1;

  explicit Tree(const RootView& view) : nodes(view.nodes) {
    if (!nodes.empty()) root = 0;
  }

  int Find(std::uintptr_t addr) const {
    int t = root;
    while (t >= 0 && nodes[t].addr != addr) {
      t = addr < nodes[t].addr ? nodes[t].prev : nodes[t].next;
    }
    return t;
  }

  // Points whatever pointed at `from` (its parent's slot, or the root) at
  // `to`.
  void Replace(int parent, int from, int to) {
    if (parent < 0) {
      root = to;
    } else if (nodes[parent].prev == from) {
      nodes[parent].prev = to;
    } else {
      nodes[parent].next = to;
    }
  }

  // Go: rotateLeft(x) lifts x's next child y: (x a (y b c)) becomes
  // (y (x a b) c); rotateRight(x) lifts its prev child, the mirror image.
  void Rotate(int x, bool left) {
    const int p = nodes[x].parent;
    int& x_child = left ? nodes[x].next : nodes[x].prev;
    const int y = x_child;
    int& y_child = left ? nodes[y].prev : nodes[y].next;
    const int b = y_child;
    y_child = x;
    nodes[x].parent = y;
    x_child = b;
    if (b >= 0) nodes[b].parent = x;
    nodes[y].parent = p;
    Replace(p, x, y);
  }

  // Pre-order "addr/ticket/FIFO" with the shape in brackets; two trees with
  // the same text have the same nodes, tickets, waiters and links.
  std::string Shape(int t) const {
    if (t < 0) return "-";
    const TreapNodeView& n = nodes[t];
    std::string s =
        std::to_string(n.addr) + "/" + std::to_string(n.ticket) + "/";
    for (std::uint64_t w : n.waiters) s += ThreadName(w);
    return s + "(" + Shape(n.prev) + " " + Shape(n.next) + ")";
  }
};

}  // namespace

Explanation ExplainRelease(const RootView& before, const RootView& after,
                           std::uintptr_t addr, const CollidingWords& words) {
  Explanation e;
  const std::string name = SlotName(words, addr);
  Tree tree(before);
  int s = tree.Find(addr);
  if (s < 0) {
    e.steps.push_back("nothing waits on " + name +
                      ": the release only adds a count to the word");
  } else if (tree.nodes[s].waiters.size() > 1) {
    e.kind = Explanation::Kind::kHeadReplacement;
    std::vector<std::uint64_t>& fifo = tree.nodes[s].waiters;
    e.woken = fifo.front();
    fifo.erase(fifo.begin());
    e.touched.push_back(addr);
    e.steps.push_back(
        "head replacement: " + ThreadName(e.woken) + " leaves; " +
        ThreadName(fifo.front()) + ", next in " + name +
        "'s FIFO, takes its place in the tree with the same ticket and "
        "links; nothing rotates");
  } else {
    e.kind = Explanation::Kind::kRemoval;
    e.woken = tree.nodes[s].waiters.front();
    e.steps.push_back("removal: " + ThreadName(e.woken) +
                      " was the only waiter on " + name +
                      ", so its node leaves the tree");
    // Go's dequeue: rotate s down, lifting the child with the smaller
    // ticket, until s is a leaf.
    while (tree.nodes[s].prev >= 0 || tree.nodes[s].next >= 0) {
      const int prev = tree.nodes[s].prev;
      const int next = tree.nodes[s].next;
      const bool right = next < 0 || (prev >= 0 && tree.nodes[prev].ticket <
                                                       tree.nodes[next].ticket);
      const TreapNodeView& up = tree.nodes[right ? prev : next];
      e.steps.push_back((right ? "rotateRight(" : "rotateLeft(") + name +
                        (right ? "): its prev " : "): its next ") +
                        SlotName(words, up.addr) + " (ticket " +
                        std::to_string(up.ticket) + ") moves up");
      e.touched.push_back(up.addr);
      tree.Rotate(s, /*left=*/!right);
    }
    int parent = tree.nodes[s].parent;
    if (parent < 0) {
      e.steps.push_back("unlink: it was the last node; the root is empty");
    } else {
      e.steps.push_back(std::string("unlink the leaf from ") +
                        SlotName(words, tree.nodes[parent].addr) + "'s " +
                        (tree.nodes[parent].prev == s ? "prev" : "next"));
    }
    tree.Replace(parent, s, -1);
  }

  std::string expected = tree.Shape(tree.root);
  Tree actual(after);
  std::string got = actual.Shape(actual.root);
  e.matches = expected == got;
  if (!e.matches) {
    e.mismatch = "expected " + expected + ", table has " + got;
  }
  return e;
}

}  // namespace go::tools::semaview
