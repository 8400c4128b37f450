// Reports of the layout benchmark, from one or more LayoutRuns (several
// layouts of the same application compare best when their access patterns
// share names):
//   terminal_report   per layout: the data loaded and a table of every
//                     pattern and the whole mix; with several layouts, a
//                     side-by-side table of capacity, latency and requests
//   csv_report        one row per layout and pattern (and "(mix)"), with a
//                     header; units in the column names
//   svg_report        a chart: capacity units per 1M operations (reads solid,
//                     writes light) and latency (p50, p99, p999 on a log
//                     scale), one bar per layout in each pattern's group
// All return text; callers decide where it goes. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "layout/runner.h"

namespace dynamo_items::layout_bench {

struct ReportInfo {
  std::int64_t operations = 0;
  std::uint64_t seed = 0;
};

std::string terminal_report(const std::vector<LayoutRun>& runs, const ReportInfo& info);
std::string csv_report(const std::vector<LayoutRun>& runs);
std::string svg_report(const std::vector<LayoutRun>& runs, const ReportInfo& info);

// Pattern names in order of first appearance across runs, then "(mix)".
std::vector<std::string> pattern_rows(const std::vector<LayoutRun>& runs);
// The run's result for a pattern name, or nullptr.
const PatternResult* find_pattern(const LayoutRun& run, const std::string& name);

}  // namespace dynamo_items::layout_bench
