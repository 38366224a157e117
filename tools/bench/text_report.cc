// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/bench/benchmark_name.h"
#include "tools/bench/format.h"
#include "tools/bench/report.h"

namespace go::tools::bench {
namespace {

std::string Pad(const std::string& s, std::size_t width, bool right) {
  if (s.size() >= width) return s;
  std::string fill(width - s.size(), ' ');
  return right ? fill + s : s + fill;
}

std::string CellText(const Cell& cell) {
  if (cell.benchmark.empty()) return "n/a";
  if (!cell.ns) return "fail";
  std::string text = FormatNs(cell.ns);
  // absl::Notification stands in where a scenario has no BlockingCounter.
  if (cell.impl == kImplNotification) text += "*";
  return text;
}

}  // namespace

void WriteText(const Report& report, std::ostream& out) {
  const MachineInfo& m = report.machine;
  char settings[160];
  std::snprintf(settings, sizeof settings,
                "median ns/op of %d repetitions, >= %.3g s each",
                report.settings.repetitions, report.settings.min_time_s);
  out << "gosync tools:bench: " << settings << "\n";
  out << "machine: " << m.cpus << " CPUs, " << m.cpu_model << ", " << m.kernel
      << "; " << m.compiler
      << (m.optimized ? ", optimized" : ", NOT OPTIMIZED (use -c opt)") << "\n";
  if (!report.go_requested) {
    out << "Go: not run (--no-go)\n";
  } else if (!report.go.available) {
    out << kGoMissingHint << "\n";
  } else {
    out << "Go: " << report.go.version << ", median of "
        << report.go_settings.count
        << " x -benchtime=" << report.go_settings.benchtime
        << ", GOMAXPROCS=" << m.cpus << "\n";
    for (const std::string& p : report.go.problems) {
      out << "Go: " << p << "\n";
    }
  }
  out << "\n";

  std::vector<std::string> notes;
  std::vector<std::string> labels;
  for (const Row& row : report.rows) {
    std::string label = row.label;
    if (!row.note.empty()) {
      auto it = std::find(notes.begin(), notes.end(), row.note);
      if (it == notes.end()) it = notes.insert(notes.end(), row.note);
      label += " [" + std::to_string(it - notes.begin() + 1) + "]";
    }
    labels.push_back(label);
  }
  std::size_t label_width = 8;
  for (const std::string& l : labels)
    label_width = std::max(label_width, l.size());

  const std::size_t w = 11;  // "std::latch" and a space
  std::string header =
      Pad("scenario", label_width, false) + Pad("thr", 4, true);
  for (int c = 0; c < kNumColumns; ++c) {
    header += Pad(ColumnHeader(static_cast<Column>(c)), w, true);
  }
  header += Pad("Go", w, true) + Pad("/peer", 8, true) + Pad("/floor", 8, true);
  out << header << "\n" << std::string(header.size(), '-') << "\n";

  bool any_notification = false;
  bool in_primary = true;
  for (std::size_t i = 0; i < report.rows.size(); ++i) {
    const Row& row = report.rows[i];
    if (in_primary && !row.primary) {
      in_primary = false;
      out << "also measured:\n";
    }
    std::string line =
        Pad(labels[i], label_width, false) +
        Pad(row.threads > 0 ? std::to_string(row.threads) : "-", 4, true);
    for (const Cell& cell : row.cells) {
      line += Pad(CellText(cell), w, true);
      any_notification |= cell.impl == kImplNotification;
    }
    line += Pad(FormatNs(row.go_ns), w, true);
    line += Pad(FormatRatio(row.ratio_best_peer), 8, true);
    line += Pad(FormatRatio(row.ratio_floor), 8, true);
    out << line << "\n";
  }
  if (report.rows.empty()) {
    out << "(no rows: no linked benchmark matches the filter)\n";
  }
  out << "\n";
  out << "thr = threads running the benchmark (ns/op is wall time over all "
         "of their ops); /peer = gosync / fastest of std::latch, absl, "
         "mutex+cv; /floor = gosync / floor; n/a = not expressible or not "
         "measured; fail = the benchmark reported an error.\n";
  if (any_notification) {
    out << "* absl::Notification (the scenario has no BlockingCounter "
           "form).\n";
  }
  for (std::size_t i = 0; i < notes.size(); ++i) {
    out << "[" << i + 1 << "] " << notes[i] << "\n";
  }

  out << "\nperformance targets:\n";
  for (const TargetResult& t : report.targets) {
    // Three decimals, so that a ratio just over its limit does not print
    // as the limit itself ("1.00x  MISS").
    std::string ratio = t.ratio ? FormatRatio(t.ratio, 3) : "";
    out << Pad(VerdictName(t.verdict), 6, false)
        << Pad(t.description, 56, false) << Pad(ratio, 8, true) << "  "
        << t.detail << "\n";
  }
  char elapsed[64];
  std::snprintf(elapsed, sizeof elapsed, "\ntotal time %.0f s\n",
                report.elapsed_s);
  out << elapsed;
}

}  // namespace go::tools::bench
