// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/format.h"

#include <cstdio>

namespace go::tools::bench {

std::string FormatNs(std::optional<double> ns) {
  if (!ns) return "n/a";
  char buf[32];
  if (*ns < 100) {
    std::snprintf(buf, sizeof buf, "%.3g", *ns);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", *ns);
  }
  return buf;
}

std::string FormatRatio(std::optional<double> ratio, int decimals) {
  if (!ratio) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*fx", *ratio < 10 ? decimals : 0, *ratio);
  return buf;
}

}  // namespace go::tools::bench
