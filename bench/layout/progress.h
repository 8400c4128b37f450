// A progress bar on stderr for benchmark phases (loading, running):
//
//   running    [##############..........]  58%   58,000/100,000 ops   1.4 s
//
// It appears only once a phase has taken more than a second, and only when
// stderr is a terminal (ProgressMode::kAuto) unless forced (kAlways), so short
// runs and logs stay clean. Redraws at most ten times a second; update() is
// cheap enough to call once per operation.
//
// Not thread-safe: one phase, one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace dynamo_items::layout_bench {

enum class ProgressMode { kAuto, kAlways, kNever };

class ProgressBar {
 public:
  ProgressBar(std::string label, std::string unit, std::int64_t total, ProgressMode mode);
  ~ProgressBar();  // finish()
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(std::int64_t done);
  // Draws the final state (when the bar was shown) and ends its line.
  void finish();

 private:
  void draw(std::int64_t done, double seconds);

  using Clock = std::chrono::steady_clock;
  std::string label_, unit_;
  std::int64_t total_;
  bool tty_;  // before enabled_, which is computed from it
  bool enabled_;
  bool shown_ = false;
  bool finished_ = false;
  std::int64_t last_done_ = 0;
  std::uint32_t calls_ = 0;
  Clock::time_point start_, last_draw_;
};

}  // namespace dynamo_items::layout_bench
