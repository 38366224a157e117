// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/panic.h
// -----------------------------------------------------------------------------
//
// Go has three ways to stop on bad input, and gosync keeps all three apart:
//
//   * `panic`: a recoverable failure caused by the caller, for example
//     `sync: negative WaitGroup counter`. Here it is the C++ exception
//     `go::Panic`, whose `what()` is Go's message byte for byte. `recover()`
//     becomes `catch (const go::Panic&)`.
//   * `fatal`: an unrecoverable user error (Go's `runtime.fatal`, for example
//     `sync: unlock of unlocked mutex`). It prints `fatal error: <msg>` to
//     stderr and exits with status 2, without unwinding.
//   * `throw`: an unrecoverable broken runtime invariant (Go's
//     `runtime.throw`, for example `corrupted semaphore ticket`). Same output
//     and status as `fatal`, plus the stack of the thread that found it.
//
// An uncaught `go::Panic` ends the program the way an unrecovered Go panic
// does: `panic: <msg>`, a blank line, `goroutine <N> [running]:` (N is the
// OS thread id of the thread that raised it), its stack, exit status 2:
//
//   panic: sync: negative WaitGroup counter
//
//   goroutine 4711 [running]:
//   go::runtime::gopanic(...)
//   	0x55d0c1a2b3c4
//   ...
//
// Only the first line is a stable format; the stack is best effort (function
// names need symbols). If several threads panic or fail at once, one report
// is printed and the others wait for the process to end, as in Go. gosync never
// installs that behaviour behind the caller's back: call
// `go::InstallPanicHandler()` once (for example first thing in `main`) to opt
// in for the whole process. Threads started by `WaitGroup::Go` always end the
// program this way when their function lets a panic escape.
//
// Built with `-fno-exceptions`, `gopanic` cannot throw: it prints the same
// report and calls `std::abort()`.

#ifndef GOSYNC_SEMA_PANIC_H_
#define GOSYNC_SEMA_PANIC_H_

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>

// Marks the failure entry points cold, so callers lay their calls out of the
// hot path (sema.h and waitgroup.h call them from inline fast paths).
#if defined(__GNUC__) || defined(__clang__)
#define GOSYNC_PANIC_COLD __attribute__((cold))
#else
#define GOSYNC_PANIC_COLD
#endif

namespace go {

// Panic
//
// The exception thrown for Go's recoverable panics. `what()` returns exactly
// the message Go would pass to `panic`, with no prefix and no trailing
// newline, so ported code can compare it with Go's string.
//
// A Panic records the stack of the thread that raised it (up to
// `kMaxFrames` return addresses, taken in the constructor), so that an
// uncaught panic reports where it happened rather than where it was caught.
// Panics are rare, so the capture cost (a few microseconds) is paid only on
// the failure path.
class Panic : public std::exception {
 public:
  static constexpr int kMaxFrames = 64;

  explicit Panic(std::string message);

  const char* what() const noexcept override { return message_.c_str(); }
  const std::string& message() const noexcept { return message_; }

  // The return addresses captured when the panic was raised, innermost first.
  void* const* frames() const noexcept { return frames_; }
  int frame_count() const noexcept { return frame_count_; }

  // The OS thread id (Linux `gettid`) of the thread that raised the panic.
  long thread_id() const noexcept { return thread_id_; }

 private:
  std::string message_;
  void* frames_[kMaxFrames];
  int frame_count_;
  long thread_id_;
};

// InstallPanicHandler()
//
// Opt-in: makes an uncaught `go::Panic` end the process as Go does (see the
// file comment). Any other uncaught exception is passed to the terminate
// handler that was installed before. Safe to call more than once.
void InstallPanicHandler();

// ReportPanicAndExit()
//
// Prints `panic: <msg>` and the panic's recorded stack to stderr, then exits
// the process with status 2 (`_exit`, so no destructors run, as in Go). Used
// by the installed handler and by `WaitGroup::Go` threads.
[[noreturn]] void ReportPanicAndExit(const Panic& p) noexcept;

namespace runtime {

// gopanic()
//
// Go: panic(msg); here: throws go::Panic(msg) (or, without exceptions,
// reports and aborts). Named after the Go runtime function that implements
// the `panic` builtin.
[[noreturn]] GOSYNC_PANIC_COLD void gopanic(std::string_view msg);

// gopanicHoldingLocks()
//
// Go: gopanic on an M that holds runtime locks (m.locks != 0) does not
// unwind; it prints `panic: <msg>` and throws "panic holding locks". The
// runtime's own panics (`panic("semaRoot queue")`) run with a root lock held,
// so they end here: exit status 2, as Go.
[[noreturn]] void gopanicHoldingLocks(std::string_view msg) noexcept;

// fatal()
//
// Go: runtime.fatal. A user error that cannot be recovered: prints
// `fatal error: <msg>` to stderr and exits with status 2.
[[noreturn]] GOSYNC_PANIC_COLD void fatal(std::string_view msg) noexcept;

// throw_()
//
// Go: runtime.throw; here: throw_, because `throw` is a C++ keyword. A broken
// internal invariant: prints `fatal error: <msg>`, the current stack, and
// exits with status 2.
[[noreturn]] GOSYNC_PANIC_COLD void throw_(std::string_view msg) noexcept;

}  // namespace runtime
}  // namespace go

#endif  // GOSYNC_SEMA_PANIC_H_
