// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/bench/report.h"

namespace go::tools::bench {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string Number(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", *v);
  return buf;
}

std::string Bool(bool b) { return b ? "true" : "false"; }

}  // namespace

void WriteJson(const Report& r, std::ostream& out) {
  const MachineInfo& m = r.machine;
  out << "{\n";
  out << "  \"machine\": {\"cpus\": " << m.cpus
      << ", \"cpu_model\": " << Quote(m.cpu_model)
      << ", \"kernel\": " << Quote(m.kernel)
      << ", \"compiler\": " << Quote(m.compiler)
      << ", \"optimized\": " << Bool(m.optimized) << "},\n";
  out << "  \"settings\": {\"repetitions\": " << r.settings.repetitions
      << ", \"min_time_s\": " << Number(r.settings.min_time_s)
      << ", \"statistic\": \"median\", \"unit\": \"ns/op\"},\n";
  out << "  \"go\": {\"requested\": " << Bool(r.go_requested)
      << ", \"available\": " << Bool(r.go.available)
      << ", \"version\": " << Quote(r.go.version)
      << ", \"benchtime\": " << Quote(r.go_settings.benchtime)
      << ", \"count\": " << r.go_settings.count << ", \"commands\": [";
  for (std::size_t i = 0; i < r.go.commands.size(); ++i) {
    out << (i ? ", " : "") << Quote(r.go.commands[i]);
  }
  out << "], \"problems\": [";
  for (std::size_t i = 0; i < r.go.problems.size(); ++i) {
    out << (i ? ", " : "") << Quote(r.go.problems[i]);
  }
  out << "]";
  if (r.go_requested && !r.go.available) {
    out << ", \"hint\": " << Quote(kGoMissingHint);
  }
  out << "},\n";

  out << "  \"rows\": [";
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const Row& row = r.rows[i];
    out << (i ? "," : "") << "\n    {\"id\": " << Quote(row.id)
        << ", \"label\": " << Quote(row.label)
        << ", \"primary\": " << Bool(row.primary)
        << ", \"threads\": " << row.threads
        << ", \"arg\": " << (row.arg ? std::to_string(*row.arg) : "null")
        << ", \"unit\": "
        << Quote(row.per_op == PerOp::kTableOp ? "ns per enqueue or dequeue"
                                               : "ns/op")
        << ",\n     \"columns\": {";
    for (int c = 0; c < kNumColumns; ++c) {
      const Cell& cell = row.cells[c];
      out << (c ? ", " : "") << Quote(ColumnHeader(static_cast<Column>(c)))
          << ": ";
      if (cell.benchmark.empty()) {
        out << "null";
        continue;
      }
      out << "{\"ns\": " << Number(cell.ns)
          << ", \"impl\": " << Quote(cell.impl)
          << ", \"benchmark\": " << Quote(cell.benchmark);
      if (!cell.error.empty()) out << ", \"error\": " << Quote(cell.error);
      out << "}";
    }
    out << "},\n     \"go\": ";
    if (row.go_benchmark.empty()) {
      out << "null";
    } else {
      out << "{\"ns\": " << Number(row.go_ns)
          << ", \"benchmark\": " << Quote(row.go_benchmark) << "}";
    }
    out << ", \"ratio_best_peer\": " << Number(row.ratio_best_peer)
        << ", \"best_peer\": "
        << (row.best_peer.empty() ? "null" : Quote(row.best_peer))
        << ", \"ratio_floor\": " << Number(row.ratio_floor);
    if (!row.note.empty()) out << ", \"note\": " << Quote(row.note);
    out << "}";
  }
  out << "\n  ],\n";

  out << "  \"targets\": [";
  for (std::size_t i = 0; i < r.targets.size(); ++i) {
    const TargetResult& t = r.targets[i];
    out << (i ? "," : "") << "\n    {\"id\": " << Quote(t.id)
        << ", \"description\": " << Quote(t.description)
        << ", \"verdict\": " << Quote(VerdictName(t.verdict))
        << ", \"ratio\": " << Number(t.ratio)
        << ", \"limit\": " << Number(t.limit)
        << ", \"detail\": " << Quote(t.detail) << "}";
  }
  out << "\n  ],\n";

  out << "  \"benchmarks\": [";
  bool first = true;
  for (const auto& [name, meas] : r.measured) {
    out << (first ? "" : ",") << "\n    {\"name\": " << Quote(name)
        << ", \"median_ns_per_op\": " << Number(meas.MedianNsPerOp())
        << ", \"ns_per_op\": [";
    for (std::size_t i = 0; i < meas.ns_per_op.size(); ++i) {
      out << (i ? ", " : "") << Number(meas.ns_per_op[i]);
    }
    out << "]";
    if (!meas.error.empty()) out << ", \"error\": " << Quote(meas.error);
    out << "}";
    first = false;
  }
  out << "\n  ],\n";
  out << "  \"go_benchmarks\": {";
  first = true;
  for (const auto& [name, ns] : r.go.medians) {
    out << (first ? "" : ", ") << Quote(name) << ": " << Number(ns);
    first = false;
  }
  out << "},\n";
  out << "  \"elapsed_s\": " << Number(r.elapsed_s) << "\n}\n";
}

}  // namespace go::tools::bench
