#include "layout/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace dynamo_items::layout_bench {

namespace {

constexpr double kShowAfterSeconds = 1.0;
constexpr double kRedrawSeconds = 0.1;
constexpr int kWidth = 28;

std::string grouped(std::int64_t v) {
  std::string digits = std::to_string(v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

ProgressBar::ProgressBar(std::string label, std::string unit, std::int64_t total, ProgressMode mode)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(std::max<std::int64_t>(total, 1)),
      tty_(isatty(STDERR_FILENO) == 1),
      enabled_(mode == ProgressMode::kAlways || (mode == ProgressMode::kAuto && tty_)),
      start_(Clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::int64_t done) {
  last_done_ = done;
  // Reading the clock costs about 20 ns; once per 64 calls keeps it invisible.
  if (!enabled_ || (++calls_ & 63) != 0) return;
  const auto now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < kShowAfterSeconds || std::chrono::duration<double>(now - last_draw_).count() < kRedrawSeconds)
    return;
  last_draw_ = now;
  shown_ = true;
  draw(done, elapsed);
}

void ProgressBar::finish() {
  if (finished_) return;
  finished_ = true;
  if (!shown_) return;
  draw(last_done_, std::chrono::duration<double>(Clock::now() - start_).count());
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

void ProgressBar::draw(std::int64_t done, double seconds) {
  const double fraction = std::clamp(static_cast<double>(done) / static_cast<double>(total_), 0.0, 1.0);
  const int filled = static_cast<int>(fraction * kWidth + 0.5);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kWidth - filled), '.');
  // On a terminal, erase what a longer previous line left; elsewhere (a log)
  // the escape would only be noise.
  std::fprintf(stderr, "\r%-10s [%s] %3d%%  %s/%s %s  %.1f s%s", label_.c_str(), bar.c_str(),
               static_cast<int>(fraction * 100.0), grouped(done).c_str(), grouped(total_).c_str(),
               unit_.c_str(), seconds, tty_ ? "\x1b[K" : "");
  std::fflush(stderr);
}

}  // namespace dynamo_items::layout_bench
