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

// Real threads blocked in SemTable::Acquire, so that the treap is the one the
// table builds for actual sleepers. Each is confirmed queued before the next
// starts, so every FIFO is in the order of the Park calls.
class ParkedThreads {
 public:
  explicit ParkedThreads(SemTable& table) : table_(table) {}
  ~ParkedThreads() { ReleaseAll(); }

  bool Park(std::uint32_t* word) {
    auto& w = waiters_.emplace_back(std::make_unique<Waiter>());
    w->word = word;
    w->thread = std::thread([this, me = w.get()] {
      me->id.store(go::runtime::CurrentThreadId());
      table_.Acquire(me->word);
      me->woke.store(true);
    });
    return PollUntil([&] {
      RootView view = table_.Walk(word);
      for (const auto& node : view.nodes) {
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

 private:
  struct Waiter {
    std::uint32_t* word = nullptr;
    std::atomic<std::uint64_t> id{0};  // published before Acquire
    std::atomic<bool> woke{false};
    bool joined = false;
    std::thread thread;
  };
  SemTable& table_;
  std::vector<std::unique_ptr<Waiter>> waiters_;
};

class Session {
 public:
  Session(const Options& options, std::ostream& out, std::ostream& err)
      : options_(options),
        out_(out),
        err_(err),
        info_(options.dot ? err : out),
        words_(*std::max_element(options.slots.begin(), options.slots.end()) +
               1) {}

  int Run() {
    // Round-robin over the addresses, so that each FIFO shows threads in
    // the order they arrived rather than in blocks.
    int parked = 0;
    for (int round = 0; round < kMaxWaitersPerSlot; ++round) {
      for (std::size_t i = 0; i < options_.slots.size(); ++i) {
        if (options_.waiters[i] <= round) continue;
        if (!threads_.Park(Word(options_.slots[i]))) {
          err_ << "semaview: a thread parking on slot " << options_.slots[i]
               << " did not show up queued within 10 s\n";
          return Finish(1);
        }
        ++parked;
      }
    }
    RootView view = table_.Walk(Word(options_.slots[0]));
    Show(view,
         "parked " + std::to_string(parked) + " threads on " +
             std::to_string(options_.slots.size()) + " addresses",
         0, {});

    int step = 0;
    for (int slot : options_.release) {
      ++step;
      std::uint32_t* word = Word(slot);
      std::optional<std::uint64_t> woke = threads_.ReleaseOne(word);
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
  std::uint32_t* Word(int slot) { return words_.Word(slot); }

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
    int released = threads_.ReleaseAll();
    info_ << "\nreleased the remaining " << released
          << " threads; all threads joined\n";
    return status;
  }

  const Options& options_;
  std::ostream& out_;
  std::ostream& err_;
  std::ostream& info_;  // step headers and notes; stderr with DOT
  // Declared before threads_: the threads must be joined before the table
  // and the words they wait on go away.
  CollidingWords words_;
  SemTable table_;
  ParkedThreads threads_{table_};
  bool failed_ = false;
};

}  // namespace

std::string Validate(Options& o) {
  if (o.slots.empty()) return "--addrs: give at least one slot";
  if (o.waiters.size() == 1) o.waiters.assign(o.slots.size(), o.waiters[0]);
  std::map<int, int> left;  // waiters per slot not yet released
  for (std::size_t i = 0; i < o.slots.size(); ++i) {
    const std::string slot = "slot " + std::to_string(o.slots[i]);
    if (o.slots[i] < 0 || o.slots[i] > kMaxSlot) {
      return "--addrs: " + slot + " is outside 0-" + std::to_string(kMaxSlot);
    }
    if (left.count(o.slots[i])) {
      return "--addrs: " + slot +
             " is given twice (use --waiters to park more threads on it)";
    }
    if (i < o.waiters.size()) left[o.slots[i]] = o.waiters[i];
  }
  if (o.waiters.size() != o.slots.size()) {
    return "--waiters: give one number for all addresses or one per address "
           "(" +
           std::to_string(o.slots.size()) + "), not " +
           std::to_string(o.waiters.size());
  }
  for (int w : o.waiters) {
    if (w < 1 || w > kMaxWaitersPerSlot) {
      return "--waiters: each address needs 1 to " +
             std::to_string(kMaxWaitersPerSlot) + " waiters, not " +
             std::to_string(w);
    }
  }
  int total = std::accumulate(o.waiters.begin(), o.waiters.end(), 0);
  if (total > kMaxThreads) {
    return "--waiters: " + std::to_string(total) + " threads in all; at most " +
           std::to_string(kMaxThreads);
  }
  // Every release must find a waiter: a release with nobody left on the
  // address would leave a count in the word and change nothing to show.
  for (int slot : o.release) {
    auto it = left.find(slot);
    if (it == left.end()) {
      return "--release: slot " + std::to_string(slot) +
             " is not one of --addrs";
    }
    if (it->second-- == 0) {
      return "--release: slot " + std::to_string(slot) +
             " is released more often than it has waiters";
    }
  }
  return "";
}

int RunSemaview(const Options& options, std::ostream& out, std::ostream& err) {
  Session session(options, out, err);
  return session.Run();
}

}  // namespace go::tools::semaview
