// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/semtable.h
// -----------------------------------------------------------------------------
//
// `SemTable`: a semaphore table that tests, benchmarks and the study tools can
// own privately, as Go's `runtime/export_test.go` exposes `SemTable` to
// `sema_test.go`. The process-wide table behind `sema/sema.h` is one instance
// of the same type (`SemTable::Global()`).
//
// Besides Go's `Enqueue`/`Dequeue` hooks, a SemTable offers the blocking
// operations against itself and a read-only walk of one root's treap, so that
// tests can check the treap invariants and `tools:semaview` can draw it;
// `CollidingWords`, words that all land in one root; and `DescribeRoot`, the
// one printer of a walked root, for failure messages and semaview.
//
// Target `//sema:semtable`, for gosync's tests and tools only; programs use
// `//sema`. Like export_test.go, which is compiled into package runtime, this
// hook sees the runtime's internals: the core never includes it. Through
// sema/internal/semaroot.h it also provides
//
//   kSemTabSize        the number of roots, 251 (Go: semTabSize)
//   RootIndex(addr)    the root that `addr` hashes to, `(addr >> 3) % 251`,
//                      the table's own hash (Go: rootFor)
//   CurrentThreadId()  the thread ids that Walk reports (sema/internal/sudog.h)

#ifndef GOSYNC_SEMA_SEMTABLE_H_
#define GOSYNC_SEMA_SEMTABLE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sema/internal/semaroot.h"  // kSemTabSize, RootIndex
#include "sema/internal/sudog.h"     // CurrentThreadId

namespace go::runtime {

// One tree node of a root's treap, as seen by `SemTable::Walk`.
struct TreapNodeView {
  std::uintptr_t addr = 0;   // the semaphore address (Go: sudog.elem)
  std::uint32_t ticket = 0;  // the heap priority
  int depth = 0;             // 0 for the tree root
  int parent = -1;           // index into RootView::nodes, -1 for the root
  int prev = -1;             // left child (smaller addresses)
  int next = -1;             // right child (larger addresses)
  // The waiters on this address in wake order (the tree node first, then its
  // waitlink FIFO). Each entry is the waiting thread's gosync thread id (see
  // `CurrentThreadId`), or the sudog's sequence number for `Enqueue`d entries.
  std::vector<std::uint64_t> waiters;
};

// A consistent copy of one root, taken under its lock.
struct RootView {
  std::size_t index = 0;    // which of the 251 roots
  std::uint32_t nwait = 0;  // Go: semaRoot.nwait
  // Nodes in pre-order (root first, then prev subtree, then next subtree).
  std::vector<TreapNodeView> nodes;
  // Structural damage found while copying: a child whose parent pointer does
  // not point back, a tree node with ticket 0, a list entry that still has
  // tree links or another address, a wrong waittail, a cycle. Each entry is
  // one human-readable line. Empty for a healthy root.
  std::vector<std::string> damage;
};

class SemTable {
 public:
  // Whether Enqueue and Dequeue take the root lock. kUnlocked is Go's hook:
  // for one thread that only enqueues and dequeues (BenchmarkSemTable), at
  // about half the cost; a thread that calls a hook while any other thread
  // uses the table is undefined. Global() is always kLocked.
  enum class Hooks { kLocked, kUnlocked };

  explicit SemTable(Hooks hooks = Hooks::kLocked);
  ~SemTable();
  SemTable(const SemTable&) = delete;
  SemTable& operator=(const SemTable&) = delete;

  // The table used by Semacquire/Semrelease in sema/sema.h.
  static SemTable& Global();

  // Go's export_test.go hooks: queue a fresh waiter record on `addr` without
  // parking any thread, and remove the first one. Dequeue returns false when
  // nothing waits on `addr`. Records come from a pool owned by this table;
  // the k-th Enqueue on a table shows up in Walk with waiter id k (1, 2, ...).
  //
  // Go: Enqueue takes no `lifo` and neither hook touches nwait; here: `lifo`
  // is passed to queue, and the hooks count the record in nwait as
  // semacquire1 and semrelease1 do; because the model tests drive both queue
  // orders and check nwait against the records queued.
  //
  // If the first waiter on `addr` is a thread parked by Acquire, Dequeue
  // wakes it without a count (a spurious wakeup: it competes for the word and
  // queues again) and returns true.
  void Enqueue(uint32_t* addr, bool lifo = false);
  bool Dequeue(uint32_t* addr);

  // The blocking operations of sema/sema.h, against this table: Acquire is
  // SemacquireMutex (Semacquire when !lifo), Release is Semrelease, ReleaseN
  // is SemreleaseN. Destroying the table while a thread is inside one of them
  // is undefined.
  void Acquire(uint32_t* addr, bool lifo = false);
  void Release(uint32_t* addr, bool handoff = false);
  void ReleaseN(uint32_t* addr, uint32_t n);

  // Go: SemNwait. The root's waiter count (all addresses in that root).
  uint32_t Nwait(const void* addr) const;

  // A copy of the root that `addr` hashes to, taken under the root's lock.
  //
  // Like the whole runtime layer (see sema/internal/race.h), Nwait, Walk,
  // Enqueue and Dequeue create no happens-before edge that ThreadSanitizer can
  // see: a test that learns from Walk that a thread is parked must not read
  // that thread's plain data on the strength of it. The only edge is Release
  // (or ReleaseN) before the Acquire that takes its count.
  RootView Walk(const void* addr) const;

  // Implementation detail: the 251 padded roots (Go: semTable) and the
  // Enqueue record pool.
  struct Impl;

 private:
  struct GlobalTag {};
  explicit SemTable(GlobalTag);  // wraps the constant-initialized semtable

  std::unique_ptr<Impl> impl_;
};

// CollidingWords
//
// `n` semaphore words that all hash to the same root: consecutive words are
// kSemTabSize × 8 bytes apart, so (addr >> 3) differs by multiples of 251.
// (Go's BenchmarkSemTable steps by 251 uint32s, 1004 bytes, which the >> 3
// turns into 125.5 granules: its "collisions" land in two roots, not one.)
// Word(i, 1) is the other half of Word(i)'s 8-byte granule: a different
// address in the same root, next to it in address order.
class CollidingWords {
 public:
  static constexpr std::size_t kStride = kSemTabSize * 2;  // uint32s

  explicit CollidingWords(std::size_t n) : words_(n * kStride + 2, 0) {}

  std::uint32_t* Word(std::size_t i, std::size_t half = 0) {
    return &words_[i * kStride + half];
  }
  std::size_t size() const { return (words_.size() - 2) / kStride; }

  // The i with Word(i) == addr, or -1 if `addr` is no such word.
  std::ptrdiff_t Index(std::uintptr_t addr) const;

 private:
  std::vector<std::uint32_t> words_;  // operator new aligns it to 16
};

// DescribeRoot()
//
// `view` as text: a line with the root's index, nwait and counts, then the
// treap root first and each node's children indented under it, "prev"
// (smaller addresses) before "next", one line per node with its name (if
// `name` is given; tools:semaview says "slot 3"), address, ticket and FIFO
// of waiters ("T7" for id 7), then a "DAMAGE: " line per damage entry.
std::string DescribeRoot(
    const RootView& view,
    const std::function<std::string(std::uintptr_t)>& name = nullptr);

}  // namespace go::runtime

#endif  // GOSYNC_SEMA_SEMTABLE_H_
