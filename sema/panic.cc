// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "sema/panic.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>

#include "absl/debugging/stacktrace.h"
#include "absl/debugging/symbolize.h"

namespace go {
namespace {

// Writes straight to fd 2: these paths run while the process is dying, so
// they avoid stdio buffers and locks that another thread may hold.
void WriteStderr(std::string_view s) noexcept {
  while (!s.empty()) {
    ssize_t n = ::write(STDERR_FILENO, s.data(), s.size());
    if (n <= 0) return;
    s.remove_prefix(static_cast<size_t>(n));
  }
}

// Symbolizing needs the binary's path; absl reads it from /proc/self/exe on
// first use. Done once, lazily, from the failing thread.
void InitSymbolizerOnce() noexcept {
  static std::atomic<bool> done{false};
  if (!done.exchange(true)) absl::InitializeSymbolizer(nullptr);
}

// Prints one line per frame, Go-style in spirit: the function, then the
// address. Go prints file:line, which needs debug info we cannot rely on.
void WriteStack(void* const* frames, int n) noexcept {
  InitSymbolizerOnce();
  char name[1024];
  char line[1200];
  for (int i = 0; i < n; ++i) {
    // A return address points after the call; look up the byte before it so
    // a call at the very end of a function names the right function.
    void* pc = static_cast<char*>(frames[i]) - 1;
    const char* fn = absl::Symbolize(pc, name, sizeof(name)) ? name : "?";
    int len =
        std::snprintf(line, sizeof(line), "%s(...)\n\t%p\n", fn, frames[i]);
    if (len > 0) {
      WriteStderr(std::string_view(line, static_cast<size_t>(len) < sizeof(line)
                                             ? len
                                             : sizeof(line) - 1));
    }
  }
}

long CurrentTid() noexcept { return static_cast<long>(::syscall(SYS_gettid)); }

// Go's header line for a goroutine's stack: "goroutine N [running]:".
void WriteGoroutineHeader(long tid) noexcept {
  char line[64];
  int len =
      std::snprintf(line, sizeof(line), "goroutine %ld [running]:\n", tid);
  if (len > 0) WriteStderr(std::string_view(line, static_cast<size_t>(len)));
}

void WriteCurrentStack(int skip) noexcept {
  void* frames[Panic::kMaxFrames];
  int n = absl::GetStackTrace(frames, Panic::kMaxFrames, skip + 1);
  WriteGoroutineHeader(CurrentTid());
  WriteStack(frames, n);
}

// Go's runtime lets one thread print a dying report (startpanic_m /
// paniclk); the others stop. Here the first caller wins and any later one
// sleeps until the winner's exit ends the process, so reports never
// interleave.
void BeginDyingReport() noexcept {
  static std::atomic<bool> dying{false};
  if (dying.exchange(true)) {
    for (;;) ::pause();
  }
}

void WritePanicReport(const Panic& p) noexcept {
  BeginDyingReport();
  // Go: "panic: <value>", a blank line, then the goroutine's trace.
  WriteStderr("panic: ");
  WriteStderr(p.message());
  WriteStderr("\n\n");
  WriteGoroutineHeader(p.thread_id());
  WriteStack(p.frames(), p.frame_count());
}

std::terminate_handler previous_terminate = nullptr;

[[noreturn]] void PanicTerminate() {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  if (std::exception_ptr ep = std::current_exception()) {
    try {
      std::rethrow_exception(ep);
    } catch (const Panic& p) {
      ReportPanicAndExit(p);
    } catch (...) {
      // Not ours: fall through to whatever was installed before.
    }
  }
#endif
  // Without exceptions gopanic reports and aborts by itself; nothing to do.
  if (previous_terminate != nullptr) previous_terminate();
  std::abort();
}

// Ends the process with `code`, running nothing else.
// Go: exit(2) from the runtime; here: the exit_group system call where there
// is one; because _exit is intercepted by the sanitizer runtimes, and
// ThreadSanitizer turns an exit from inside an ignore region (the runtime's
// norace scope, WaitGroup's race.Disable) into an error of its own with
// status 66, while Go's status is 2.
[[noreturn]] void ExitProcess(int code) noexcept {
#if defined(SYS_exit_group)
  ::syscall(SYS_exit_group, code);
#endif
  ::_exit(code);
}

}  // namespace

Panic::Panic(std::string message)
    : message_(std::move(message)), thread_id_(CurrentTid()) {
  // Skip this constructor's own frame so the stack starts at the raiser.
  frame_count_ = absl::GetStackTrace(frames_, kMaxFrames, 1);
}

void InstallPanicHandler() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  previous_terminate = std::set_terminate(PanicTerminate);
}

void ReportPanicAndExit(const Panic& p) noexcept {
  WritePanicReport(p);
  ExitProcess(2);
}

namespace runtime {

void gopanic(std::string_view msg) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  throw Panic(std::string(msg));
#else
  // Go: unwinds to the nearest recover; here: there is nothing to unwind to
  // without exceptions, so report as an unrecovered panic would and abort.
  Panic p{std::string(msg)};
  WritePanicReport(p);
  std::abort();
#endif
}

void gopanicHoldingLocks(std::string_view msg) noexcept {
  BeginDyingReport();
  WriteStderr("panic: ");
  WriteStderr(msg);
  WriteStderr("\n");
  // Go: throw("panic holding locks"). BeginDyingReport has been taken, so
  // write the throw's report directly rather than call throw_.
  WriteStderr("fatal error: panic holding locks\n\n");
  WriteCurrentStack(1);
  ExitProcess(2);
}

void fatal(std::string_view msg) noexcept {
  // Go: fatal hides runtime frames; here: the message alone, exit status 2.
  BeginDyingReport();
  WriteStderr("fatal error: ");
  WriteStderr(msg);
  WriteStderr("\n");
  ExitProcess(2);
}

void throw_(std::string_view msg) noexcept {
  BeginDyingReport();
  WriteStderr("fatal error: ");
  WriteStderr(msg);
  WriteStderr("\n\n");
  WriteCurrentStack(1);
  ExitProcess(2);
}

}  // namespace runtime
}  // namespace go
