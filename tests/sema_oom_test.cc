// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// Out of memory inside semacquire1, which is noexcept: the first block of a
// thread allocates its record, and a failed allocation must end the process
// as Go's does (`fatal error: out of memory`, exit status 2), not through
// std::terminate. The failure is injected by replacing the global allocation
// functions of this binary (malloc-backed, so ASan and TSan still see every
// allocation): once a thread sets FailAllocations, every operator new on that
// thread fails.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "gtest/gtest.h"
#include "sema/sema.h"

namespace {
thread_local bool tlsFailAllocations = false;

void* Allocate(std::size_t n) noexcept {
  if (tlsFailAllocations) return nullptr;
  return std::malloc(n == 0 ? 1 : n);
}
}  // namespace

void* operator new(std::size_t n) {
  if (void* p = Allocate(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return Allocate(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return Allocate(n);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

namespace {

// The calling thread has never blocked, and the pool is empty (nothing else
// in this child process blocks), so its first block allocates a record.
TEST(SemaOomDeathTest, FirstBlockOutOfMemoryIsGosFatalError) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        std::uint32_t sema = 0;
        tlsFailAllocations = true;
        go::runtime::Semacquire(&sema);  // never returns: nothing releases
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(2), "^fatal error: out of memory\n");
}

}  // namespace
