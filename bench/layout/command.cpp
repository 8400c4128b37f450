#include "layout/command.h"

#include <cstdio>
#include <fstream>

#include "layout/layout_file.h"
#include "layout/report.h"
#include "layout/runner.h"

namespace dynamo_items::layout_bench {

namespace {

bool write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) {
    std::fprintf(stderr, "dynamo-items-bench layout: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

}  // namespace

int run_layout_command(const CommandOptions& options) {
  // Every file is parsed before anything runs, so a typo in the last one
  // does not cost the runs of the others.
  std::vector<Layout> layouts;
  for (const std::string& file : options.files) {
    ParsedLayout parsed = load_layout_file(file);
    if (!parsed.layout) {
      std::fprintf(stderr, "dynamo-items-bench layout: %s\n", parsed.error.c_str());
      return 2;
    }
    layouts.push_back(std::move(*parsed.layout));
  }
  std::vector<LayoutRun> runs;
  bool failed = false;
  for (const Layout& layout : layouts) {
    if (options.progress != ProgressMode::kNever) std::fprintf(stderr, "layout %s\n", layout.name.c_str());
    runs.push_back(run_layout(layout, {options.operations, options.seed, options.progress}));
    if (!runs.back().error.empty()) {
      std::fprintf(stderr, "dynamo-items-bench layout: %s: %s\n", layout.name.c_str(),
                   runs.back().error.c_str());
      failed = true;
    }
  }
  const ReportInfo info{options.operations, options.seed};
  std::fputs(terminal_report(runs, info).c_str(), stdout);
  std::fflush(stdout);
  if (!options.csv_path.empty() && !write_file(options.csv_path, csv_report(runs))) return 2;
  if (!options.svg_path.empty() && !write_file(options.svg_path, svg_report(runs, info))) return 2;
  return failed ? 1 : 0;
}

}  // namespace dynamo_items::layout_bench
