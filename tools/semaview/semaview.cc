// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/semaview/semaview.h"

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "sema/semtable.h"
#include "tools/common/subprocess.h"
#include "tools/semaview/explain.h"
#include "tools/semaview/options.h"
#include "tools/semaview/parked_threads.h"
#include "tools/semaview/render.h"

namespace go::tools::semaview {
namespace {

using go::runtime::RootView;
using go::runtime::SemTable;

constexpr char kLegend[] =
    "BST by address (prev < node < next), min-heap by ticket (parent < "
    "children), FIFO of waiting threads per address";

// `bazel run` starts the tool in its runfiles tree; a relative --svg means
// relative to where the user typed the command.
std::string ResolveOutputPath(const std::string& path) {
  const char* cwd = std::getenv("BUILD_WORKING_DIRECTORY");
  if (path.empty() || path[0] == '/' || cwd == nullptr) return path;
  return std::string(cwd) + "/" + path;
}

// "out.svg" -> "out-step2.svg".
std::string StepPath(const std::string& path, int step) {
  std::string suffix = "-step" + std::to_string(step);
  std::size_t dot = path.rfind('.');
  std::size_t slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
    return path + suffix;
  }
  return path.substr(0, dot) + suffix + path.substr(dot);
}

bool WriteSvg(const std::string& dot, const std::string& path,
              std::ostream& out, std::ostream& err) {
  Command c;
  c.argv = {"dot", "-Tsvg", "-o", path};
  c.input = dot;
  c.timeout = std::chrono::seconds(30);
  CommandResult r = RunCommand(c);
  if (!r.started || r.exit_status != 0) {
    err << "semaview: dot could not write " << path << ": " << r.output << "\n";
    return false;
  }
  out << "wrote " << path << "\n";
  return true;
}

class Session {
 public:
  Session(const Options& options, std::ostream& out, std::ostream& err)
      : options_(options),
        out_(out),
        err_(err),
        info_(options.format == Format::kDot ? err : out),
        timeout_(static_cast<long long>(options.timeout_s * 1000)) {
    int max_slot = 0;
    for (int s : options.slots) max_slot = std::max(max_slot, s);
    // uint64_t cells: slot i is cell i*251, 8-byte aligned, so all slots
    // share (addr >> 3) % 251.
    buffer_.assign(
        static_cast<std::size_t>(max_slot + 1) * go::runtime::kSemTabSize, 0);
    naming_.base = reinterpret_cast<std::uintptr_t>(buffer_.data());
  }

  int Run() {
    svg_ok_ = true;
    if (!options_.svg.empty() && FindOnPath("dot").empty()) {
      err_ << "semaview: --svg needs Graphviz's `dot`, which is not on PATH; "
              "install it with `apt-get install graphviz`. Printing text "
              "and DOT only.\n";
      svg_ok_ = false;
    }
    if (!ParkAll()) return Finish(1);
    RootView view = table_.Walk(Word(options_.slots[0]));
    Show(view,
         "parked " + std::to_string(parked_) + " threads on " +
             std::to_string(options_.slots.size()) + " addresses",
         0, {});

    int step = 0;
    for (int slot : options_.release) {
      ++step;
      std::uint32_t* word = Word(slot);
      auto addr = reinterpret_cast<std::uintptr_t>(word);
      std::string error;
      std::optional<std::uint64_t> woke =
          threads_->ReleaseOne(word, timeout_, error);
      if (!woke) {
        err_ << "semaview: release of slot " << slot << ": " << error << "\n";
        return Finish(1);
      }
      RootView after = table_.Walk(word);
      Explanation e = ExplainRelease(view, after, addr, naming_);
      info_ << "\n== step " << step << ": Semrelease(slot " << slot << ") woke "
            << Naming::Thread(*woke) << "\n";
      if (*woke != e.woken) {
        err_ << "semaview: FIFO violated: " << Naming::Thread(e.woken)
             << " was first on slot " << slot << ", but "
             << Naming::Thread(*woke) << " woke\n";
        failed_ = true;
      }
      for (const std::string& line : e.steps) info_ << "   " << line << "\n";
      if (!e.matches) {
        err_ << "semaview: the table's tree differs from Go's dequeue: "
             << e.mismatch << "\n";
        failed_ = true;
      }
      Show(after,
           "after step " + std::to_string(step) + ": release slot " +
               std::to_string(slot),
           step, e.touched);
      view = std::move(after);
    }
    return Finish(failed_ ? 1 : 0);
  }

 private:
  std::uint32_t* Word(int slot) {
    return reinterpret_cast<std::uint32_t*>(
        &buffer_[static_cast<std::size_t>(slot) * go::runtime::kSemTabSize]);
  }

  // Round-robin over the addresses, so that each FIFO shows threads in the
  // order they arrived rather than in blocks.
  bool ParkAll() {
    threads_ = std::make_unique<ParkedThreads>(table_);
    for (int round = 0;; ++round) {
      bool any = false;
      for (std::size_t i = 0; i < options_.slots.size(); ++i) {
        if (options_.waiters[i] <= round) continue;
        any = true;
        std::string error;
        if (!threads_->Park(Word(options_.slots[i]), timeout_, error)) {
          err_ << "semaview: parking on slot " << options_.slots[i] << ": "
               << error << "\n";
          return false;
        }
        ++parked_;
      }
      if (!any) return true;
    }
  }

  void Show(const RootView& view, const std::string& what, int step,
            const std::vector<std::uintptr_t>& highlight) {
    std::string title = "semaRoot " + std::to_string(view.index) + ": " + what +
                        "\\n" + kLegend;
    std::string dot = RenderDot(view, naming_, title, highlight);
    if (options_.format != Format::kDot) {
      if (step == 0) out_ << kLegend << "\n";
      out_ << RenderText(view, naming_);
    }
    bool show_dot = options_.format == Format::kDot ||
                    options_.format == Format::kBoth ||
                    (options_.format == Format::kAuto && step == 0);
    if (show_dot) out_ << "\n" << dot;
    if (!view.damage.empty()) failed_ = true;
    if (!options_.svg.empty() && svg_ok_) {
      std::string path = ResolveOutputPath(options_.svg);
      if (step > 0) path = StepPath(path, step);
      if (!WriteSvg(dot, path, info_, err_)) svg_ok_ = false;
    }
  }

  int Finish(int status) {
    int released = threads_ ? threads_->ReleaseAll() : 0;
    info_ << "\nreleased the remaining " << released
          << " threads; all threads joined\n";
    if (!options_.svg.empty() && !svg_ok_ && status == 0) status = 1;
    return status;
  }

  const Options& options_;
  std::ostream& out_;
  std::ostream& err_;
  std::ostream& info_;  // step headers and notes; stderr with --format=dot
  std::chrono::milliseconds timeout_;
  std::vector<std::uint64_t> buffer_;
  Naming naming_;
  // Declared before threads_: the threads must be joined (threads_
  // destroyed) before the table and the words they wait on go away.
  SemTable table_;
  std::unique_ptr<ParkedThreads> threads_;
  int parked_ = 0;
  bool failed_ = false;
  bool svg_ok_ = true;
};

}  // namespace

int RunSemaview(const std::vector<std::string>& args, std::ostream& out,
                std::ostream& err) {
  Options options;
  std::string error;
  if (!ParseOptions(args, options, error)) {
    err << "semaview: " << error << "\n" << kUsage << "\n";
    return 2;
  }
  if (options.help) {
    out << HelpText() << "\n" << kUsage << "\n";
    return 0;
  }
  Session session(options, out, err);
  return session.Run();
}

}  // namespace go::tools::semaview
