// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/bench/report.h
// -----------------------------------------------------------------------------
//
// Everything one tools:bench run found, and its two renderings: the text
// table people read (and the README quotes), and `--json` for scripts. Both
// carry the same rows, targets and machine description.

#ifndef GOSYNC_TOOLS_BENCH_REPORT_H_
#define GOSYNC_TOOLS_BENCH_REPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/bench/gbench_runner.h"
#include "tools/bench/go_runner.h"
#include "tools/bench/machine.h"
#include "tools/bench/measurement.h"
#include "tools/bench/table.h"
#include "tools/bench/targets.h"

namespace go::tools::bench {

struct Report {
  MachineInfo machine;
  RunSettings settings;
  bool go_requested = true;  // false with --no-go
  GoSettings go_settings;
  GoResult go;
  std::vector<Row> rows;
  std::vector<TargetResult> targets;
  Measurements measured;  // every benchmark that ran, by name
  double elapsed_s = 0;
};

void WriteText(const Report& report, std::ostream& out);
void WriteJson(const Report& report, std::ostream& out);

}  // namespace go::tools::bench

#endif  // GOSYNC_TOOLS_BENCH_REPORT_H_
