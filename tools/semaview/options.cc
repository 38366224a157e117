// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/semaview/options.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace go::tools::semaview {
namespace {

bool ParseInt(std::string_view s, int& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// "0,2,5-7" -> {0, 2, 5, 6, 7}.
bool ParseList(const std::string& flag, std::string_view text,
               std::vector<int>& out, std::string& error) {
  out.clear();
  if (text.empty()) {
    error = flag + " needs a value, e.g. " + flag + "=0,1,2";
    return false;
  }
  while (true) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    std::size_t dash = item.find('-', 1);
    int lo = 0;
    int hi = 0;
    bool ok = dash == std::string_view::npos
                  ? ParseInt(item, lo) && ParseInt(item, hi)
                  : ParseInt(item.substr(0, dash), lo) &&
                        ParseInt(item.substr(dash + 1), hi);
    if (!ok || lo > hi || hi - lo > kMaxSlot) {
      error = flag + ": '" + std::string(item) +
              "' is not a number or a range like 2-5";
      return false;
    }
    for (int v = lo; v <= hi; ++v) out.push_back(v);
    if (comma == std::string_view::npos) return true;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace

bool ParseOptions(const std::vector<std::string>& args, Options& options,
                  std::string& error) {
  bool slots_given = false;
  bool waiters_given = false;
  for (const std::string& arg : args) {
    std::size_t eq = arg.find('=');
    std::string flag = arg.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    if (flag == "--help" || flag == "-h") {
      options.help = true;
    } else if (flag == "--addrs") {
      if (!ParseList(flag, value, options.slots, error)) return false;
      slots_given = true;
    } else if (flag == "--waiters") {
      if (!ParseList(flag, value, options.waiters, error)) return false;
      waiters_given = true;
    } else if (flag == "--release") {
      if (!ParseList(flag, value, options.release, error)) return false;
    } else if (flag == "--svg") {
      if (value.empty()) {
        error = "--svg needs a file name, e.g. --svg=/tmp/root.svg";
        return false;
      }
      options.svg = value;
    } else if (flag == "--format") {
      if (value == "auto") {
        options.format = Format::kAuto;
      } else if (value == "both") {
        options.format = Format::kBoth;
      } else if (value == "text") {
        options.format = Format::kText;
      } else if (value == "dot") {
        options.format = Format::kDot;
      } else {
        error = "--format must be auto, both, text or dot, not '" + value + "'";
        return false;
      }
    } else if (flag == "--timeout") {
      char* end = nullptr;
      double s = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !(s > 0 && s <= 600)) {
        error = "--timeout needs seconds in (0, 600], got '" + value + "'";
        return false;
      }
      options.timeout_s = s;
    } else {
      error = "unknown argument '" + arg + "'";
      return false;
    }
  }

  // The defaults draw a tree of seven addresses with FIFOs of different
  // lengths, which shows all three structures at once.
  if (!slots_given) options.slots = {0, 1, 2, 3, 4, 5, 6};
  if (!waiters_given) {
    options.waiters = slots_given ? std::vector<int>{1}
                                  : std::vector<int>{1, 2, 1, 3, 1, 1, 2};
  }
  if (options.waiters.size() == 1) {
    options.waiters.assign(options.slots.size(), options.waiters[0]);
  }

  std::map<int, int> count;
  for (int slot : options.slots) {
    if (slot < 0 || slot > kMaxSlot) {
      error = "--addrs: slot " + std::to_string(slot) + " is outside 0-" +
              std::to_string(kMaxSlot);
      return false;
    }
    if (++count[slot] > 1) {
      error = "--addrs: slot " + std::to_string(slot) +
              " is given twice (use --waiters to park more threads on it)";
      return false;
    }
  }
  if (options.waiters.size() != options.slots.size()) {
    error =
        "--waiters: give one number for all addresses or one per address "
        "(" +
        std::to_string(options.slots.size()) + "), not " +
        std::to_string(options.waiters.size());
    return false;
  }
  for (int w : options.waiters) {
    if (w < 1 || w > kMaxWaitersPerSlot) {
      error = "--waiters: each address needs 1 to " +
              std::to_string(kMaxWaitersPerSlot) + " waiters, not " +
              std::to_string(w);
      return false;
    }
  }
  int total =
      std::accumulate(options.waiters.begin(), options.waiters.end(), 0);
  if (total > kMaxThreads) {
    error = "--waiters: " + std::to_string(total) +
            " threads in all; at most " + std::to_string(kMaxThreads);
    return false;
  }
  // Every release must find a waiter: a release with nobody left on the
  // address would leave a count in the word and change nothing to show.
  std::map<int, int> left;
  for (std::size_t i = 0; i < options.slots.size(); ++i) {
    left[options.slots[i]] = options.waiters[i];
  }
  for (int slot : options.release) {
    auto it = left.find(slot);
    if (it == left.end()) {
      error =
          "--release: slot " + std::to_string(slot) + " is not one of --addrs";
      return false;
    }
    if (it->second-- == 0) {
      error = "--release: slot " + std::to_string(slot) +
              " is released more often than it has waiters";
      return false;
    }
  }
  return true;
}

const char* HelpText() {
  return R"(tools:semaview: what does Go's semaphore table actually look like?

Parks real threads in semacquire on chosen addresses of a private SemTable,
waits until all of them are queued, and prints the one root (of 251) that
those addresses hash to: as indented text and as Graphviz DOT, and as a
picture with --svg. Then it can release addresses one at a time and show
the tree after each step. Every parked thread is released before it exits.

What you see: one tree node per distinct address that has waiters. The tree
is a binary search tree by address (prev holds smaller addresses, next
larger) and at the same time a min-heap by ticket (a random number drawn
when the address got its node; every node's ticket is smaller than its
children's), which keeps the tree balanced in expectation: O(log n) per
operation for n addresses. Each node heads the FIFO of threads waiting on
its address (its waitlink list); a release wakes the first of them. When it
was not the last, the next thread takes its place in the tree (head
replacement: same ticket, same position). When it was the last, the node is
rotated down, lifting the child with the smaller ticket each time, until it
is a leaf, and then unlinked (removal).

Addresses are slots: slot i is the word at byte offset i*251*8 of a buffer
semaview owns, so all slots hash to the same root. Thread ids (T1, T2, ...)
are gosync thread ids (go::runtime::CurrentThreadId).

  --addrs=SLOTS      slots to park on, e.g. 0,1,2 or 0-6 (default 0-6)
  --waiters=N|LIST   threads per slot: one number for all, or one per slot
                     (default 1,2,1,3,1,1,2 for the default slots, else 1)
  --release=SLOTS    wake the first waiter of each slot, in order, and show
                     the tree after each step, e.g. --release=3,1,1
  --svg=FILE         also write the picture(s) with Graphviz's dot: FILE for
                     the full tree, FILE-stepK.svg after release step K
  --format=F         auto (default: text and DOT for the full tree, text
                     after each step), both, text, or dot (DOT alone on
                     stdout, for `| dot -Tsvg`)
  --timeout=S        seconds to wait for a thread to queue or wake (10)
  --help             this text
)";
}

}  // namespace go::tools::semaview
