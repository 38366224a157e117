// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/machine.h"

#include <sched.h>
#include <sys/utsname.h>

#include <fstream>
#include <string>
#include <thread>

namespace go::tools::bench {

MachineInfo ReadMachineInfo() {
  MachineInfo info;
  cpu_set_t set;
  CPU_ZERO(&set);
  info.cpus = sched_getaffinity(0, sizeof set, &set) == 0
                  ? CPU_COUNT(&set)
                  : static_cast<int>(std::thread::hardware_concurrency());

  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      std::size_t colon = line.find(':');
      std::size_t value = line.find_first_not_of(" \t", colon + 1);
      if (colon != std::string::npos && value != std::string::npos) {
        info.cpu_model = line.substr(value);
      }
      break;
    }
  }
  if (info.cpu_model.empty()) info.cpu_model = "unknown CPU";

  utsname u;
  if (uname(&u) == 0) {
    info.kernel = std::string(u.sysname) + " " + u.release + " " + u.machine;
  }
#if defined(__clang__)
  info.compiler = "clang " __clang_version__;
#elif defined(__GNUC__)
  info.compiler = "gcc " __VERSION__;
#endif
  // The benchmark libraries are built in the same Bazel configuration as
  // this file, so this tells whether the figures come from an -O build.
#if defined(__OPTIMIZE__)
  info.optimized = true;
#endif
  return info;
}

}  // namespace go::tools::bench
