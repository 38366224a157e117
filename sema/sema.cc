// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Port of Go's runtime/sema.go (Go 1.19), for threads.
//
// What this is for. Every blocking type in gosync has a fast path made of
// atomics on its own state and a slow path where a thread must sleep until
// another thread changes that state. This file is the slow path: a thread
// with nothing to take calls Semacquire and sleeps; the thread that makes
// something available calls Semrelease and wakes it. The whole contract is
// that sleeps and wakeups pair up one to one, and that the pairing survives
// any interleaving: if the release runs first, it leaves a count in the
// caller's word, and the later acquire takes the count instead of sleeping.
// So these are not semaphores to hand to application code; they are a
// sleep/wakeup mechanism with a counter for memory, in the sense of Mullender
// and Cox, "Semaphores in Plan 9".
//
// How it is kept. The caller owns only a uint32_t. Everything else lives in
// one process-wide table of 251 roots, each on its own cache line, and the
// root is picked from the word's address. A root holds a treap: a binary
// search tree on the address, kept balanced by random heap priorities, with
// one node per distinct address that has waiters. Each node heads a FIFO of
// the further waiters on its address. So finding the next waiter costs
// O(log n) in the number of distinct addresses waiting in that root, and an
// extra waiter on an address costs O(1). Go got here the hard way:
// golang/go#17953 showed two busy locks whose addresses landed in the same
// root spending minutes walking one shared list; a second list level fixed
// the same-address case and the treap fixed the many-address case.
//
// Where threads differ from goroutines. A waiter parks on its own Parker
// (sema/internal/parker.h) instead of gopark, and is woken with Unpark instead
// of goready; each thread reuses one sudog from a never-freed record
// (sema/internal/sudog.h). C++ has no garbage collector to keep a woken
// waiter's sudog or the caller's word alive, so after the step that can let a
// waiter return, the releasing side touches neither; each such line says so.
// SemreleaseN, which Go does not have, keeps the same rule. The lines that
// differ from Go for any other reason carry a "Go: ...; here: ...; because
// ..." comment.

#include "sema/sema.h"

#include <atomic>
#include <chrono>
#include <cstdint>

#include "absl/base/attributes.h"
#include "sema/internal/cheaprand.h"
#include "sema/internal/mutex.h"
#include "sema/internal/parker.h"
#include "sema/internal/race.h"
#include "sema/internal/semaroot.h"
#include "sema/internal/semaword.h"
#include "sema/internal/spin.h"
#include "sema/internal/sudog.h"
#include "sema/panic.h"

namespace go::runtime {

namespace {

// Go: runtime.blockprofilerate / mutexprofilerate, set by
// runtime.SetBlockProfileRate and SetMutexProfileFraction; here: always 0;
// because gosync has no profiler. The profiling branches below are kept so
// the code lines up with Go, and fold away.
constexpr std::int64_t blockprofilerate = 0;
constexpr std::int64_t mutexprofilerate = 0;

// Go: cputicks() reads the CPU's cycle counter; here: steady_clock
// nanoseconds; because it is portable and only ordering matters.
std::int64_t cputicks() {
  return std::chrono::steady_clock::now().time_since_epoch().count();
}

// Go: blockevent / mutexevent record a profile sample; here: no-ops; because
// there is no profile to record into.
void blockevent(std::int64_t /*cycles*/, int /*skip*/) {}
void mutexevent(std::int64_t /*cycles*/, int /*skip*/) {}

// Go: goparkunlock(&lock, reason, traceEv, traceskip) marks the G waiting
// and then drops the lock from the scheduler; here: drop the lock, then park;
// because a thread cannot sleep and unlock in one step. No wakeup is lost in
// between: the caller armed its parker before queueing (see semacquire1).
// Go: no group; here: `group`, the semaphore's address; because a thread
// parked with it can be woken with its group in one call (readyTree).
void goparkunlock(mutex* lock, Parker* gp, int /*traceskip*/, const void* group)
    ABSL_UNLOCK_FUNCTION(lock) {
  unlock(lock);
  gp->Park(group);
}

// Go: goready(gp, traceskip) puts gp in this P's runnext slot.
void goready(Parker* gp, int /*traceskip*/) {
  if (gp == nullptr) {
    // A record queued by SemTable::Enqueue: there is no thread to wake.
    throw_("bad g->status in ready");
  }
  gp->Unpark();
}

// Go: goyield() puts the current G on its P's local run queue and runs the
// scheduler, so the G just readied into runnext runs at once on this P with
// the rest of our time slice; here: goyield(gp) yields (sched_yield) until
// the thread just woken has returned from Park, a few times at most; because
// a thread cannot name the thread to run next. Linux usually wakes the
// waiter on this CPU, and one yield then lets it run; if it is not there
// yet, a single blind yield lets us race on before it (Go's TestSemaHandoff
// measured 28.8-99.3% direct handoffs with one blind yield). Used, as in Go,
// only for a handoff, where the waiter already owns the count.
void goyield(Parker* gp) { gp->YieldToOwner(); }

}  // namespace

// Go: var semtable semTable.
constinit semTable semtable;

// Go: sync_runtime_Semacquire (linknamed as sync.runtime_Semacquire).
void Semacquire(std::uint32_t* addr) {
  semacquire1(&semtable, addr, false, semaBlockProfile, 0);
}

// Go: sync_runtime_Semrelease.
void Semrelease(std::uint32_t* addr, bool handoff, int skipframes) {
  semrelease1(&semtable, addr, handoff, skipframes);
}

// Go: sync_runtime_SemacquireMutex.
void SemacquireMutex(std::uint32_t* addr, bool lifo, int skipframes) {
  semacquire1(&semtable, addr, lifo, semaBlockProfile | semaMutexProfile,
              skipframes);
}

// Not in Go: see sema.h.
void SemreleaseN(std::uint32_t* addr, std::uint32_t n) {
  semreleaseN(&semtable, addr, n);
}

void readyWithTime(sudog* s, int traceskip) {
  if (s->releasetime != 0) {
    s->releasetime = cputicks();
  }
  // Last touch of s: from here on its owner may be running.
  goready(s->g, traceskip);
}

namespace {

// readyWithTime's check and stamp for one sudog of readyTree's chain.
// Go: readyWithTime stamps each waiter as it readies it; here: all are
// stamped before the first wakeup; because the rest are woken by the kernel
// or by other waiters, and none may touch a sudog after its owner is woken.
void readyStamp(sudog* s) {
  if (s->g == nullptr) {
    throw_("bad g->status in ready");  // as goready would
  }
  if (s->releasetime != 0) {
    s->releasetime = cputicks();
  }
}

}  // namespace

// readyTree is not in Go: readyWithTime for a whole chain of dequeued
// sudogs, linked through `link`, paying one wakeup instead of one per
// waiter. It lays the chain out as a binary heap, breadth first (the i-th
// sudog from 0 unparks sudogs 2i+1 and 2i+2, see SetWakeChildren in
// sema/internal/parker.h), clears the links and wakes the first. Every
// sudog is the caller's until then; none may be touched afterwards.
void readyTree(sudog* head, sudog* sudog::*link, const void* group) {
  // A small group, parked with Park(group), wakes through one system call:
  // on the test VM that made fan-out/8 a third faster than the tree, whose
  // waiters each pay wakeups before they can run (see the top of
  // sema/internal/parker.cc). A larger one goes through the tree, which
  // keeps the releaser's own call to one wakeup.
  constexpr int kUnparkAllMax = 16;
  if (group != nullptr && head->*link != nullptr && Parker::CanUnparkAll()) {
    Parker* ps[kUnparkAllMax];
    int n = 0;
    sudog* s = head;
    for (; s != nullptr && n < kUnparkAllMax; s = s->*link) {
      ps[n++] = s->g;
    }
    if (s == nullptr) {
      for (s = head; s != nullptr;) {
        sudog* next = s->*link;
        readyStamp(s);
        s->*link = nullptr;
        s = next;
      }
      Parker::UnparkAll(ps, n, group);  // last touch of any sudog
      return;
    }
  }
  // `parent` walks the chain at half the speed of `s`.
  sudog* parent = head;
  Parker* children[2] = {nullptr, nullptr};
  int slot = 0;
  for (sudog* s = head; s != nullptr;) {
    sudog* next = s->*link;
    readyStamp(s);
    if (s != head) {
      children[slot++] = s->g;
      if (slot == 2) {
        parent->g->SetWakeChildren(children[0], children[1]);
        children[0] = children[1] = nullptr;
        slot = 0;
        sudog* up = parent;
        parent = parent->*link;
        up->*link = nullptr;
      }
    }
    s = next;
  }
  if (slot != 0) {
    parent->g->SetWakeChildren(children[0], nullptr);
  }
  // Unlink the rest (they have no children of their own).
  for (sudog* s = parent; s != nullptr;) {
    sudog* next = s->*link;
    s->*link = nullptr;
    s = next;
  }
  // Last touch of any sudog: the first one's owner may run from here on,
  // and wakes the rest.
  goready(head->g, 5);
}

// Go: semacquire(addr) is semacquire1(addr, false, 0, 0) for the runtime's
// own callers, and poll_runtime_Semacquire/Semrelease serve internal/poll;
// here: not ported; because nothing in gosync below sync calls them. Go's
// notifyList (sync.Cond's queue), which follows in sema.go, is in
// notifylist.cc.

// Go: semacquire1 first throws "semacquire not on the G stack" if it runs on
// the scheduler's g0 or a signal stack; here: no such check; because every
// thread may block here. (Do not call it from a signal handler.)
// Go: semacquire1 never unwinds; here: noexcept; because nothing in it
// throws: queue's one panic runs with the root lock held and so ends the
// program, as in Go (gopanicHoldingLocks), and acquireSudog allocates
// without throwing and reports a failed allocation as Go does (throw_
// "out of memory").
void semacquire1(semTable* tab, std::uint32_t* addr, bool lifo,
                 semaProfileFlags profile, int skipframes) noexcept {
  // Fast path: a count is there to take.
  if (cansemacquire(addr)) {
    // Go: no race call (the runtime is not instrumented); here: the
    // semaphore's one happens-before edge, stated for TSan; because TSan
    // cannot see the word (sema/internal/race.h).
    raceacquire(addr);
    return;
  }

  // Slow path:
  //   add ourselves to the root's waiter count;
  //   try cansemacquire once more, and return if it works;
  //   queue ourselves as a waiter on addr;
  //   sleep until a releaser dequeues us and wakes us.
  {
    norace nr;  // see sema/internal/race.h
    sudog* s = acquireSudog();
    semaRoot* root = tab->rootFor(addr);
    std::int64_t t0 = 0;
    s->releasetime = 0;
    s->acquiretime = 0;
    s->ticket = 0;
    if ((profile & semaBlockProfile) != 0 && blockprofilerate > 0) {
      t0 = cputicks();
      s->releasetime = -1;
    }
    if ((profile & semaMutexProfile) != 0 && mutexprofilerate > 0) {
      if (t0 == 0) {
        t0 = cputicks();
      }
      s->acquiretime = t0;
    }
    for (;;) {
      // Go: lockWithRank(&root.lock, lockRankRoot); here: lock; because
      // there is no lock-rank checker.
      lock(&root->lock);
      // Count ourselves in nwait before looking at the word again, so that
      // semrelease1 cannot take its "no waiters" exit past us. This is half
      // of a Dekker pair with semrelease1 (Xadd on the word, then load
      // nwait): all four operations are seq_cst, so either this
      // cansemacquire sees the release's count, or the releaser sees
      // nwait != 0 and comes to the lock, which it can take only after we
      // have queued.
      root->nwait.fetch_add(1, std::memory_order_seq_cst);
      if (cansemacquire(addr)) {
        root->nwait.fetch_sub(1, std::memory_order_seq_cst);
        unlock(&root->lock);
        break;
      }
      // Any semrelease1 from now on sees nwait != 0 and looks for us under
      // the lock. Arm the parker before queue makes s findable, so a
      // wakeup that comes before we sleep is kept.
      s->g->Prepare();
      root->queue(addr, s, lifo);
      goparkunlock(&root->lock, s->g, 4 + skipframes, addr);
      // A nonzero ticket means semrelease1 took the count for us (handoff).
      // Otherwise compete for it; if another thread took it first, queue
      // again.
      if (s->ticket != 0 || cansemacquire(addr)) {
        break;
      }
    }
    if (s->releasetime > 0) {
      blockevent(s->releasetime - t0, 3 + skipframes);
    }
    releaseSudog(s);
  }
  raceacquire(addr);  // see the fast path above
}

// Go: semrelease(addr) is semrelease1(addr, false, 0) for the runtime's own
// callers; here: not ported (see semacquire).

namespace {
void semrelease1Slow(semaRoot* root, std::uint32_t* addr, bool handoff,
                     int skipframes) noexcept;
}  // namespace

void semrelease1(semTable* tab, std::uint32_t* addr, bool handoff,
                 int skipframes) noexcept {
  semaRoot* root = tab->rootFor(addr);
  // Go: no race call; here: the release half of the edge that semacquire1's
  // raceacquire completes; because TSan cannot see the word
  // (sema/internal/race.h).
  racerelease(addr);
  semaword::Xadd(addr, 1);
  // From here on an acquirer may take the count and return, and the caller's
  // word may be freed with it. Only a waiter that we dequeue below, and have
  // not yet woken, keeps it alive.

  // Fast path: nobody waits in this root.
  // This load must come after the Xadd (the other half of the Dekker pair in
  // semacquire1): if it sees 0, every waiter still to come will see the
  // count in its second cansemacquire.
  if (root->nwait.load(std::memory_order_seq_cst) == 0) {
    return;
  }
  semrelease1Slow(root, addr, handoff, skipframes);
}

namespace {

// Go: the rest of semrelease1; here: a function of its own; because in one
// function GCC saves six registers on every call, the fast path's included
// (Semrelease+Semacquire on a thread's own word: 1.21x the raw atomics'
// floor in one, 1.08x split).
ABSL_ATTRIBUTE_NOINLINE void semrelease1Slow(semaRoot* root,
                                             std::uint32_t* addr, bool handoff,
                                             int skipframes) noexcept {
  // Slow path: find the first waiter on addr and wake it.
  norace nr;  // see sema/internal/race.h
  lock(&root->lock);
  if (root->nwait.load(std::memory_order_seq_cst) == 0) {
    // Another thread consumed the count already, so there is nobody left
    // to wake for it.
    unlock(&root->lock);
    return;
  }
  std::int64_t t0;
  sudog* s = root->dequeue(addr, &t0);
  if (s != nullptr) {
    root->nwait.fetch_sub(1, std::memory_order_seq_cst);
  }
  unlock(&root->lock);
  if (s != nullptr) {  // waking may be slow, or yield: unlock first
    std::int64_t acquiretime = s->acquiretime;
    if (acquiretime != 0) {
      mutexevent(t0 - acquiretime, 3 + skipframes);
    }
    if (s->ticket != 0) {
      throw_("corrupted semaphore ticket");
    }
    // s is dequeued but not yet woken, so its owner is still inside
    // semacquire1 on addr and the word is alive.
    if (handoff && cansemacquire(addr)) {
      s->ticket = 1;
    }
    // Go: reads s.ticket after readyWithTime; here: before; because once
    // woken, the owner may return and reuse s for another semaphore.
    bool handedoff = s->ticket == 1;
    // Records are never freed, so gp stays valid after s is woken.
    Parker* gp = s->g;
    readyWithTime(s, 5 + skipframes);
    // Go: also requires getg().m.locks == 0, i.e. no runtime lock held;
    // here: implied; because no runtime lock is held on this path.
    if (handedoff) {
      // Let the waiter, who now owns the count, run at once (see goyield).
      // Only in handoff mode: otherwise another waiter might take the count
      // while we yield, and the yield would be wasted.
      goyield(gp);
    }
  }
}

}  // namespace

// semreleaseN is not in Go, whose WaitGroup calls Semrelease once per waiter:
// n lock holds and n wakeups for the releaser. Here all n counts are added
// with one Xadd and, as in semrelease1, the word is never read again: from
// then on `addr` is only a key for dequeue, since the last waiter may return
// and free it at once.
//
// The waiters are dequeued in FIFO order under one hold of the lock and then
// woken through a wake tree (sema/internal/parker.h): we unpark the first, and
// each woken waiter unparks the next ones before it competes for its count. So
// this call pays one wakeup instead of n, the tree is log2(n) deep, and the
// waiters, which would otherwise sit idle until we reach them, share the
// work. A Done releasing 8 sleeping waiters took 34-42 us (median) waking
// them one by one, 4-9 us with the tree; releasing 1,000 it took 12-16 ms
// (mean; 19-40 ms beside two CPU hogs), 7-12 ms with the tree (1.6-8 ms):
// what remains is mostly time the releaser spends preempted by the
// waiters it woke. A group of 2 to 16 is woken with one system call instead
// (see readyTree): the waiters run sooner, and this call pays the kernel's
// wakeups.
void semreleaseN(semTable* tab, std::uint32_t* addr, std::uint32_t n) noexcept {
  if (n == 0) {
    return;
  }
  semaRoot* root = tab->rootFor(addr);
  racerelease(addr);  // as in semrelease1
  semaword::Xadd(addr, n);
  // addr may be dangling from here on (see above).

  // Fast path, as in semrelease1 (same Dekker argument).
  if (root->nwait.load(std::memory_order_seq_cst) == 0) {
    return;
  }

  norace nr;  // see sema/internal/race.h
  // The dequeued waiters, chained through waitlink (which dequeue cleared)
  // until they are put in the tree, as Go's notifyListNotifyAll chains
  // through next.
  sudog* head = nullptr;
  sudog** tail = &head;
  lock(&root->lock);
  for (std::uint32_t i = 0;
       i < n && root->nwait.load(std::memory_order_seq_cst) != 0; i++) {
    std::int64_t t0;
    sudog* s = root->dequeue(addr, &t0);
    if (s == nullptr) {
      break;
    }
    root->nwait.fetch_sub(1, std::memory_order_seq_cst);
    if (s->ticket != 0) {
      throw_("corrupted semaphore ticket");
    }
    *tail = s;
    tail = &s->waitlink;
  }
  unlock(&root->lock);
  if (head == nullptr) {
    return;
  }

  // No mutex-profile charge: Go's WaitGroup waits with Semacquire, which
  // never sets acquiretime.
  readyTree(head, &sudog::waitlink, addr);
}

bool cansemacquire(std::uint32_t* addr) {
  for (;;) {
    std::uint32_t v = semaword::Load(addr);
    if (v == 0) {
      return false;
    }
    if (semaword::Cas(addr, v, v - 1)) {
      return true;
    }
  }
}

// queue adds s, the waiter on addr, to the root.
void semaRoot::queue(std::uint32_t* addr, sudog* s, bool lifo) {
  // Go: s.g = getg(); here: nothing; because acquireSudog binds each sudog
  // to its owner's parker for good.
  s->elem = addr;
  s->next = nullptr;
  s->prev = nullptr;

  sudog* last = nullptr;
  sudog** pt = &treap;
  for (sudog* t = *pt; t != nullptr; t = *pt) {
    if (t->elem == addr) {
      // addr already has waiters: O(1) from here.
      if (lifo) {
        // s goes first: it takes t's place in the tree.
        *pt = s;
        s->ticket = t->ticket;
        s->acquiretime = t->acquiretime;
        s->parent = t->parent;
        s->prev = t->prev;
        s->next = t->next;
        if (s->prev != nullptr) {
          s->prev->parent = s;
        }
        if (s->next != nullptr) {
          s->next->parent = s;
        }
        // t becomes the first of s's list of further waiters.
        s->waitlink = t;
        s->waittail = t->waittail;
        if (s->waittail == nullptr) {
          s->waittail = t;
        }
        t->parent = nullptr;
        t->prev = nullptr;
        t->next = nullptr;
        t->waittail = nullptr;
      } else {
        // s goes last in t's list.
        if (t->waittail == nullptr) {
          t->waitlink = s;
        } else {
          t->waittail->waitlink = s;
        }
        t->waittail = s;
        s->waitlink = nullptr;
      }
      return;
    }
    last = t;
    if (reinterpret_cast<std::uintptr_t>(addr) <
        reinterpret_cast<std::uintptr_t>(t->elem)) {
      pt = &t->prev;
    } else {
      pt = &t->next;
    }
  }

  // A new address: s becomes a leaf, then rises to its heap position.
  //
  // The tree is a treap: a search tree on elem (smaller addresses under
  // prev) that is also a min-heap on ticket (a node's ticket is <= its
  // children's). Random tickets make its shape that of a random search tree,
  // whatever order addresses arrive in, so its expected depth is O(log n).
  // See Aragon and Seidel, "Randomized Search Trees" (1989).
  //
  // Tickets are never 0: other code reads 0 as "no handoff" (see
  // semrelease1), and losing one bit of randomness costs nothing here.
  s->ticket = cheaprand() | 1;
  s->parent = last;
  *pt = s;

  // Rotate s up past every ancestor with a larger ticket.
  while (s->parent != nullptr && s->parent->ticket > s->ticket) {
    if (s->parent->prev == s) {
      rotateRight(s->parent);
    } else {
      if (s->parent->next != s) {
        // Go: panic("semaRoot queue"); queue always runs with root.lock
        // held, so Go's gopanic prints it and throws "panic holding locks".
        gopanicHoldingLocks("semaRoot queue");
      }
      rotateLeft(s->parent);
    }
  }
}

// dequeue finds the first waiter on addr and unlinks it. If that waiter is
// being profiled (acquiretime != 0), *now is the time of its wakeup;
// otherwise 0.
sudog* semaRoot::dequeue(std::uint32_t* addr, std::int64_t* now) {
  sudog** ps = &treap;
  sudog* s = *ps;
  // Go: jumps to a Found label from inside the loop; here: break and test s;
  // because Google style avoids goto.
  for (; s != nullptr; s = *ps) {
    if (s->elem == addr) {
      break;
    }
    if (reinterpret_cast<std::uintptr_t>(addr) <
        reinterpret_cast<std::uintptr_t>(s->elem)) {
      ps = &s->prev;
    } else {
      ps = &s->next;
    }
  }
  if (s == nullptr) {
    *now = 0;
    return nullptr;
  }

  // Found:
  *now = 0;
  if (s->acquiretime != 0) {
    *now = cputicks();
  }
  if (sudog* t = s->waitlink; t != nullptr) {
    // The next waiter on addr takes s's place in the tree, keeping s's
    // ticket, so the tree's shape does not change.
    *ps = t;
    t->ticket = s->ticket;
    t->parent = s->parent;
    t->prev = s->prev;
    if (t->prev != nullptr) {
      t->prev->parent = t;
    }
    t->next = s->next;
    if (t->next != nullptr) {
      t->next->parent = t;
    }
    if (t->waitlink != nullptr) {
      t->waittail = s->waittail;
    } else {
      t->waittail = nullptr;
    }
    t->acquiretime = *now;
    s->waitlink = nullptr;
    s->waittail = nullptr;
  } else {
    // s was the only waiter on addr. Rotate it down until it is a leaf,
    // each time lifting the child with the smaller ticket so the heap order
    // holds, then cut it off.
    while (s->next != nullptr || s->prev != nullptr) {
      if (s->next == nullptr ||
          (s->prev != nullptr && s->prev->ticket < s->next->ticket)) {
        rotateRight(s);
      } else {
        rotateLeft(s);
      }
    }
    if (s->parent != nullptr) {
      if (s->parent->prev == s) {
        s->parent->prev = nullptr;
      } else {
        s->parent->next = nullptr;
      }
    } else {
      treap = nullptr;
    }
  }
  s->parent = nullptr;
  s->elem = nullptr;
  s->next = nullptr;
  s->prev = nullptr;
  s->ticket = 0;
  return s;
}

// rotateLeft rotates the subtree rooted at x:
// (x a (y b c)) becomes (y (x a b) c).
void semaRoot::rotateLeft(sudog* x) {
  // p -> (x a (y b c))
  sudog* p = x->parent;
  sudog* y = x->next;
  sudog* b = y->prev;

  y->prev = x;
  x->parent = y;
  x->next = b;
  if (b != nullptr) {
    b->parent = x;
  }

  y->parent = p;
  if (p == nullptr) {
    treap = y;
  } else if (p->prev == x) {
    p->prev = y;
  } else {
    if (p->next != x) {
      throw_("semaRoot rotateLeft");
    }
    p->next = y;
  }
}

// rotateRight rotates the subtree rooted at y:
// (y (x a b) c) becomes (x a (y b c)).
void semaRoot::rotateRight(sudog* y) {
  // p -> (y (x a b) c)
  sudog* p = y->parent;
  sudog* x = y->prev;
  sudog* b = x->next;

  x->next = y;
  y->parent = x;
  y->prev = b;
  if (b != nullptr) {
    b->parent = y;
  }

  x->parent = p;
  if (p == nullptr) {
    treap = x;
  } else if (p->prev == y) {
    p->prev = x;
  } else {
    if (p->next != y) {
      throw_("semaRoot rotateRight");
    }
    p->next = x;
  }
}

}  // namespace go::runtime
