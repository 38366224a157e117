// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sync/oncefunc.h
// -----------------------------------------------------------------------------
//
// Go 1.21's `sync.OnceFunc`, `sync.OnceValue` and `sync.OnceValues`
// (`src/sync/oncefunc.go`): wrap a function so that it runs at most once,
// however often and from however many threads the wrapper is called, and
// every call gives the first call's outcome.
//
//   auto load = go::sync::OnceValue([] { return ReadConfigFile(); });
//   Config c = load();   // reads the file on the first call only
//
// Each returned wrapper is a copyable callable. Copies share one state, as
// copies of a Go func value share its closure, so `f` runs once over all
// copies. Making a wrapper allocates that state once (one std::make_shared);
// a call allocates nothing, except where the C++ runtime allocates to
// rethrow. The state lives as long as the last copy (`f` and its captures
// only until its call, see below). (C++ only.) A copy may be destroyed as
// soon as no call through it is running, even while calls through other
// copies run: each call keeps the state alive through its own copy.
//
// If `f` throws, the call that ran it sees the exception itself (a bare
// `throw;`, so its origin is intact), and every later call rethrows the same
// exception object through the same std::exception_ptr (Go: "will panic with
// the same value on every call"). As in Go releases after 1.21, `f` itself (and
// whatever it captured) is destroyed right after its one call, whatever the
// outcome.
//
// Requirements: `f` must not call its own wrapper (it would wait for itself
// forever, see sync/once.h).
//
// Memory ordering: the return (or throw) of `f` synchronizes with the
// return of every call of every copy of the wrapper.

#ifndef GOSYNC_SYNC_ONCEFUNC_H_
#define GOSYNC_SYNC_ONCEFUNC_H_

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sync/once.h"

namespace go::sync {

namespace oncefunc_internal {

// The one shared state of a wrapper: Go's captured variables `once`,
// `valid`, `p` and the results, plus `f` itself.
template <class F, class R>
struct state {
  explicit state(F&& fn) : f(std::move(fn)) {}
  explicit state(const F& fn) : f(fn) {}

  Once once;
  bool valid = false;    // f returned normally; written only inside once
  std::exception_ptr p;  // what f threw; written only inside once
  std::optional<R> result;
  std::optional<F> f;  // reset after its call (newer Go: f = nil)

  // Go: the closure g that OnceFunc builds once and passes to once.Do.
  void g() {
    // Go: defer func() { p = recover(); if !valid { panic(p) } }(); here:
    // catch, keep the exception, and rethrow it with `throw;`; because a C++
    // exception is recovered by catching it.
    struct dropper {
      std::optional<F>* f;
      ~dropper() { f->reset(); }
    } drop_f{&f};
    try {
      if constexpr (std::is_void_v<R>) {
        std::invoke(*f);
      } else {
        result.emplace(std::invoke(*f));
      }
      valid = true;  // only if f does not throw
    } catch (...) {
      p = std::current_exception();
      throw;  // the first caller gets f's exception, stack intact
    }
  }

  // Go: the returned func: once.Do(g); if !valid { panic(p) }.
  void call() {
    once.Do([this] { g(); });
    if (!valid) {
      std::rethrow_exception(p);
    }
  }
};

// std::optional<void> is not allowed: OnceFunc keeps an empty result.
struct none {};

template <class T>
struct pair_of {
  static constexpr bool kOk = false;
};
template <class A, class B>
struct pair_of<std::pair<A, B>> {
  static constexpr bool kOk = true;
  using type = std::pair<A, B>;
};
template <class A, class B>
struct pair_of<std::tuple<A, B>> {
  static constexpr bool kOk = true;
  using type = std::pair<A, B>;
};

}  // namespace oncefunc_internal

// OnceFunc()
//
// Returns a callable `void()` that calls `f()` on its first call only. `f`
// must be callable with no arguments; its return value, if any, is ignored.
template <class F>
auto OnceFunc(F&& f) {
  using Fn = std::decay_t<F>;
  static_assert(std::is_invocable_v<Fn&>, "OnceFunc: f must take no arguments");
  struct wrapped {
    Fn fn;
    oncefunc_internal::none operator()() {
      std::invoke(fn);
      return {};
    }
  };
  auto s = std::make_shared<
      oncefunc_internal::state<wrapped, oncefunc_internal::none>>(
      wrapped{std::forward<F>(f)});
  return [s]() -> void { s->call(); };
}

// OnceValue()
//
// Returns a callable `T()` that calls `f()` on its first call only and
// returns (a copy of) its result on every call. T must be copyable; for a
// large or move-only result, return a pointer or std::shared_ptr from f.
template <class F>
auto OnceValue(F&& f) {
  using Fn = std::decay_t<F>;
  static_assert(std::is_invocable_v<Fn&>,
                "OnceValue: f must take no arguments");
  using T = std::decay_t<std::invoke_result_t<Fn&>>;
  static_assert(!std::is_void_v<T>, "OnceValue: f must return a value");
  static_assert(std::is_copy_constructible_v<T>,
                "OnceValue: the result is returned by copy");
  auto s =
      std::make_shared<oncefunc_internal::state<Fn, T>>(std::forward<F>(f));
  return [s]() -> T {
    s->call();
    return *s->result;
  };
}

// OnceValues()
//
// Go's two results: `f` returns a std::pair<T1, T2> (or std::tuple<T1, T2>),
// and the returned callable returns that std::pair<T1, T2>, as OnceValue
// does. Use with structured bindings: `auto [v, err] = get();`.
template <class F>
auto OnceValues(F&& f) {
  using Fn = std::decay_t<F>;
  static_assert(std::is_invocable_v<Fn&>,
                "OnceValues: f must take no arguments");
  using R = std::decay_t<std::invoke_result_t<Fn&>>;
  static_assert(oncefunc_internal::pair_of<R>::kOk,
                "OnceValues: f must return std::pair<T1, T2>");
  using P = typename oncefunc_internal::pair_of<R>::type;
  static_assert(std::is_copy_constructible_v<P>,
                "OnceValues: the results are returned by copy");
  struct wrapped {
    Fn fn;
    P operator()() {
      if constexpr (std::is_same_v<R, P>) {
        return std::invoke(fn);
      } else {
        return std::make_from_tuple<P>(std::invoke(fn));
      }
    }
  };
  auto s = std::make_shared<oncefunc_internal::state<wrapped, P>>(
      wrapped{std::forward<F>(f)});
  return [s]() -> P {
    s->call();
    return *s->result;
  };
}

}  // namespace go::sync

#endif  // GOSYNC_SYNC_ONCEFUNC_H_
