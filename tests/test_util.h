// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tests/test_util.h
// -----------------------------------------------------------------------------
//
// How gosync's concurrency tests stay bounded, reproducible and clean when
// they fail; shared by the sema and the WaitGroup tests:
//
//   TestSeed / SeedNote    one seed per randomized test, from $GOSYNC_SEED
//   Watchdog               a hang becomes a fast failure with a message
//   PollUntil              wait for a state another thread must (or may) reach
//                          (the one polling loop: also Go's pollUntilEqual)
//   ScopedThreads          an early ASSERT_* joins instead of std::terminate
//   BlockedInFutex         whether a thread really sleeps in the kernel
//   RunCommand / Slurp     a shell command's status, stdout and stderr (the
//                          tools' end-to-end tests)
//
// Suite-specific helpers stay with their suite: tests/sema_test_util.h
// (seeded parking threads) and tests/waitgroup_test_util.h (the
// WaitGroup peer, Go's channel and NumCPU).

#ifndef GOSYNC_TESTS_TEST_UTIL_H_
#define GOSYNC_TESTS_TEST_UTIL_H_

#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/config.h"
#include "gtest/gtest.h"

namespace gosync_test {

// True when built with a sanitizer: stress loops run fewer rounds, and time
// limits stretch by kSlowdown (ASan about 2-3x, TSan 5-10x on the CI VM).
#if defined(ABSL_HAVE_THREAD_SANITIZER) ||  \
    defined(ABSL_HAVE_ADDRESS_SANITIZER) || \
    defined(ABSL_HAVE_MEMORY_SANITIZER)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

#ifdef ABSL_HAVE_THREAD_SANITIZER
inline constexpr bool kTsan = true;
#else
inline constexpr bool kTsan = false;
#endif

inline constexpr int kSlowdown = kTsan ? 5 : kSanitized ? 3 : 1;

// Whether the test runs under an emulator: tools/m32/exec.sh sets
// GOSYNC_EMULATOR when it runs --config=m32 (i386) tests under qemu-i386 on
// a kernel without 32-bit support. Everything is several times slower there,
// and /proc shows the host's system calls, not the test's.
inline bool Emulated() { return std::getenv("GOSYNC_EMULATOR") != nullptr; }

// The name of the running gtest test ("Suite.Name"), or "" outside one.
inline std::string CurrentTestName() {
  const ::testing::TestInfo* info =
      ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return "";
  return std::string(info->test_suite_name()) + "." + info->name();
}

// SeedNote()
//
// "seed=<n> (rerun with GOSYNC_SEED=<n>)": for SCOPED_TRACE, failure messages
// and the watchdog.
inline std::string SeedNote(std::uint64_t seed) {
  const std::string n = std::to_string(seed);
  return "seed=" + n + " (rerun with GOSYNC_SEED=" + n + ")";
}

// TestSeed()
//
// The seed of a randomized test: $GOSYNC_SEED if set (decimal, or hex with a
// 0x prefix), otherwise fresh. Printed to stderr at once, so the log of any
// failure, a watchdog's _Exit included, has it. A malformed $GOSYNC_SEED ends
// the test binary: silently running another seed would not be a replay.
inline std::uint64_t TestSeed() {
  std::uint64_t seed;
  if (const char* env = std::getenv("GOSYNC_SEED")) {
    const bool hex = env[0] == '0' && (env[1] == 'x' || env[1] == 'X');
    const char* digits = hex ? env + 2 : env;
    char* end = nullptr;
    errno = 0;
    seed = std::strtoull(digits, &end, hex ? 16 : 10);
    if (*digits == '\0' || *digits == '-' || *digits == '+' || *end != '\0' ||
        errno != 0) {
      std::fprintf(stderr,
                   "GOSYNC_SEED=\"%s\" is not a decimal or 0x-hex uint64\n",
                   env);
      std::fflush(stderr);
      std::_Exit(1);
    }
  } else {
    std::random_device rd;
    seed = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }
  std::fprintf(stderr, "%s: %s\n", CurrentTestName().c_str(),
               SeedNote(seed).c_str());
  std::fflush(stderr);
  return seed;
}

namespace test_util_internal {

// When this process started (well enough: when the test binary's static
// initializers ran), for staying inside Bazel's TEST_TIMEOUT.
inline const std::chrono::steady_clock::time_point kProcessStart =
    std::chrono::steady_clock::now();

// The latest moment a watchdog may fire and still beat Bazel's timeout (which
// kills the test without a word): 90% of $TEST_TIMEOUT after the start, or
// nothing outside Bazel.
inline std::optional<std::chrono::steady_clock::time_point> BazelDeadline() {
  const char* env = std::getenv("TEST_TIMEOUT");
  if (env == nullptr) return std::nullopt;
  const long seconds = std::strtol(env, nullptr, 10);
  if (seconds <= 0) return std::nullopt;
  return kProcessStart + std::chrono::milliseconds(seconds * 900);
}

}  // namespace test_util_internal

// Watchdog
//
// Fails the test binary fast, with a clear message, if it is still alive
// `limit` after construction: a lost wakeup or a deadlock shows up as a
// thread that never returns, and joining it would hang until Bazel's
// timeout, which reports nothing. On timeout it prints the watchdog's name,
// the test, the limit, the context (SetContext), the seed if the test has
// one, and `dump()` if given (for example a walk of the root involved); it
// then records a gtest failure and ends the process with std::_Exit(1),
// since the hung threads can be neither joined nor destroyed.
//
// `limit` is stretched by kSlowdown under sanitizers and capped so that the
// watchdog fires before Bazel's TEST_TIMEOUT. Create it before the threads
// and the objects they use, so it outlives their joins.
class Watchdog {
 public:
  Watchdog(std::string name, std::chrono::seconds limit,
           std::optional<std::uint64_t> seed = std::nullopt,
           std::function<std::string()> dump = nullptr)
      : name_(std::move(name)),
        test_(CurrentTestName()),
        limit_(limit * kSlowdown),
        seed_(seed),
        dump_(std::move(dump)),
        start_(std::chrono::steady_clock::now()),
        deadline_(Deadline(limit_)),
        thread_([this] { Run(); }) {}

  ~Watchdog() {
    {
      std::lock_guard<std::mutex> l(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Context printed if the watchdog fires, for example the round.
  void SetContext(std::string context) {
    std::lock_guard<std::mutex> l(mu_);
    context_ = std::move(context);
  }

 private:
  static std::chrono::steady_clock::time_point Deadline(
      std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    if (auto bazel = test_util_internal::BazelDeadline()) {
      deadline = std::min(deadline, *bazel);
    }
    return deadline;
  }

  void Run() {
    std::unique_lock<std::mutex> l(mu_);
    if (cv_.wait_until(l, deadline_, [this] { return done_; })) return;
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
            .count();
    std::fprintf(stderr,
                 "WATCHDOG: %s (%s) did not finish after %.1fs (limit %llds, "
                 "capped by Bazel's TEST_TIMEOUT): a lost wakeup or a "
                 "deadlock. %s%s%s\n",
                 name_.c_str(), test_.c_str(), waited,
                 static_cast<long long>(limit_.count()), context_.c_str(),
                 context_.empty() ? "" : "; ",
                 seed_ ? SeedNote(*seed_).c_str() : "no seed (not randomized)");
    if (dump_) std::fprintf(stderr, "%s\n", dump_().c_str());
    std::fflush(stderr);
    ADD_FAILURE() << "WATCHDOG: " << name_ << " hung";
    std::fflush(stdout);
    std::_Exit(1);
  }

  const std::string name_;
  const std::string test_;
  const std::chrono::seconds limit_;
  const std::optional<std::uint64_t> seed_;
  const std::function<std::string()> dump_;
  const std::chrono::steady_clock::time_point start_;
  const std::chrono::steady_clock::time_point deadline_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::string context_;
  std::thread thread_;  // last: starts once the fields above exist
};

// TsanReportTest
//
// Base fixture for tests whose oracle is a ThreadSanitizer report. Each case
// runs its body in a death-test child (threadsafe style) whose TSan runtime
// stops at the first report with exit status kTsanReportExit. Skips
// without TSan. The watchdog bounds the parent's wait and, since the child
// runs SetUp again, the child.
inline constexpr int kTsanReportExit = 66;

class TsanReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kTsan) {
      GTEST_SKIP() << "needs ThreadSanitizer (build with --config=tsan)";
    }
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    // Read by the TSan runtime of the re-executed child at its start.
    setenv("TSAN_OPTIONS", "halt_on_error=1:exitcode=66:report_thread_leaks=0",
           1);
    watchdog_.emplace(CurrentTestName(), std::chrono::seconds(60));
  }

  std::optional<Watchdog> watchdog_;
};

namespace test_util_internal {

// One poll: yield for the first tries (a state that is microseconds away),
// then sleep a little, so that a poller does not take one of the CI VM's
// two CPUs away from the threads it waits for.
inline void PollPause(int tries) {
  if (tries < 100) {
    std::this_thread::yield();
  } else {
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

}  // namespace test_util_internal

// PollUntil()
//
// Polls `pred` until it holds.
//
// PollUntil(pred): for a state that another thread *must* reach (a waiter
// that must register, a thread that must park). It has no timeout of its own:
// the test's Watchdog turns "never" into a failure with the seed.
//
// PollUntil(pred, timeout): for a state that the test would like but cannot
// force. Returns whether `pred` holds; the caller must use the result (count
// the rounds that reached the state and check the count, or assert on it), so
// that a slow machine cannot silently turn the test into another one.
template <class Pred>
void PollUntil(Pred pred) {
  for (int tries = 0; !pred(); tries++) test_util_internal::PollPause(tries);
}

template <class Pred, class Rep, class Period>
[[nodiscard]] bool PollUntil(Pred pred,
                             std::chrono::duration<Rep, Period> timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (int tries = 0; !pred(); tries++) {
    if (std::chrono::steady_clock::now() > deadline) return pred();
    test_util_internal::PollPause(tries);
  }
  return true;
}

// PollUntil(pred, kSpin): never sleeps: re-checks in a tight loop and yields
// every 1000 checks, as Go's pollUntilEqual. For a rendezvous whose threads
// must leave together to race each other; elsewhere, prefer PollUntil(pred).
struct Spin {};
inline constexpr Spin kSpin{};

template <class Pred>
void PollUntil(Pred pred, Spin) {
  for (;;) {
    for (int i = 0; i < 1000; i++) {
      if (pred()) return;
    }
    std::this_thread::yield();
  }
}

// ScopedThreads
//
// The threads of a test, joined when it leaves its scope. A fatal assertion
// (ASSERT_*) returns from the test function; a still-joinable std::thread
// would then call std::terminate and hide the failure. On such an early exit,
// `unblock` runs first and must release every thread the test may have left
// blocked (release the semaphores, count the group down); the Watchdog still
// bounds the join if it cannot. Declare it after the Watchdog and after
// everything the threads use, so it is destroyed before them.
class ScopedThreads {
 public:
  explicit ScopedThreads(std::function<void()> unblock = nullptr)
      : unblock_(std::move(unblock)) {}
  ~ScopedThreads() {
    bool early = false;
    for (auto& t : threads_) early = early || t.joinable();
    if (early && unblock_) unblock_();
    JoinAll();
  }
  ScopedThreads(const ScopedThreads&) = delete;
  ScopedThreads& operator=(const ScopedThreads&) = delete;

  template <class F>
  void Start(F&& f) {
    threads_.emplace_back(std::forward<F>(f));
  }

  // The normal end: joins every thread, without `unblock`.
  void JoinAll() {
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

 private:
  std::function<void()> unblock_;
  std::vector<std::thread> threads_;
};

// The calling thread's kernel id, for BlockedInFutex.
inline long CurrentTid() { return syscall(SYS_gettid); }

// BlockedInFutex()
//
// Whether thread `tid` of this process is blocked in futex(2), on `addr` if
// given, or without `addr` also in futex_waitv(2) (the parker's sleep on two
// words), per /proc/self/task/<tid>/syscall. Lets a test check that a sleeper
// really sleeps in the kernel instead of sleeping itself and hoping so.
// nullopt if the kernel does not show it (no /proc, or no permission); see
// CanSeeBlockedSyscalls.
inline std::optional<bool> BlockedInFutex(long tid,
                                          const void* addr = nullptr) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/syscall");
  std::string nr;
  std::string arg0;
  if (!(in >> nr)) return std::nullopt;
#if defined(SYS_futex_waitv)
  if (addr == nullptr && nr == std::to_string(SYS_futex_waitv)) return true;
#endif
  // "running", or -1 (blocked, but not in a system call).
  if (nr != std::to_string(SYS_futex)) return false;
  if (addr == nullptr) return true;
  in >> arg0;
  return std::strtoull(arg0.c_str(), nullptr, 16) ==
         reinterpret_cast<std::uintptr_t>(addr);
}

// Whether BlockedInFutex can answer on this machine. Not under an emulator:
// /proc then shows the emulator's host system calls and host addresses.
inline bool CanSeeBlockedSyscalls() {
  if (Emulated()) return false;
  std::ifstream in("/proc/self/task/" + std::to_string(CurrentTid()) +
                   "/syscall");
  std::string first;
  return static_cast<bool>(in >> first);
}

// Slurp()
//
// The whole file at `path`, or "" if it cannot be read.
inline std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// RunCommand()
//
// Runs `command` with /bin/sh and returns its exit status (-1 if it did not
// exit), its standard output, and its standard error, which meanwhile goes
// to a file under $TEST_TMPDIR. Redirections inside `command` come first:
// `cmd 2>&1` puts cmd's standard error in `out`.
struct CommandResult {
  int status = -1;
  std::string out, err;
};
inline CommandResult RunCommand(const std::string& command) {
  const std::string err_file =
      std::string(std::getenv("TEST_TMPDIR")) + "/run_command_stderr";
  std::remove(err_file.c_str());
  CommandResult r;
  FILE* p = popen(("(" + command + ") 2>" + err_file).c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) {
    r.out.append(buf, n);
  }
  const int status = pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = Slurp(err_file);
  return r;
}

}  // namespace gosync_test

#endif  // GOSYNC_TESTS_TEST_UTIL_H_
