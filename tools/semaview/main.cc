// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// tools:semaview: `tools/bazel run //tools:semaview -- --help`.

#include <charconv>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tools/semaview/semaview.h"

// A list of slots: "0,2,5-7" is {0, 2, 5, 6, 7}.
struct SlotList {
  std::vector<int> slots;
};

bool AbslParseFlag(absl::string_view text, SlotList* list, std::string* error) {
  list->slots.clear();
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::size_t dash = item.find('-', 1);
    absl::string_view a = item.substr(0, dash);
    absl::string_view b = dash == item.npos ? a : item.substr(dash + 1);
    int lo = 0, hi = 0;
    if (std::from_chars(a.data(), a.data() + a.size(), lo).ptr != a.end() ||
        std::from_chars(b.data(), b.data() + b.size(), hi).ptr != b.end() ||
        lo > hi || hi - lo > go::tools::semaview::kMaxSlot) {
      *error =
          "'" + std::string(item) + "' is not a number or a range like 2-5";
      return false;
    }
    for (int v = lo; v <= hi; ++v) list->slots.push_back(v);
  }
  return true;
}

std::string AbslUnparseFlag(const SlotList& list) {
  return absl::StrJoin(list.slots, ",");
}

ABSL_FLAG(SlotList, addrs, SlotList({{0, 1, 2, 3, 4, 5, 6}}),
          "slots to park on, e.g. 0,1,2 or 0-6");
ABSL_FLAG(SlotList, waiters, SlotList(),
          "threads per slot: one number for all, or one per slot");
ABSL_FLAG(SlotList, release, SlotList(), "slots to release, in order");
ABSL_FLAG(std::string, format, "text", "text, or dot (DOT alone on stdout)");

namespace {

constexpr char kUsage[] =
    "usage: tools/bazel run //tools:semaview -- [--addrs=SLOTS] "
    "[--waiters=N|LIST] [--release=SLOTS] [--format=text|dot] [--help]";

constexpr char kHelp[] =
    R"(tools:semaview: what does Go's semaphore table actually look like?

Parks real threads in semacquire on chosen addresses of a private SemTable,
waits until all are queued and prints the one root (of 251) they hash to, as
indented text or Graphviz DOT (how to read it: README.md); then releases
addresses one at a time, showing the tree after each step. Every parked
thread is released before it exits.

Addresses are slots: slot i is the word at byte offset i*251*8 of a buffer
semaview owns, so all slots hash to the same root. Thread ids (T1, T2, ...)
are gosync thread ids (go::runtime::CurrentThreadId).

  --addrs=SLOTS      slots to park on, e.g. 0,1,2 or 0-6 (default 0-6)
  --waiters=N|LIST   threads per slot: one number for all, or one per slot
                     (default 1,2,1,3,1,1,2 for the default slots, else 1)
  --release=SLOTS    wake the first waiter of each slot, in order, and show
                     the tree after each step, e.g. --release=3,1,1
  --format=F         text (default), or dot: DOT alone on stdout, for
                     `| dot -Tsvg > root.svg`
  --help             this text
)";

}  // namespace

int main(int argc, char** argv) {
  // Go: absl's --help lists flags by file and exits with status 1; here:
  // the text above and status 0; because that is what --help always did.
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 ||
        std::strcmp(argv[i], "-h") == 0) {
      std::cout << kHelp << "\n" << kUsage << "\n";
      return 0;
    }
  }
  absl::SetProgramUsageMessage(kUsage);
  absl::ParseCommandLine(argc, argv);
  go::tools::semaview::Options options;
  const std::vector<int> addrs = absl::GetFlag(FLAGS_addrs).slots;
  const std::vector<int> waiters = absl::GetFlag(FLAGS_waiters).slots;
  if (addrs != options.slots) options.waiters = {1};  // not the default tree
  options.slots = addrs;
  if (!waiters.empty()) options.waiters = waiters;
  options.release = absl::GetFlag(FLAGS_release).slots;
  const std::string format = absl::GetFlag(FLAGS_format);
  options.dot = format == "dot";
  std::string error = go::tools::semaview::Validate(options);
  if (format != "text" && format != "dot") {
    error = "--format must be text or dot, not '" + format + "'";
  }
  if (!error.empty()) {
    std::cerr << "semaview: " << error << "\n" << kUsage << "\n";
    return 2;
  }
  return go::tools::semaview::RunSemaview(options, std::cout, std::cerr);
}
