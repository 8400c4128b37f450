// `dynamo-items bench layout FILE... [--csv out.csv] [--svg out.svg] [--ops N] [--seed S]`:
// parses each layout file, runs it on a fresh in-memory engine, prints the
// terminal report on stdout and writes the CSV and SVG reports when asked.
// Returns the process exit code: 0, 1 when a run failed, 2 for a bad layout
// file or an unwritable output. Progress bars go to stderr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "layout/progress.h"

namespace dynamo_items::layout_bench {

struct CommandOptions {
  std::vector<std::string> files;
  std::string csv_path;  // empty: no CSV
  std::string svg_path;  // empty: no chart
  std::int64_t operations = 100000;
  std::uint64_t seed = 42;
  ProgressMode progress = ProgressMode::kAuto;
};

int run_layout_command(const CommandOptions& options);

}  // namespace dynamo_items::layout_bench
