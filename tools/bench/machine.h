// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/machine.h
// -----------------------------------------------------------------------------
//
// The machine a table was measured on. Figures for wake-ups and contended
// atomics mean little without the core count and CPU beside them.

#ifndef GOSYNC_TOOLS_BENCH_MACHINE_H_
#define GOSYNC_TOOLS_BENCH_MACHINE_H_

#include <string>

namespace go::tools::bench {

struct MachineInfo {
  int cpus = 0;            // online CPUs this process may use
  std::string cpu_model;   // /proc/cpuinfo "model name"
  std::string kernel;      // uname: sysname release machine
  std::string compiler;    // the compiler that built tools:bench
  bool optimized = false;  // whether tools:bench itself was optimized
};

MachineInfo ReadMachineInfo();

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_MACHINE_H_
