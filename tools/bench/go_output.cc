// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/bench/go_output.h"

#include <cctype>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "tools/bench/measurement.h"

namespace go::tools::bench {
namespace {

// Go appends "-<GOMAXPROCS>" to the name unless GOMAXPROCS is 1.
std::string StripProcs(std::string name) {
  std::size_t dash = name.rfind('-');
  if (dash == std::string::npos || dash + 1 == name.size()) return name;
  for (std::size_t i = dash + 1; i < name.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return name;
  }
  return name.substr(0, dash);
}

}  // namespace

std::map<std::string, double> ParseGoBenchOutput(std::string_view text) {
  std::map<std::string, std::vector<double>> samples;
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("Benchmark", 0) != 0) continue;
    std::istringstream fields(line);
    std::string name;
    std::string iterations;
    std::string value;
    std::string unit;
    if (!(fields >> name >> iterations >> value >> unit)) continue;
    if (unit != "ns/op") continue;
    char* end = nullptr;
    double ns = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0') continue;
    samples[StripProcs(name.substr(9))].push_back(ns);
  }
  std::map<std::string, double> medians;
  for (auto& [name, values] : samples) {
    medians[name] = *Median(values);
  }
  return medians;
}

}  // namespace go::tools::bench
