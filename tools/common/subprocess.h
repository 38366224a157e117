// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/common/subprocess.h
// -----------------------------------------------------------------------------
//
// Runs a command with a deadline and captures what it prints. tools:bench
// runs the Go toolchain with it (`go test` must never hold the run past its
// time budget) and tools:semaview runs Graphviz's `dot`.

#ifndef GOSYNC_TOOLS_COMMON_SUBPROCESS_H_
#define GOSYNC_TOOLS_COMMON_SUBPROCESS_H_

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace go::tools {

struct Command {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH
  std::map<std::string, std::string> env_overrides;  // added to environ
  std::string cwd;                                   // empty: this process's
  std::string input;  // written to the command's stdin, which is then closed
  std::chrono::milliseconds timeout{60'000};
};

struct CommandResult {
  bool started = false;    // false: the program could not be executed
  bool timed_out = false;  // killed at the deadline
  int exit_status = -1;    // valid when it exited by itself
  std::string output;      // stdout and stderr, interleaved
};

// RunCommand()
//
// Runs `command`. At its timeout the command and everything it started (its
// process group) are killed with SIGKILL.
CommandResult RunCommand(const Command& command);

// FindOnPath()
//
// The full path of `program` on PATH, or "" if there is none.
std::string FindOnPath(const std::string& program);

}  // namespace go::tools

#endif  // GOSYNC_TOOLS_COMMON_SUBPROCESS_H_
