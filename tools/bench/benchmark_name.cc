// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/benchmark_name.h"

#include <array>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace go::tools::bench {
namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    std::size_t pos = s.find(sep);
    parts.push_back(s.substr(0, pos));
    if (pos == std::string_view::npos) return parts;
    s.remove_prefix(pos + 1);
  }
}

std::optional<long long> ParseInt(std::string_view s) {
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool IsImpl(std::string_view s) {
  static constexpr std::array kImpls = {
      kImplGosync,       kImplLatch,   kImplBlockingCounter,
      kImplNotification, kImplCondvar, kImplFloor,
  };
  for (std::string_view impl : kImpls) {
    if (s == impl) return true;
  }
  return false;
}

// Segments Google Benchmark itself appends; they say how a benchmark was
// run, not what it measures, so they must not split one scenario in two.
bool IsRunnerSuffix(std::string_view s) {
  if (s == "real_time" || s == "manual_time" || s == "process_time") {
    return true;
  }
  static constexpr std::array kKeys = {
      std::string_view("threads:"),         std::string_view("iterations:"),
      std::string_view("repeats:"),         std::string_view("min_time:"),
      std::string_view("min_warmup_time:"),
  };
  for (std::string_view key : kKeys) {
    if (s.substr(0, key.size()) == key) return true;
  }
  return false;
}

}  // namespace

BenchmarkId ParseBenchmarkName(std::string_view name) {
  BenchmarkId id;
  id.name = std::string(name);
  id.impl = std::string(kImplGosync);
  std::vector<std::string_view> parts = Split(name, '/');
  std::string_view head = parts[0];
  if (head.substr(0, 3) == "BM_") head.remove_prefix(3);
  id.scenario = std::string(head);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    if (part.substr(0, 8) == "threads:") {
      id.threads = static_cast<int>(ParseInt(part.substr(8)).value_or(1));
      continue;
    }
    if (IsRunnerSuffix(part)) continue;
    if (IsImpl(part)) {
      id.impl = std::string(part);
      continue;
    }
    // Arguments come bare ("8") or named by ArgNames ("n:8").
    std::size_t colon = part.find(':');
    std::string_view value =
        colon == std::string_view::npos ? part : part.substr(colon + 1);
    if (std::optional<long long> v = ParseInt(value)) {
      if (!id.arg) id.arg = v;
      continue;
    }
    id.scenario += '/';
    id.scenario += part;
  }
  return id;
}

}  // namespace go::tools::bench
