// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// SemTable: Go's export_test.go SemTable, plus the blocking operations and
// a debug walk, over a private or the global semTable.

#include "sema/semtable.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "sema/internal/mutex.h"
#include "sema/internal/race.h"
#include "sema/internal/semaroot.h"
#include "sema/internal/sudog.h"

namespace go::runtime {

namespace {

// lockGuard
//
// Not in Go: the runtime never unwinds while holding a lock. Walk, the debug
// walk, allocates while it holds a root lock: the guard releases the lock on
// every way out, an exception included, so a failed allocation cannot leave a
// root of the global table locked forever.
class ABSL_SCOPED_LOCKABLE lockGuard {
 public:
  explicit lockGuard(mutex* l) ABSL_EXCLUSIVE_LOCK_FUNCTION(l) : l_(l) {
    lock(l_);
  }
  ~lockGuard() ABSL_UNLOCK_FUNCTION() { unlock(l_); }
  lockGuard(const lockGuard&) = delete;
  lockGuard& operator=(const lockGuard&) = delete;

 private:
  mutex* const l_;
};

}  // namespace

struct SemTable::Impl {
  semTable* tab = nullptr;
  std::unique_ptr<semTable> owned;  // null for the global table
  // Makes and owns the Enqueue records. Each record then stays with the
  // root it was first queued in: Dequeue puts it on that root's free list,
  // under the root lock it holds anyway, and the next Enqueue there takes it
  // back. So a queue/dequeue pair costs the root lock and nothing else: the
  // cache's own lock, taken on every get and put, doubled the atomic
  // read-modify-writes per operation, and they were most of its cost.
  sudogcache cache;
  // free[i] heads root i's free records, linked through waitlink; guarded
  // by that root's lock.
  sudog* free[kSemTabSize] = {};
  // The id of the next Enqueue (1, 2, 3, ...; see semtable.h).
  std::atomic<std::uint64_t> seq{0};
  bool locked = true;  // Hooks::kLocked
};

SemTable::SemTable(Hooks hooks) : impl_(std::make_unique<Impl>()) {
  impl_->owned = std::make_unique<semTable>();
  impl_->tab = impl_->owned.get();
  impl_->locked = hooks == Hooks::kLocked;
}

SemTable::SemTable(GlobalTag) : impl_(std::make_unique<Impl>()) {
  impl_->tab = &semtable;
}

SemTable::~SemTable() = default;

SemTable& SemTable::Global() {
  // Never destroyed, so usable during static destruction; the roots
  // themselves are constant-initialized.
  static SemTable* const global = new SemTable(GlobalTag{});
  return *global;
}

// Enqueue and Dequeue lock the root only for a kLocked table, a condition
// that Clang's lock analysis cannot follow.
void SemTable::Enqueue(uint32_t* addr,
                       bool lifo) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  norace nr;
  const std::size_t i = RootIndex(addr);
  semaRoot* root = &impl_->tab->t[i].root;
  const bool locked = impl_->locked;
  // Go: queues without the root lock (its hook serves one goroutine); here:
  // under it unless the table was made kUnlocked; because tests and semaview
  // enqueue while real threads park in the same table. The lock pair and
  // the id's read-modify-write double the cost of BenchmarkSemTable's
  // one-address rows (about 25 ns per operation locked, 12 unlocked).
  std::uint64_t id;
  if (locked) {
    id = impl_->seq.fetch_add(1, std::memory_order_relaxed) + 1;
    lock(&root->lock);
  } else {
    id = impl_->seq.load(std::memory_order_relaxed) + 1;
    impl_->seq.store(id, std::memory_order_relaxed);
  }
  // Go: s := acquireSudog(); here: a record from this root's free list, or
  // a new one from this table's cache; because the calling thread's own
  // sudog can be queued only once. The cache's lock is a leaf: nothing is
  // locked while it is held.
  sudog* s = impl_->free[i];
  if (s != nullptr) {
    impl_->free[i] = s->waitlink;
    s->waitlink = nullptr;
  } else {
    s = impl_->cache.get();
    s->cache = nullptr;  // releaseSudog only checks it; Dequeue keeps it
  }
  s->id = id;
  s->releasetime = 0;
  s->acquiretime = 0;
  s->ticket = 0;
  // Relaxed, not semacquire1's seq_cst: every writer of nwait holds the
  // lock (or is a kUnlocked table's one thread), and no releaser needs to see
  // this record before it re-checks a word (nobody parks on it).
  root->nwait.store(root->nwait.load(std::memory_order_relaxed) + 1,
                    std::memory_order_relaxed);
  root->queue(addr, s, lifo);
  if (locked) {
    unlock(&root->lock);
  }
}

bool SemTable::Dequeue(uint32_t* addr) ABSL_NO_THREAD_SAFETY_ANALYSIS {
  norace nr;
  const std::size_t i = RootIndex(addr);
  semaRoot* root = &impl_->tab->t[i].root;
  const bool locked = impl_->locked;
  if (locked) {
    lock(&root->lock);  // Go: none (see Enqueue)
  }
  std::int64_t now;
  sudog* s = root->dequeue(addr, &now);
  if (s != nullptr) {
    // Relaxed as in Enqueue: a smaller count is never a missed wakeup.
    root->nwait.store(root->nwait.load(std::memory_order_relaxed) - 1,
                      std::memory_order_relaxed);
  }
  const bool record = s != nullptr && s->g == nullptr;
  if (record) {
    // An Enqueue record: check it (a corrupt one is fatal, lock or not)
    // and keep it for the next Enqueue in this root.
    releaseSudog(s);
    s->waitlink = impl_->free[i];
    impl_->free[i] = s;
  }
  if (locked) {
    unlock(&root->lock);
  }
  if (s != nullptr && !record) {
    readyWithTime(s, 0);  // a parked thread: wake it without a count
  }
  return s != nullptr;
}

void SemTable::Acquire(uint32_t* addr, bool lifo) {
  semacquire1(impl_->tab, addr, lifo,
              lifo ? semaBlockProfile | semaMutexProfile : semaBlockProfile, 0);
}

void SemTable::Release(uint32_t* addr, bool handoff) {
  semrelease1(impl_->tab, addr, handoff, 0);
}

void SemTable::ReleaseN(uint32_t* addr, uint32_t n) {
  semreleaseN(impl_->tab, addr, n);
}

uint32_t SemTable::Nwait(const void* addr) const {
  return impl_->tab->t[RootIndex(addr)].root.nwait.load(
      std::memory_order_seq_cst);
}

RootView SemTable::Walk(const void* addr) const {
  RootView v;
  v.index = RootIndex(addr);
  semaRoot* root = &impl_->tab->t[v.index].root;

  norace nr;
  // Walk allocates while it holds the lock; the guard releases it even if
  // an allocation throws.
  lockGuard guard(&root->lock);
  v.nwait = root->nwait.load(std::memory_order_relaxed);

  // Pre-order with an explicit stack; a damaged tree may be deep or cyclic.
  struct Pending {
    sudog* s;
    int parent;  // index in v.nodes, -1 for the tree root
    bool is_prev;
    int depth;
  };
  std::vector<Pending> stack;
  std::unordered_set<const sudog*> seen;
  auto damage = [&v](std::string msg) { v.damage.push_back(std::move(msg)); };
  auto hex = [](const void* p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%#zx", reinterpret_cast<std::size_t>(p));
    return std::string(buf);
  };

  if (root->treap != nullptr) stack.push_back({root->treap, -1, false, 0});
  while (!stack.empty()) {
    Pending p = stack.back();
    stack.pop_back();
    sudog* s = p.s;
    if (!seen.insert(s).second) {
      damage("cycle: node " + hex(s->elem) + " reached twice");
      continue;
    }
    int idx = static_cast<int>(v.nodes.size());
    TreapNodeView n;
    n.addr = reinterpret_cast<std::uintptr_t>(s->elem);
    n.ticket = s->ticket;
    n.depth = p.depth;
    n.parent = p.parent;
    if (p.parent >= 0) {
      (p.is_prev ? v.nodes[p.parent].prev : v.nodes[p.parent].next) = idx;
    }
    if (s->ticket == 0) damage("tree node " + hex(s->elem) + " has ticket 0");

    // The node's waiters: itself, then its waitlink FIFO.
    n.waiters.push_back(s->id);
    const sudog* last = nullptr;
    for (const sudog* w = s->waitlink; w != nullptr; w = w->waitlink) {
      if (!seen.insert(w).second) {
        damage("cycle in the list of " + hex(s->elem));
        break;
      }
      n.waiters.push_back(w->id);
      if (w->elem != s->elem) {
        damage("list of " + hex(s->elem) + " holds a waiter on " +
               hex(w->elem));
      }
      if (w->parent != nullptr || w->prev != nullptr || w->next != nullptr) {
        damage("list entry on " + hex(s->elem) + " has tree links");
      }
      if (w->waittail != nullptr) {
        damage("list entry on " + hex(s->elem) + " has a waittail");
      }
      last = w;
    }
    if (s->waittail != last) {
      damage("waittail of " + hex(s->elem) + " is not its last waiter");
    }
    v.nodes.push_back(std::move(n));

    // Children: push next first so prev is visited first (pre-order).
    if (s->next != nullptr) {
      if (s->next->parent != s) {
        damage("next child of " + hex(s->elem) + " does not point back");
      }
      stack.push_back({s->next, idx, false, p.depth + 1});
    }
    if (s->prev != nullptr) {
      if (s->prev->parent != s) {
        damage("prev child of " + hex(s->elem) + " does not point back");
      }
      stack.push_back({s->prev, idx, true, p.depth + 1});
    }
  }
  if (root->treap != nullptr && root->treap->parent != nullptr) {
    damage("tree root has a parent");
  }
  return v;
}

std::ptrdiff_t CollidingWords::Index(std::uintptr_t addr) const {
  const auto base = reinterpret_cast<std::uintptr_t>(words_.data());
  const std::size_t bytes = kStride * sizeof(std::uint32_t);
  if (addr < base || (addr - base) % bytes != 0) return -1;
  const std::size_t i = (addr - base) / bytes;
  return i < size() ? static_cast<std::ptrdiff_t>(i) : -1;
}

std::string DescribeRoot(
    const RootView& view,
    const std::function<std::string(std::uintptr_t)>& name) {
  std::size_t waiters = 0;
  for (const TreapNodeView& n : view.nodes) waiters += n.waiters.size();
  std::string out = "semaRoot " + std::to_string(view.index) + " of " +
                    std::to_string(kSemTabSize) +
                    ": nwait=" + std::to_string(view.nwait) + ", " +
                    std::to_string(view.nodes.size()) + " addresses, " +
                    std::to_string(waiters) + " waiting threads\n";
  if (view.nodes.empty()) out += "(empty: nothing waits in this root)\n";
  // Depth first with an explicit stack (a damaged tree may be deep): each
  // entry is a node, what its line starts with, and its children's indent.
  struct Line {
    int node;
    std::string head, indent;
  };
  std::vector<Line> stack;
  if (!view.nodes.empty()) stack.push_back({0, "", ""});
  while (!stack.empty()) {
    Line l = std::move(stack.back());
    stack.pop_back();
    const TreapNodeView& n = view.nodes[l.node];
    char buf[96];
    out += l.head;
    if (name) {
      std::snprintf(buf, sizeof buf, "%-9s ", name(n.addr).c_str());
      out += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "%#zx  ticket %10u  FIFO:", static_cast<std::size_t>(n.addr),
                  n.ticket);
    out += buf;
    for (std::uint64_t w : n.waiters) out += " T" + std::to_string(w);
    out += "\n";
    // Pushed next first, so that prev is printed first.
    if (n.next >= 0) {
      stack.push_back({n.next, l.indent + "└─ next: ", l.indent + "   "});
    }
    if (n.prev >= 0) {
      const bool last = n.next < 0;
      stack.push_back({n.prev, l.indent + (last ? "└─ prev: " : "├─ prev: "),
                       l.indent + (last ? "   " : "│  ")});
    }
  }
  for (const std::string& d : view.damage) out += "DAMAGE: " + d + "\n";
  return out;
}

}  // namespace go::runtime
