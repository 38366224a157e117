// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// A build with -fno-exceptions (this file and its own copy of
// sema/panic.cc are compiled that way): a panic cannot unwind, so gopanic
// must print the report an unrecovered Go panic prints and abort. (WaitGroup's
// panics all go through gopanic; linking the table here would bring in a
// second copy of the panic library.)
//
// Plain main, not GoogleTest: Debian's libgtest is built with exceptions.

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sema/panic.h"

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#error "this test must be compiled with -fno-exceptions"
#endif

namespace {

int failures = 0;

void Check(bool ok, const std::string& what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAIL", what.c_str());
  if (!ok) failures++;
}

}  // namespace

int main() {
  int fds[2];
  if (pipe(fds) != 0) return 1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    go::runtime::gopanic("sync: negative WaitGroup counter");
  }
  close(fds[1]);
  std::string err;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) err.append(buf, n);
  int status = 0;
  waitpid(pid, &status, 0);

  Check(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
        "gopanic without exceptions aborts (status " + std::to_string(status) +
            ")");
  const std::string want = "panic: sync: negative WaitGroup counter\n\n";
  Check(err.rfind(want, 0) == 0, "stderr starts with Go's report: " + err);
  Check(err.find("goroutine ") != std::string::npos,
        "the report has a goroutine header");
  std::printf("%d passed, %d failed\n", 3 - failures, failures);
  return failures == 0 ? 0 : 1;
}
