// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// tools:semaview: `tools/bazel run //tools:semaview -- --help`.

#include <iostream>
#include <string>
#include <vector>

#include "tools/semaview/semaview.h"

int main(int argc, char** argv) {
  return go::tools::semaview::RunSemaview(
      std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
