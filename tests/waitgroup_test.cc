// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Ports of Go's sync/waitgroup_test.go, plus the C++-only lifetime tests.
// Each port names the Go test and the Go version it was taken from.

#include "sync/waitgroup.h"

#include <pthread.h>
#include <signal.h>

#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "gtest/gtest.h"
#include "tests/test_util.h"
#include "tests/waitgroup_test_util.h"

namespace go::sync {
namespace {

using ::gosync_test::Chan;
using ::gosync_test::PollUntil;
using ::gosync_test::ScopedThreads;
using ::gosync_test::Watchdog;
using Peer = WaitGroupTestPeer;
using namespace std::chrono_literals;

// The header contract.
static_assert(sizeof(WaitGroup) == 12);
static_assert(alignof(WaitGroup) == 4);
static_assert(!std::is_copy_constructible_v<WaitGroup>);
static_assert(!std::is_copy_assignable_v<WaitGroup>);
static_assert(!std::is_move_constructible_v<WaitGroup>);
static_assert(!std::is_move_assignable_v<WaitGroup>);
static_assert(std::is_nothrow_default_constructible_v<WaitGroup>);
// Including sync/waitgroup.h makes go::Panic visible.
static_assert(std::is_base_of_v<std::exception, go::Panic>);

// A zero WaitGroup can be constant-initialized, like Go's zero value.
constinit WaitGroup global_wg;

// Go 1.17 sync/waitgroup_test.go testWaitGroup (the helper of TestWaitGroup).
void TestWaitGroupRound(WaitGroup& wg1, WaitGroup& wg2) {
  const int n = 16;
  wg1.Add(n);
  wg2.Add(n);
  Chan<bool> exited;
  std::vector<std::thread> threads;
  for (int i = 0; i != n; i++) {
    threads.emplace_back([&] {
      wg1.Done();
      wg2.Wait();
      exited.Send(true);
    });
  }
  wg1.Wait();
  for (int i = 0; i != n; i++) {
    if (exited.TryRecv()) {
      // Go: t.Fatal; here: keep releasing so the threads can be joined.
      ADD_FAILURE() << "WaitGroup released group too soon";
    }
    wg2.Done();
  }
  for (int i = 0; i != n; i++) {
    exited.Recv();  // Blocks (until the watchdog fires) if one is not freed.
  }
  for (auto& t : threads) t.join();
}

// Go 1.17 sync/waitgroup_test.go TestWaitGroup.
TEST(WaitGroupTest, WaitGroup) {
  Watchdog watchdog("WaitGroupTest.WaitGroup", 60s);
  WaitGroup wg1;
  WaitGroup wg2;
  // The same groups every time, so each round starts from a reused group.
  for (int i = 0; i != 8; i++) {
    TestWaitGroupRound(wg1, wg2);
  }
}

// Go 1.17 sync/waitgroup_test.go TestWaitGroupMisuse.
TEST(WaitGroupTest, Misuse) {
  WaitGroup wg;
  wg.Add(1);
  wg.Done();
  try {
    wg.Done();
  } catch (const go::Panic& p) {
    EXPECT_STREQ(p.what(), "sync: negative WaitGroup counter")
        << "Unexpected panic";
    return;
  }
  FAIL() << "Should panic";
}

// Go 1.17 sync/waitgroup_test.go TestWaitGroupRace (regression test for
// golang/go#7734: Wait must not return before both Dones).
TEST(WaitGroupTest, Race) {
  Watchdog watchdog("WaitGroupTest.Race", 60s);
  for (int i = 0; i < 1000; i++) {
    WaitGroup wg;
    std::atomic<std::int32_t> n{0};
    wg.Add(1);
    std::thread t1([&] {
      n.fetch_add(1);
      wg.Done();
    });
    wg.Add(1);
    std::thread t2([&] {
      n.fetch_add(1);
      wg.Done();
    });
    wg.Wait();
    // Checked before the joins, which would order the increments anyway.
    if (n.load() != 2) {
      ADD_FAILURE() << "Spurious wakeup from Wait (iteration " << i << ")";
    }
    t1.join();
    t2.join();
    if (HasFailure()) break;
  }
}

// Go 1.17 sync/waitgroup_test.go TestWaitGroupAlign: a WaitGroup after a
// byte. On 64-bit targets the struct lands at offset 4 here (alignof is 4),
// which is exactly the case Go's test exists for on 32-bit targets.
TEST(WaitGroupTest, Align) {
  struct X {
    char x;
    WaitGroup wg;
  };
  static_assert(offsetof(X, wg) == 4);
  Watchdog watchdog("WaitGroupTest.Align", 60s);
  X x;
  x.wg.Add(1);
  std::thread t([](X* x) { x->wg.Done(); }, &x);
  x.wg.Wait();
  t.join();
}

// The state() choice at both alignments, checked on the raw words: after
// Add(1) and with one waiter registered, the counter and the waiter count
// must be in the pair of words that state() says is 8-aligned, and the other
// word must be the semaphore.
void CheckStateWords(std::size_t offset) {
  SCOPED_TRACE("offset " + std::to_string(offset));
  Watchdog watchdog("CheckStateWords at offset " + std::to_string(offset), 60s);
  alignas(16) unsigned char storage[32];
  WaitGroup* wg = new (storage + offset) WaitGroup;
  const std::uint32_t* w0 = Peer::Word(*wg, 0);
  ASSERT_EQ(reinterpret_cast<std::uintptr_t>(w0) % 8, offset % 8);

  // Which words state() picks.
  const int state_word = offset % 8 == 0 ? 0 : 1;
  const int sema_word = offset % 8 == 0 ? 2 : 0;
  EXPECT_EQ(Peer::StatePointer(*wg), Peer::Word(*wg, state_word));
  EXPECT_EQ(Peer::SemaPointer(*wg), Peer::Word(*wg, sema_word));
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(Peer::StatePointer(*wg)) % 8, 0u);

  // Counter = high 32 bits of the 64-bit state, waiters = low 32 bits.
  const bool little = std::endian::native == std::endian::little;
  const int counter_word = state_word + (little ? 1 : 0);
  const int waiters_word = state_word + (little ? 0 : 1);

  wg->Add(1);
  std::array<std::uint32_t, 3> expect = {0, 0, 0};
  expect[counter_word] = 1;
  EXPECT_EQ(Peer::Words(*wg), expect);

  std::thread waiter([wg] { wg->Wait(); });
  // It must register: the counter stays at 1 until the Done below.
  PollUntil([&] { return Peer::Waiters(*wg) == 1; });
  expect[waiters_word] = 1;
  EXPECT_EQ(Peer::Words(*wg), expect);

  wg->Done();
  waiter.join();
  // Add zeroed the state before the release; the waiter took the semaphore
  // count back to zero.
  EXPECT_EQ(Peer::Words(*wg), (std::array<std::uint32_t, 3>{0, 0, 0}));
  wg->~WaitGroup();
}

TEST(WaitGroupTest, AlignStateWordsAt8Aligned) { CheckStateWords(0); }
TEST(WaitGroupTest, AlignStateWordsAt4Mod8) { CheckStateWords(4); }
TEST(WaitGroupTest, AlignStateWordsAt12Mod16) { CheckStateWords(12); }

// Go 1.25 sync/waitgroup_test.go TestWaitGroupGo.
TEST(WaitGroupTest, Go) {
  Watchdog watchdog("WaitGroupTest.Go", 60s);
  WaitGroup wg;
  int i = 0;
  wg.Go([&] { i++; });
  wg.Wait();
  EXPECT_EQ(i, 1) << "got " << i << ", want 1";
}

TEST(WaitGroupTest, GoManyTasksAndNonCopyableCallables) {
  Watchdog watchdog("WaitGroupTest.GoManyTasks", 60s);
  WaitGroup wg;
  std::vector<int> slots(64, 0);
  for (int i = 0; i < 64; i++) {
    auto value = std::make_unique<int>(i + 1);  // move-only capture
    wg.Go([&slots, i, value = std::move(value)] { slots[i] = *value; });
  }
  wg.Wait();
  for (int i = 0; i < 64; i++) EXPECT_EQ(slots[i], i + 1);
}

// Go(f) destroys f (and what it captured) before Done, so that after Wait
// returns no code of the caller's runs on the task thread.
TEST(WaitGroupTest, GoDestroysTheTaskBeforeDone) {
  struct SetsFlagOnDestruction {
    bool* flag;
    explicit SetsFlagOnDestruction(bool* f) : flag(f) {}
    SetsFlagOnDestruction(SetsFlagOnDestruction&& o) noexcept : flag(o.flag) {
      o.flag = nullptr;
    }
    ~SetsFlagOnDestruction() {
      if (flag != nullptr) *flag = true;
    }
  };
  Watchdog watchdog("WaitGroupTest.GoDestroysTheTaskBeforeDone", 60s);
  for (int round = 0; round < 100; round++) {
    WaitGroup wg;
    bool destroyed = false;
    wg.Go([guard = SetsFlagOnDestruction(&destroyed)] { (void)guard; });
    wg.Wait();
    // A plain read: under TSan this is also checked to be ordered by Done.
    EXPECT_TRUE(destroyed) << "round " << round;
  }
}

// The same for a callable whose "move" is a copy (a capture with only a copy
// constructor): no copy of it may outlive Done, wherever the thread keeps it.
TEST(WaitGroupTest, GoDestroysCopyOnlyTaskBeforeDone) {
  struct CopyOnly {
    std::atomic<int>* live;
    explicit CopyOnly(std::atomic<int>* l) : live(l) { live->fetch_add(1); }
    CopyOnly(const CopyOnly& o) : live(o.live) { live->fetch_add(1); }
    ~CopyOnly() { live->fetch_sub(1); }
  };
  Watchdog watchdog("WaitGroupTest.GoDestroysCopyOnlyTaskBeforeDone", 60s);
  for (int round = 0; round < 500; round++) {
    WaitGroup wg;
    std::atomic<int> live{0};
    wg.Go([c = CopyOnly(&live)] { (void)c; });
    wg.Wait();
    EXPECT_EQ(live.load(), 0) << "round " << round;
  }
}

// The thread that calls Go in GoDestroysCopyOnlyTaskBeforeDoneWhileGoRacesWait.
thread_local bool tls_go_caller = false;

// The same when Go runs while the group is above zero (allowed at any time)
// and another thread Waits: the caller of Go may still be inside Go when the
// task's Done lets that Wait return, so a copy of f left in the caller's
// frame by a "move" that copies would be destroyed after Wait returned. A
// copy destroyed on the caller's thread once the task has run (seen within
// 50 ms) is held in its destructor until the check after Wait is done; one
// destroyed before the thread starts (copies made while creating it) is not.
TEST(WaitGroupTest, GoDestroysCopyOnlyTaskBeforeDoneWhileGoRacesWait) {
  struct CopyOnly {
    std::atomic<int>* live;  // copies alive; the original is not counted
    std::atomic<bool>* ran;
    std::atomic<bool>* release;
    bool copy = false;
    CopyOnly(std::atomic<int>* l, std::atomic<bool>* r, std::atomic<bool>* rel)
        : live(l), ran(r), release(rel) {}
    CopyOnly(const CopyOnly& o)
        : live(o.live), ran(o.ran), release(o.release), copy(true) {
      live->fetch_add(1);
    }
    ~CopyOnly() {
      if (!copy) return;
      if (tls_go_caller && PollUntil([this] { return ran->load(); }, 50ms)) {
        PollUntil([this] { return release->load(); });
      }
      live->fetch_sub(1);
    }
  };
  Watchdog watchdog("WaitGroupTest.GoDestroysCopyOnlyTaskWhileGoRacesWait",
                    60s);
  for (int round = 0; round < 10; round++) {
    WaitGroup wg;
    std::atomic<int> live{0};
    std::atomic<bool> ran{false};
    std::atomic<bool> release{false};
    wg.Add(1);  // a task that is still running
    std::thread caller([&] {
      tls_go_caller = true;
      wg.Go([c = CopyOnly(&live, &ran, &release), &ran] {
        (void)c;
        ran = true;
      });
    });
    // The task has run and called Done: only the first task is left.
    PollUntil([&] { return ran.load() && Peer::Counter(wg) == 1; });
    wg.Done();
    wg.Wait();
    EXPECT_EQ(live.load(), 0)
        << "round " << round << ": a copy of f outlived the Wait";
    release = true;
    caller.join();
  }
}

// A callable whose copy (or move) throws the k-th time, to fail Go(f) at each
// step that copies or moves f: into the task, and the task into the thread.
struct ThrowsOnCopy {
  int* copies_left;
  explicit ThrowsOnCopy(int* left) : copies_left(left) {}
  ThrowsOnCopy(const ThrowsOnCopy& o) : copies_left(o.copies_left) {
    if ((*copies_left)-- == 0) throw std::bad_alloc();
  }
  void operator()() const {}
};

// If copying or moving f throws, Go(f) throws and leaves the counter as it
// was: Wait still returns. Copy-only, so every move is a copy that may throw.
TEST(WaitGroupTest, GoWhoseCallableThrowsOnCopyLeavesTheCounter) {
  Watchdog watchdog("WaitGroupTest.GoWhoseCallableThrowsOnCopy", 60s);
  int threw = 0;
  for (int fail_at = 0; fail_at < 8; fail_at++) {
    WaitGroup wg;
    int copies_left = fail_at;
    ThrowsOnCopy f(&copies_left);
    bool thrown = false;
    try {
      wg.Go(f);  // an lvalue: the task copies it
    } catch (const std::bad_alloc&) {
      thrown = true;
      threw++;
    }
    if (thrown) {
      EXPECT_EQ(Peer::Counter(wg), 0) << "fail_at " << fail_at;
    }
    wg.Wait();  // hangs (until the watchdog) if an Add was leaked
  }
  EXPECT_GE(threw, 1) << "no copy ever threw: the test checks nothing";
}

// Counting up while the counter is above zero is allowed at any time (Go's
// Add documentation), including from the tasks themselves.
TEST(WaitGroupTest, NestedAddWhileCounterAboveZero) {
  Watchdog watchdog("WaitGroupTest.NestedAdd", 60s);
  WaitGroup wg;
  std::atomic<int> ran{0};
  for (int i = 0; i < 8; i++) {
    wg.Go([&] {
      for (int j = 0; j < 4; j++) {
        wg.Go([&] { ran.fetch_add(1); });  // our own Done is still pending
      }
      ran.fetch_add(1);
    });
  }
  wg.Wait();
  EXPECT_EQ(ran.load(), 8 * 5);
}

TEST(WaitGroupTest, AddWithLargeDeltasAndZeroDelta) {
  Watchdog watchdog("WaitGroupTest.AddWithLargeDeltasAndZeroDelta", 60s);
  WaitGroup wg;
  wg.Add(0);  // a no-op, like Go
  wg.Wait();
  wg.Add(1000);
  EXPECT_EQ(Peer::Counter(wg), 1000);
  wg.Add(-999);
  wg.Done();
  wg.Wait();
  EXPECT_EQ(Peer::State(wg), 0u);
}

// A caller's errno survives Wait and Done, even when a signal whose handler
// was installed without SA_RESTART interrupts the waiter's sleep in futex(2)
// (EINTR), and whatever the kernel answers the waker. The waiter is seen
// asleep in the kernel before each signal where /proc shows it.
extern "C" void IgnoreSignal(int) {}

TEST(WaitGroupTest, WaitAndDoneKeepErrnoAcrossSignals) {
  Watchdog watchdog("WaitGroupTest.WaitAndDoneKeepErrnoAcrossSignals", 60s);
  struct sigaction sa = {};
  struct sigaction old = {};
  sa.sa_handler = IgnoreSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the futex wait fails with EINTR
  ASSERT_EQ(sigaction(SIGUSR1, &sa, &old), 0);
  const bool can_see = gosync_test::CanSeeBlockedSyscalls();
  constexpr int kErrnoSentinel = 4242;
  constexpr int kSignals = 5;
  WaitGroup wg;
  wg.Add(1);
  std::atomic<long> tid{0};
  std::atomic<int> errno_after_wait{0};
  std::thread waiter([&] {
    tid.store(gosync_test::CurrentTid());
    errno = kErrnoSentinel;
    wg.Wait();
    errno_after_wait.store(errno);
  });
  PollUntil([&] { return tid.load() != 0; });
  PollUntil([&] { return Peer::Waiters(wg) == 1; });  // it must register
  int seen_asleep = 0;
  for (int i = 0; i < kSignals; ++i) {
    if (can_see) {
      // It must get there: nothing wakes it but the Done below.
      PollUntil([&] {
        return gosync_test::BlockedInFutex(tid.load()).value_or(false);
      });
      ++seen_asleep;
    }
    ASSERT_EQ(pthread_kill(waiter.native_handle(), SIGUSR1), 0);
  }
  errno = kErrnoSentinel + 1;
  wg.Done();
  EXPECT_EQ(errno, kErrnoSentinel + 1) << "Done clobbered errno";
  waiter.join();
  EXPECT_EQ(errno_after_wait.load(), kErrnoSentinel)
      << "Wait returned with errno " << errno_after_wait.load();
  std::fprintf(stderr,
               "waiter seen asleep in futex(2) before %d of %d signals\n",
               seen_asleep, kSignals);
  ASSERT_EQ(sigaction(SIGUSR1, &old, nullptr), 0);
}

TEST(WaitGroupTest, ConstantInitializedGlobal) {
  Watchdog watchdog("WaitGroupTest.ConstantInitializedGlobal", 60s);
  global_wg.Add(1);
  std::thread t([] { global_wg.Done(); });
  global_wg.Wait();
  t.join();
  EXPECT_EQ(Peer::State(global_wg), 0u);
}

// Four waiters registered before the Done (the semaphore path) and four that
// start after it (the fast path, possibly while the first four are still
// waking): all return, and the group is clean for the next round. Both
// halves are forced, not hoped for: the Done waits until the first four are
// registered, and the last four start once the counter is zero.
TEST(WaitGroupTest, MultipleWaitersAllReleasedAndGroupReusable) {
  Watchdog watchdog("WaitGroupTest.MultipleWaiters", 60s);
  WaitGroup wg;
  constexpr int kEarly = 4;
  constexpr int kLate = 4;
  for (int round = 0; round < 50; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    wg.Add(1);
    std::atomic<int> returned{0};
    bool done = false;
    // After a failed ASSERT: release the early waiters if still needed.
    ScopedThreads waiters([&] {
      if (!done) wg.Done();
    });
    for (int i = 0; i < kEarly; i++) {
      waiters.Start([&] {
        wg.Wait();
        returned.fetch_add(1);
      });
    }
    // They must register: the counter stays at 1 until the Done below.
    PollUntil([&] { return Peer::Waiters(wg) == kEarly; });
    ASSERT_EQ(returned.load(), 0) << "round " << round;
    wg.Done();
    done = true;
    for (int i = 0; i < kLate; i++) {
      waiters.Start([&] {
        wg.Wait();  // the counter is already zero
        returned.fetch_add(1);
      });
    }
    waiters.JoinAll();
    EXPECT_EQ(returned.load(), kEarly + kLate) << "round " << round;
    EXPECT_EQ(Peer::State(wg), 0u) << "round " << round;
  }
}

// C++ only: the last of 64 waiters to return deletes the (heap) WaitGroup,
// while the others may still be inside Wait and the releasing thread may
// still be inside Done. ASan reports any access after the delete. Run with
// the group at both alignments (the state in words 0-1 or in words 1-2).
void LastWaiterDeletesGroup(std::size_t offset) {
  SCOPED_TRACE("offset " + std::to_string(offset));
  const int kWaiters = 64;
  const int kRounds = gosync_test::kSanitized ? 30 : 200;
  Watchdog watchdog("WaitGroupTest.LastWaiterDeletesGroup at offset " +
                        std::to_string(offset),
                    120s);

  // Persistent waiter threads; each round hands them a fresh group.
  std::mutex mu;
  std::condition_variable cv;
  WaitGroup* current = nullptr;
  int round_started = -1;
  int finished = 0;

  std::vector<std::thread> threads;
  for (int i = 0; i < kWaiters; i++) {
    threads.emplace_back([&] {
      for (int round = 0; round < kRounds; round++) {
        WaitGroup* wg;
        {
          std::unique_lock<std::mutex> l(mu);
          cv.wait(l, [&] { return round_started >= round; });
          wg = current;
        }
        wg->Wait();
        bool last;
        {
          std::lock_guard<std::mutex> l(mu);
          last = ++finished == kWaiters;
        }
        if (last) {
          gosync_test::DeleteWaitGroupAt(wg);
          std::lock_guard<std::mutex> l(mu);
          current = nullptr;
          cv.notify_all();
        }
      }
    });
  }
  for (int round = 0; round < kRounds; round++) {
    watchdog.SetContext("round " + std::to_string(round));
    WaitGroup* wg = gosync_test::NewWaitGroupAt(offset);
    if (round == 0) {
      EXPECT_EQ(Peer::StatePointer(*wg), Peer::Word(*wg, offset % 8 ? 1 : 0));
    }
    wg->Add(1);
    {
      std::lock_guard<std::mutex> l(mu);
      current = wg;
      finished = 0;
      round_started = round;
    }
    cv.notify_all();
    // Most rounds release once every waiter is registered, which they must
    // all be eventually (the counter stays at 1 until the Done); every
    // fourth releases at once, so that registering and fast-path waiters mix.
    if (round % 4 != 0) {
      PollUntil([&] { return Peer::Waiters(*wg) == kWaiters; });
    }
    wg->Done();  // wg may be gone when this returns: do not touch it again.
    std::unique_lock<std::mutex> l(mu);
    cv.wait(l, [&] { return finished == kWaiters && current == nullptr; });
  }
  for (auto& t : threads) t.join();
}

TEST(WaitGroupTest, LastWaiterDeletesGroupAt8AlignedCheckedBySanitizer) {
  LastWaiterDeletesGroup(0);
}
TEST(WaitGroupTest, LastWaiterDeletesGroupAt4Mod8CheckedBySanitizer) {
  LastWaiterDeletesGroup(4);
}

// C++ only: the waiter deletes the group as soon as its Wait returns, while
// the thread that called Done may still be inside Done.
TEST(WaitGroupTest, DeleteRightAfterWaitReturnsCheckedBySanitizer) {
  const int kRounds = gosync_test::kSanitized ? 300 : 2000;
  Watchdog watchdog("WaitGroupTest.DeleteRightAfterWaitReturns", 120s);
  for (int round = 0; round < kRounds; round++) {
    auto* wg = new WaitGroup;
    wg->Add(1);
    std::thread t([wg] { wg->Done(); });
    wg->Wait();
    delete wg;
    t.join();
  }
  // And with Go(f), whose thread is detached and may still be running.
  for (int round = 0; round < kRounds; round++) {
    auto* wg = new WaitGroup;
    wg->Go([] {});
    wg->Wait();
    delete wg;
  }
}

}  // namespace
}  // namespace go::sync
