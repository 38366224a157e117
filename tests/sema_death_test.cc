// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// The runtime's throws on corrupt state, with Go's messages: each ends the
// process with "fatal error: <msg>" and exit status 2 (Go's runtime.throw).
//
// Not covered, because no sequence of calls can reach them without memory
// corruption: panic("semaRoot queue") (queue links the new leaf under `last`
// itself, and rotations keep parent links consistent) and throw("corrupted
// semaphore ticket") (dequeue zeroes the ticket it returns).

#include <sys/wait.h>

#include <cstdint>

#include "absl/base/config.h"
#include "gtest/gtest.h"
#include "sema/internal/mutex.h"
#include "sema/internal/semaroot.h"
#include "sema/internal/sudog.h"
#include "sema/semtable.h"

namespace {

using namespace go::runtime;  // NOLINT: the runtime's own lowercase names
using testing::ExitedWithCode;

class SemaDeathTest : public testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

// releaseSudog's checks, on the calling thread's own sudog.
TEST_F(SemaDeathTest, ReleaseSudogWithElem) {
  EXPECT_EXIT(
      {
        std::uint32_t word = 0;
        sudog* s = acquireSudog();
        s->elem = &word;
        releaseSudog(s);
      },
      ExitedWithCode(2), "fatal error: runtime: sudog with non-nil elem");
}

TEST_F(SemaDeathTest, ReleaseSudogWithNext) {
  EXPECT_EXIT(
      {
        sudog other;
        sudog* s = acquireSudog();
        s->next = &other;
        releaseSudog(s);
      },
      ExitedWithCode(2), "fatal error: runtime: sudog with non-nil next");
}

TEST_F(SemaDeathTest, ReleaseSudogWithPrev) {
  EXPECT_EXIT(
      {
        sudog other;
        sudog* s = acquireSudog();
        s->prev = &other;
        releaseSudog(s);
      },
      ExitedWithCode(2), "fatal error: runtime: sudog with non-nil prev");
}

TEST_F(SemaDeathTest, ReleaseSudogWithWaitlink) {
  EXPECT_EXIT(
      {
        sudog other;
        sudog* s = acquireSudog();
        s->waitlink = &other;
        releaseSudog(s);
      },
      ExitedWithCode(2), "fatal error: runtime: sudog with non-nil waitlink");
}

// The same checks guard the Enqueue pool.
TEST_F(SemaDeathTest, ReleaseCachedSudogWithElem) {
  EXPECT_EXIT(
      {
        std::uint32_t word = 0;
        sudogcache c;
        sudog* s = c.get();
        s->elem = &word;
        releaseSudog(s);
      },
      ExitedWithCode(2), "fatal error: runtime: sudog with non-nil elem");
}

TEST_F(SemaDeathTest, AcquireSudogStillQueued) {
  EXPECT_EXIT(
      {
        std::uint32_t word = 0;
        acquireSudog()->elem = &word;
        acquireSudog();
      },
      ExitedWithCode(2),
      "fatal error: acquireSudog: found s.elem != nil in cache");
}

// A node whose parent does not point back to it.
void RotateLeftWithBrokenParent() {
  semaRoot root;
  sudog p;
  sudog x;
  sudog y;
  x.parent = &p;  // but p has no children
  x.next = &y;
  y.parent = &x;
  lock(&root.lock);
  root.rotateLeft(&x);
  unlock(&root.lock);
}

void RotateRightWithBrokenParent() {
  semaRoot root;
  sudog p;
  sudog x;
  sudog y;
  y.parent = &p;  // but p has no children
  y.prev = &x;
  x.parent = &y;
  lock(&root.lock);
  root.rotateRight(&y);
  unlock(&root.lock);
}

TEST_F(SemaDeathTest, RotateLeftWithBrokenParent) {
  EXPECT_EXIT(RotateLeftWithBrokenParent(), ExitedWithCode(2),
              "fatal error: semaRoot rotateLeft");
}

TEST_F(SemaDeathTest, RotateRightWithBrokenParent) {
  EXPECT_EXIT(RotateRightWithBrokenParent(), ExitedWithCode(2),
              "fatal error: semaRoot rotateRight");
}

// Release on an address whose first waiter is an Enqueue record: there is no
// thread to ready (Go: goready on a G that is not waiting).
TEST_F(SemaDeathTest, ReadyWithoutThread) {
  EXPECT_EXIT(
      {
        SemTable tab;
        std::uint32_t word = 0;
        tab.Enqueue(&word);
        tab.Release(&word);
      },
      ExitedWithCode(2), "fatal error: bad g->status in ready");
}

}  // namespace
