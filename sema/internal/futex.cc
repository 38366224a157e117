// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "sema/internal/futex.h"

#include <atomic>
#include <cerrno>
#include <cstdint>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace go::runtime {

// The kernel sees the futex word as a plain aligned uint32_t.
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);

// Which configuration builds and tests what (see tools/m32/BUILD.bazel):
// every build is Linux, so the futex(2) branch below is the one tested, on
// x86-64 and, under --config=m32, through i386's system call (natively or
// under qemu-i386). The fallback after #else is built and tested by none.
#if defined(__linux__)

// Go: futexsleep/futexwakeup make the raw system call, which has no errno;
// here: syscall(2) stores the error in errno, so both functions put the
// caller's errno back; because a caller's errno must survive every gosync
// call, as it survives glibc's own locks, and EINTR (a signal) and EAGAIN
// (the word changed) are ordinary results here, not errors.

void futexsleep(std::atomic<std::uint32_t>* addr, std::uint32_t val) {
  // EAGAIN (the value changed), EINTR (a signal) and real wakeups all look the
  // same to the caller, who re-checks the word; so the result is ignored.
  const int saved_errno = errno;
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(addr), FUTEX_WAIT_PRIVATE,
          val, nullptr, nullptr, 0);
  errno = saved_errno;
}

void futexwakeup(std::atomic<std::uint32_t>* addr, std::uint32_t cnt) {
  const int saved_errno = errno;
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(addr), FUTEX_WAKE_PRIVATE,
          cnt, nullptr, nullptr, 0);
  errno = saved_errno;
}

void futexsleep2(std::atomic<std::uint32_t>* a, std::uint32_t va,
                 std::atomic<std::uint32_t>* b, std::uint32_t vb) {
#if defined(SYS_futex_waitv)
  const int saved_errno = errno;
  struct futex_waitv w[2] = {};
  w[0].val = va;
  w[0].uaddr = reinterpret_cast<std::uintptr_t>(a);
  w[0].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;
  w[1].val = vb;
  w[1].uaddr = reinterpret_cast<std::uintptr_t>(b);
  w[1].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;
  // As in futexsleep, every return looks the same to the caller.
  syscall(SYS_futex_waitv, w, 2, 0, nullptr, 0);
  errno = saved_errno;
#else
  futexsleep(a, va);  // unreachable: futexsleep2Available() is false
  (void)b;
  (void)vb;
#endif
}

bool futexsleep2Available() {
  static const bool available = [] {
#if defined(SYS_futex_waitv)
    // An empty vector is EINVAL where the call exists; ENOSYS (old kernel,
    // qemu-user) or EPERM (a seccomp filter) where it does not.
    const int saved_errno = errno;
    const bool ok = syscall(SYS_futex_waitv, nullptr, 0, 0, nullptr, 0) == -1 &&
                    errno == EINVAL;
    errno = saved_errno;
    return ok;
#else
    return false;
#endif
  }();
  return available;
}

#else  // Portable fallback: C++20 atomic wait/notify.

void futexsleep(std::atomic<std::uint32_t>* addr, std::uint32_t val) {
  addr->wait(val, std::memory_order_relaxed);
}

void futexwakeup(std::atomic<std::uint32_t>* addr, std::uint32_t cnt) {
  if (cnt == 1) {
    addr->notify_one();
  } else {
    addr->notify_all();
  }
}

void futexsleep2(std::atomic<std::uint32_t>* a, std::uint32_t va,
                 std::atomic<std::uint32_t>*, std::uint32_t) {
  futexsleep(a, va);  // unreachable: futexsleep2Available() is false
}

bool futexsleep2Available() { return false; }

#endif

}  // namespace go::runtime
