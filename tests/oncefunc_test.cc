// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// OnceFunc, OnceValue, OnceValues: Go 1.21's sync/oncefunc_test.go
// (TestOnceFunc, TestOnceValue, TestOnceValues with their zero-allocation
// checks, TestOnceFuncPanic, TestOnceValuePanic, TestOnceValuesPanic,
// TestOnceFuncPanicNil, TestOnceFuncPanicTraceback as "the first caller gets
// f's own exception object"), and newer Go's TestOnceXGC (after 1.21) as "f's
// captures are destroyed after the call". TestOnceFuncGoexit does not apply: a
// thread has no runtime.Goexit that unwinds through f. The C++-only cases:
// copies share one state, one allocation per wrapper, and many threads on one
// wrapper.

#include "sync/oncefunc.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <functional>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/test_util.h"

// Counts this thread's allocations, for Go's testing.AllocsPerRun.
namespace {
thread_local std::int64_t tls_allocs = 0;
}  // namespace

void* operator new(std::size_t n) {
  tls_allocs++;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using go::sync::OnceFunc;
using go::sync::OnceValue;
using go::sync::OnceValues;
using gosync_test::ScopedThreads;
using gosync_test::Watchdog;
using std::chrono::seconds;

// Go: testing.AllocsPerRun(runs, f): the average allocations of one call.
template <class F>
double AllocsPerRun(int runs, F&& f) {
  f();  // warm up, as Go does
  const std::int64_t before = tls_allocs;
  for (int i = 0; i < runs; i++) f();
  return static_cast<double>(tls_allocs - before) / runs;
}

// Go 1.21 TestOnceFunc.
TEST(OnceFuncTest, OnceFunc) {
  int calls = 0;
  auto f = OnceFunc([&] { calls++; });
  double allocs = AllocsPerRun(10, f);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(allocs, 0) << "want 0 allocations per call";
  static_assert(std::is_void_v<decltype(f())>);
}

// Go 1.21 TestOnceValue.
TEST(OnceFuncTest, OnceValue) {
  int calls = 0;
  auto f = OnceValue([&] {
    calls++;
    return calls;
  });
  double allocs = AllocsPerRun(10, [&] { f(); });
  int value = f();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(value, 1);
  EXPECT_EQ(allocs, 0) << "want 0 allocations per call";
  static_assert(std::is_same_v<decltype(f()), int>);
}

// Go 1.21 TestOnceValues.
TEST(OnceFuncTest, OnceValues) {
  int calls = 0;
  auto f = OnceValues([&] {
    calls++;
    return std::pair<int, int>(calls, calls + 1);
  });
  double allocs = AllocsPerRun(10, [&] { f(); });
  auto [v1, v2] = f();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(v1, 1);
  EXPECT_EQ(v2, 2);
  EXPECT_EQ(allocs, 0) << "want 0 allocations per call";
  static_assert(std::is_same_v<decltype(f()), std::pair<int, int>>);
  // A std::tuple of two converts to the pair.
  auto g = OnceValues([] { return std::tuple<int, std::string>(7, "x"); });
  static_assert(std::is_same_v<decltype(g()), std::pair<int, std::string>>);
  EXPECT_EQ(g(), std::make_pair(7, std::string("x")));
}

// Go: testOncePanicWith. Every call throws, the same exception object each
// time (Go: "the same value"), and the wrapped function ran once.
void testOncePanicWith(int* calls, const std::function<void()>& f,
                       const std::function<void(std::exception_ptr)>& check) {
  std::exception_ptr first;
  for (const char* label : {"first time", "second time", "third time"}) {
    SCOPED_TRACE(label);
    std::exception_ptr p;
    bool panicked = true;
    try {
      f();
      panicked = false;
    } catch (...) {
      p = std::current_exception();
    }
    ASSERT_TRUE(panicked) << "f did not panic";
    check(p);
    if (first == nullptr) {
      first = p;
    } else {
      EXPECT_EQ(p, first) << "not the same exception";
    }
  }
  EXPECT_EQ(*calls, 1);
}

void testOncePanicX(int* calls, const std::function<void()>& f) {
  testOncePanicWith(calls, f, [](std::exception_ptr p) {
    try {
      std::rethrow_exception(p);
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "x");
    } catch (...) {
      ADD_FAILURE() << "want runtime_error(\"x\")";
    }
  });
}

// Go 1.21 TestOnceFuncPanic.
TEST(OnceFuncTest, OnceFuncPanic) {
  int calls = 0;
  auto f = OnceFunc([&] {
    calls++;
    throw std::runtime_error("x");
  });
  testOncePanicX(&calls, f);
}

// Go 1.21 TestOnceValuePanic.
TEST(OnceFuncTest, OnceValuePanic) {
  int calls = 0;
  auto f = OnceValue([&]() -> int {
    calls++;
    throw std::runtime_error("x");
  });
  testOncePanicX(&calls, [&] { f(); });
}

// Go 1.21 TestOnceValuesPanic.
TEST(OnceFuncTest, OnceValuesPanic) {
  int calls = 0;
  auto f = OnceValues([&]() -> std::pair<int, int> {
    calls++;
    throw std::runtime_error("x");
  });
  testOncePanicX(&calls, [&] { f(); });
}

// Go 1.21 TestOnceFuncPanicNil: Go's panic(nil); here, the nearest C++
// thing, an exception of a non-class type (nullptr).
TEST(OnceFuncTest, OnceFuncPanicNil) {
  int calls = 0;
  auto f = OnceFunc([&] {
    calls++;
    throw nullptr;
  });
  testOncePanicWith(&calls, f, [](std::exception_ptr p) {
    try {
      std::rethrow_exception(p);
    } catch (std::nullptr_t) {
    } catch (...) {
      ADD_FAILURE() << "want nil panic";
    }
  });
}

// Go 1.21 TestOnceFuncPanicTraceback checks that the first caller's panic
// comes from f itself; here: the first caller catches the very object f
// threw (a bare rethrow, not a copy), and so does every later caller.
struct Boom {
  Boom() { thrown = this; }
  Boom(const Boom&) { copies++; }
  static inline const Boom* thrown = nullptr;
  static inline int copies = 0;
};

TEST(OnceFuncTest, OnceFuncPanicTraceback) {
  auto f = OnceFunc([] { throw Boom(); });
  for (int i = 0; i < 3; i++) {
    try {
      f();
      ADD_FAILURE() << "no exception";
    } catch (const Boom& b) {
      EXPECT_EQ(&b, Boom::thrown) << "call " << i;
    }
  }
  EXPECT_EQ(Boom::copies, 0);
}

// Newer Go's TestOnceXGC (after 1.21): the wrapped function (and what it
// captured) is not kept alive after its call, whether it returned or threw,
// while the wrapper lives on.
TEST(OnceFuncTest, OnceXReleasesF) {
  auto watch = std::make_shared<int>(0);
  std::weak_ptr<int> alive = watch;
  auto a = OnceFunc([w = watch] { ++*w; });
  auto b = OnceValue([w = watch] { return ++*w; });
  auto c = OnceValues([w = watch] { return std::make_pair(++*w, 0); });
  auto d = OnceFunc([w = watch] { throw std::runtime_error("test panic"); });
  watch.reset();
  EXPECT_FALSE(alive.expired()) << "wrapped function destroyed too early";
  a();
  b();
  c();
  EXPECT_THROW(d(), std::runtime_error);
  EXPECT_TRUE(alive.expired()) << "wrapped function still alive";
  EXPECT_THROW(d(), std::runtime_error);
  EXPECT_EQ(b(), 2);
}

// Copies share the one state, as copies of a Go func value share its
// closure; making a wrapper allocates once, copying allocates nothing.
TEST(OnceFuncTest, CopiesShareOneState) {
  int calls = 0;
  const std::int64_t before = tls_allocs;
  auto f = OnceValue([&] { return ++calls; });
  EXPECT_EQ(tls_allocs - before, 1) << "one shared state";
  auto g = f;
  auto h = std::move(g);
  EXPECT_EQ(tls_allocs - before, 1) << "copies allocate nothing";
  EXPECT_EQ(h(), 1);
  EXPECT_EQ(f(), 1);
  EXPECT_EQ(calls, 1);
  static_assert(std::is_copy_constructible_v<decltype(f)>);
}

// Many threads call copies of one wrapper: f runs once and all see its
// value; when f throws, all see the same exception.
TEST(OnceFuncTest, ManyThreads) {
  Watchdog watchdog("ManyThreads", seconds(60));
  const int rounds = gosync_test::kSanitized ? 100 : 1000;
  for (int round = 0; round < rounds; round++) {
    const bool throws = round % 2 == 1;
    std::atomic<int> calls{0};
    auto f = OnceValue([&]() -> std::string {
      calls++;
      if (throws) throw std::runtime_error("boom");
      return "value";
    });
    constexpr int kThreads = 4;
    std::vector<std::exception_ptr> seen(kThreads);
    std::vector<std::string> got(kThreads);
    {
      ScopedThreads threads;
      for (int i = 0; i < kThreads; i++) {
        threads.Start([f, i, &seen, &got] {
          try {
            got[i] = f();
          } catch (...) {
            seen[i] = std::current_exception();
          }
        });
      }
    }
    ASSERT_EQ(calls.load(), 1);
    for (int i = 0; i < kThreads; i++) {
      if (throws) {
        ASSERT_NE(seen[i], nullptr);
        ASSERT_EQ(seen[i], seen[0]);
      } else {
        ASSERT_EQ(got[i], "value");
      }
    }
  }
}

}  // namespace
