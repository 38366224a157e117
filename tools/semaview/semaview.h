// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: tools/semaview/semaview.h
// -----------------------------------------------------------------------------
//
// tools:semaview as a function, so that tests run exactly what the binary
// runs: park the threads, draw the root, release step by step, release the
// rest and join.

#ifndef GOSYNC_TOOLS_SEMAVIEW_SEMAVIEW_H_
#define GOSYNC_TOOLS_SEMAVIEW_SEMAVIEW_H_

#include <ostream>
#include <string>
#include <vector>

namespace go::tools::semaview {

// RunSemaview()
//
// Runs semaview with `args` (without the program name), printing the views
// to `out` and problems to `err`. Returns the exit status: 0 on success, 2
// for bad arguments (with a usage line), 1 if a thread did not queue or wake
// in time, the table's tree differs from Go's algorithm, or --svg could not
// be written. Every thread it parked has been released and joined when it
// returns.
int RunSemaview(const std::vector<std::string>& args, std::ostream& out,
                std::ostream& err);

}  // namespace go::tools::semaview

#endif  // GOSYNC_TOOLS_SEMAVIEW_SEMAVIEW_H_
