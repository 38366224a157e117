// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.

#include "tools/semaview/semaview.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"

namespace go::tools::semaview {
namespace {

using go::runtime::RootView;
using go::runtime::SemTable;

constexpr char kLegend[] =
    "BST by address (prev < node < next), min-heap by ticket (parent < "
    "children), FIFO of waiting threads per address";
constexpr auto kTimeout = std::chrono::seconds(10);

// Polls `done` until it holds or kTimeout passes: the only signal of
// "queued" the table offers is what Walk shows.
template <typename Predicate>
bool PollUntil(Predicate done) {
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

// One run: real threads blocked in SemTable::Acquire on the slots' words of
// a private table, so that the treap is the one the table builds for actual
// sleepers. Each thread is confirmed queued before the next starts, so every
// FIFO is in the order of the Park calls.
class Session {
 public:
  Session(const Options& options, std::ostream& out, std::ostream& err)
      : options_(options),
        out_(out),
        err_(err),
        info_(options.dot ? err : out),
        words_(*std::max_element(options.slots.begin(), options.slots.end()) +
               1) {}
  ~Session() { ReleaseAll(); }

  int Run() {
    // Round-robin over the addresses, so that each FIFO shows threads in
    // the order they arrived rather than in blocks.
    int parked = 0;
    for (int round = 0; round < kMaxWaitersPerSlot; ++round) {
      for (std::size_t i = 0; i < options_.slots.size(); ++i) {
        if (options_.waiters[i] <= round) continue;
        if (!Park(words_.Word(options_.slots[i]))) {
          err_ << "semaview: a thread parking on slot " << options_.slots[i]
               << " did not show up queued within 10 s\n";
          return Finish(1);
        }
        ++parked;
      }
    }
    RootView view = table_.Walk(words_.Word(options_.slots[0]));
    Show(view,
         "parked " + std::to_string(parked) + " threads on " +
             std::to_string(options_.slots.size()) + " addresses",
         0, {});

    int step = 0;
    for (int slot : options_.release) {
      ++step;
      std::uint32_t* word = words_.Word(slot);
      std::optional<std::uint64_t> woke = ReleaseOne(word);
      if (!woke) {
        err_ << "semaview: release of slot " << slot
             << ": no thread woke within 10 s\n";
        return Finish(1);
      }
      RootView after = table_.Walk(word);
      Explanation e = ExplainRelease(
          view, after, reinterpret_cast<std::uintptr_t>(word), words_);
      info_ << "\n== step " << step << ": Semrelease(slot " << slot << ") woke "
            << ThreadName(*woke) << "\n";
      if (*woke != e.woken) {
        err_ << "semaview: FIFO violated: " << ThreadName(e.woken)
             << " was first on slot " << slot << ", but " << ThreadName(*woke)
             << " woke\n";
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
  struct Waiter {
    std::uint32_t* word = nullptr;
    std::atomic<std::uint64_t> id{0};  // published before Acquire
    std::atomic<bool> woke{false};
    bool joined = false;
    std::thread thread;
  };

  // Starts a thread that blocks on `word`; whether it queued within 10 s.
  bool Park(std::uint32_t* word) {
    Waiter* w = waiters_.emplace_back(std::make_unique<Waiter>()).get();
    w->word = word;
    w->thread = std::thread([this, w] {
      w->id.store(go::runtime::CurrentThreadId());
      table_.Acquire(w->word);
      w->woke.store(true);
    });
    return PollUntil([&] {
      for (const auto& node : table_.Walk(word).nodes) {
        if (node.addr == reinterpret_cast<std::uintptr_t>(word)) {
          return std::count(node.waiters.begin(), node.waiters.end(),
                            w->id.load()) > 0;
        }
      }
      return false;
    });
  }

  // Release(word) once; the id of the thread that woke, once it has.
  std::optional<std::uint64_t> ReleaseOne(std::uint32_t* word) {
    table_.Release(word);
    Waiter* woken = nullptr;
    PollUntil([&] {
      for (auto& w : waiters_) {
        if (w->word == word && !w->joined && w->woke.load()) woken = w.get();
      }
      return woken != nullptr;
    });
    if (woken == nullptr) return std::nullopt;
    woken->thread.join();
    woken->joined = true;
    return woken->id.load();
  }

  // Gives every word as many counts as it has threads still parked
  // (ReleaseN) and joins them all. Returns how many.
  int ReleaseAll() {
    std::map<std::uint32_t*, std::uint32_t> left;
    for (auto& w : waiters_) {
      if (!w->joined) ++left[w->word];
    }
    for (auto [word, n] : left) table_.ReleaseN(word, n);
    int released = 0;
    for (auto& w : waiters_) {
      if (w->joined || !w->thread.joinable()) continue;
      w->thread.join();
      w->joined = true;
      ++released;
    }
    return released;
  }

  void Show(const RootView& view, const std::string& what, int step,
            const std::vector<std::uintptr_t>& highlight) {
    if (options_.dot) {
      out_ << "\n"
           << RenderDot(view, words_,
                        "semaRoot " + std::to_string(view.index) + ": " + what +
                            "\\n" + kLegend,
                        highlight);
    } else {
      if (step == 0) out_ << kLegend << "\n";
      out_ << go::runtime::DescribeRoot(
          view, [this](std::uintptr_t addr) { return SlotName(words_, addr); });
    }
    if (!view.damage.empty()) failed_ = true;
  }

  int Finish(int status) {
    int released = ReleaseAll();
    info_ << "\nreleased the remaining " << released
          << " threads; all threads joined\n";
    return status;
  }

  const Options& options_;
  std::ostream& out_;
  std::ostream& err_;
  std::ostream& info_;  // step headers and notes; stderr with DOT
  CollidingWords words_;
  SemTable table_;
  // The threads are joined (by Finish, or the destructor) before the table
  // and the words they wait on go away.
  std::vector<std::unique_ptr<Waiter>> waiters_;
  bool failed_ = false;
};

}  // namespace

std::string Validate(Options& o) {
  if (o.slots.empty()) return "--addrs: give at least one slot";
  if (o.waiters.size() == 1) o.waiters.assign(o.slots.size(), o.waiters[0]);
  std::map<int, int> left;  // waiters per slot not yet released
  for (std::size_t i = 0; i < o.slots.size(); ++i) {
    if (o.slots[i] < 0 || o.slots[i] > kMaxSlot) {
      return absl::StrCat("--addrs: slot ", o.slots[i], " is outside 0-",
                          kMaxSlot);
    }
    if (left.count(o.slots[i])) {
      return absl::StrCat("--addrs: slot ", o.slots[i], " is given twice ",
                          "(use --waiters to park more threads on it)");
    }
    if (i < o.waiters.size()) left[o.slots[i]] = o.waiters[i];
  }
  if (o.waiters.size() != o.slots.size()) {
    return absl::StrCat("--waiters: give one number for all addresses or ",
                        "one per address (", o.slots.size(), "), not ",
                        o.waiters.size());
  }
  for (int w : o.waiters) {
    if (w < 1 || w > kMaxWaitersPerSlot) {
      return absl::StrCat("--waiters: each address needs 1 to ",
                          kMaxWaitersPerSlot, " waiters, not ", w);
    }
  }
  int total = std::accumulate(o.waiters.begin(), o.waiters.end(), 0);
  if (total > kMaxThreads) {
    return absl::StrCat("--waiters: ", total, " threads in all; at most ",
                        kMaxThreads);
  }
  // Every release must find a waiter: a release with nobody left on the
  // address would leave a count in the word and change nothing to show.
  for (int slot : o.release) {
    auto it = left.find(slot);
    if (it == left.end()) {
      return absl::StrCat("--release: slot ", slot, " is not one of --addrs");
    }
    if (it->second-- == 0) {
      return absl::StrCat("--release: slot ", slot,
                          " is released more often than it has waiters");
    }
  }
  return "";
}

int RunSemaview(const Options& options, std::ostream& out, std::ostream& err) {
  Session session(options, out, err);
  return session.Run();
}

}  // namespace go::tools::semaview
