// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sync/locker.h
// -----------------------------------------------------------------------------
//
// `go::sync::Locker` is Go's `sync.Locker` interface (`Lock()`, `Unlock()`) as
// a small value type: a non-owning handle to some lock, two pointers wide like
// a Go interface value, made from anything that has `Lock()`/`Unlock()` (or
// the C++ spelling `lock()`/`unlock()`). `go::sync::Cond` takes one, and
// `RWMutex::RLocker()` returns one that read-locks.

#ifndef GOSYNC_SYNC_LOCKER_H_
#define GOSYNC_SYNC_LOCKER_H_

#include <memory>
#include <type_traits>

#include "absl/base/thread_annotations.h"

namespace go::sync {

namespace sync_internal {

// Whether `T` has Go's `Lock()`/`Unlock()`, or else the C++ `lock()`/
// `unlock()` (std::mutex and friends).
template <class T, class = void>
inline constexpr bool kHasGoLock = false;
template <class T>
inline constexpr bool
    kHasGoLock<T, std::void_t<decltype(std::declval<T&>().Lock()),
                              decltype(std::declval<T&>().Unlock())>> = true;

template <class T, class = void>
inline constexpr bool kHasStdLock = false;
template <class T>
inline constexpr bool
    kHasStdLock<T, std::void_t<decltype(std::declval<T&>().lock()),
                               decltype(std::declval<T&>().unlock())>> = true;

template <class T, class = void>
inline constexpr bool kHasRLock = false;
template <class T>
inline constexpr bool
    kHasRLock<T, std::void_t<decltype(std::declval<T&>().RLock()),
                             decltype(std::declval<T&>().RUnlock())>> = true;

}  // namespace sync_internal

class Locker;

// Whether a `Locker` can be made from a `T&`: T has `Lock`/`Unlock` or
// `lock`/`unlock`, and is not a Locker itself (a Locker is copied, never
// wrapped).
template <class T>
inline constexpr bool kIsLockable =
    !std::is_same_v<std::remove_cv_t<T>, Locker> &&
    (sync_internal::kHasGoLock<T> || sync_internal::kHasStdLock<T>);

// Locker
//
// A reference to a lock, erased to Go's two-method interface. It does not own
// the lock and does not extend its life: the lock must outlive every Locker
// that refers to it (Go's garbage collector guarantees this; in C++ it is the
// caller's job). There is no empty Locker: every one refers to a lock.
//
// Example:
//
//   go::sync::Mutex mu;
//   go::sync::Locker l = mu;      // or &mu, as Go writes it
//   l.Lock();                     // mu.Lock()
//   l.Unlock();
//   go::sync::Locker r = rw.RLocker();  // r.Lock() is rw.RLock()
//   std::unique_lock<go::sync::Locker> g(r);
//
// Copying a Locker copies the handle: the copy refers to the same lock, and
// making a Locker from a Locker never adds a level of indirection. Two
// Lockers compare equal when they lock the same object the same way.
//
// Lock and Unlock call the lock's own functions, through one indirect call,
// and let whatever they throw pass. `lock()`/`unlock()` are the same two
// calls under the C++ names, so std::unique_lock<Locker>, std::lock_guard and
// std::condition_variable_any work with a Locker.
//
// Thread-safety analysis: Clang cannot see through the erasure, so a Locker's
// Lock/Unlock are neither annotated nor checked (nor are the calls it makes).
class Locker {
 public:
  // Refers to `mu`, which must outlive this Locker and its copies. Prefers
  // `Lock()`/`Unlock()` when `T` has both spellings.
  template <class T, std::enable_if_t<kIsLockable<T>, int> = 0>
  Locker(T& mu) noexcept  // NOLINT(google-explicit-constructor): Go's
                          // interfaces convert implicitly.
      : obj_(const_cast<void*>(
            static_cast<const volatile void*>(std::addressof(mu)))),
        ops_(&kOps<T>) {}

  // Go: `sync.NewCond(&mu)` passes a pointer; here: the same, `mu` non-null.
  template <class T, std::enable_if_t<kIsLockable<T>, int> = 0>
  Locker(T* mu) noexcept  // NOLINT(google-explicit-constructor)
      : Locker(*mu) {}

  Locker(const Locker&) noexcept = default;
  Locker& operator=(const Locker&) noexcept = default;

  // Locker::RLocker()
  //
  // A Locker whose Lock/Unlock call `rw.RLock()`/`rw.RUnlock()`; Go's
  // `(*rlocker)(rw)`. `RWMutex::RLocker()` returns `Locker::RLocker(*this)`.
  template <class T, std::enable_if_t<sync_internal::kHasRLock<T>, int> = 0>
  static Locker RLocker(T& rw) noexcept {
    return Locker(std::addressof(rw), &kROps<T>);
  }

  void Lock() { ops_->lock(obj_); }
  void Unlock() { ops_->unlock(obj_); }

  // The C++ names (BasicLockable).
  void lock() { Lock(); }
  void unlock() { Unlock(); }

  friend bool operator==(const Locker& a, const Locker& b) noexcept {
    return a.obj_ == b.obj_ && a.ops_ == b.ops_;
  }
  friend bool operator!=(const Locker& a, const Locker& b) noexcept {
    return !(a == b);
  }

 private:
  // Go: an interface value is (itab, data); here: the same two words, with a
  // static table of the two methods per lock type.
  struct Ops {
    void (*lock)(void*);
    void (*unlock)(void*);
  };

  template <class T>
  static T& As(void* p) noexcept {
    return *static_cast<T*>(p);
  }

  template <class T>
  static void LockOf(void* p) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    if constexpr (sync_internal::kHasGoLock<T>) {
      As<T>(p).Lock();
    } else {
      As<T>(p).lock();
    }
  }
  template <class T>
  static void UnlockOf(void* p) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    if constexpr (sync_internal::kHasGoLock<T>) {
      As<T>(p).Unlock();
    } else {
      As<T>(p).unlock();
    }
  }
  template <class T>
  static void RLockOf(void* p) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    As<T>(p).RLock();
  }
  template <class T>
  static void RUnlockOf(void* p) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    As<T>(p).RUnlock();
  }

  template <class T>
  static constexpr Ops kOps = {&LockOf<T>, &UnlockOf<T>};
  template <class T>
  static constexpr Ops kROps = {&RLockOf<T>, &RUnlockOf<T>};

  template <class T>
  Locker(T* rw, const Ops* ops) noexcept
      : obj_(const_cast<void*>(static_cast<const volatile void*>(rw))),
        ops_(ops) {}

  void* obj_;
  const Ops* ops_;
};

}  // namespace go::sync

#endif  // GOSYNC_SYNC_LOCKER_H_
