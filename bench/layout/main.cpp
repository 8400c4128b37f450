// dynamo-items-bench: the key-layout benchmark's executable, apart from the
// server so that the server carries none of it.
//
//   dynamo-items-bench layout FILE... [--csv FILE] [--svg FILE] [--ops N] [--seed N]
//
// See bench/layout/README.md.
#include <CLI/CLI.hpp>

#include "layout/command.h"

int main(int argc, char** argv) {
  namespace lb = dynamo_items::layout_bench;
  CLI::App app{"dynamo-items-bench: what a DynamoDB key layout costs", "dynamo-items-bench"};
  app.require_subcommand(1);
  lb::CommandOptions options;
  CLI::App* layout = app.add_subcommand(
      "layout", "Run key layouts' access patterns in memory: capacity units, latency, hot partitions");
  layout->add_option("FILE", options.files, "Layout files (JSON)")->required()->check(CLI::ExistingFile);
  layout->add_option("--csv", options.csv_path, "Also write the results as CSV")->type_name("FILE");
  layout->add_option("--svg", options.svg_path, "Also write a chart")->type_name("FILE");
  layout->add_option("--ops", options.operations, "Operations per layout")->capture_default_str()
      ->check(CLI::PositiveNumber);
  layout->add_option("--seed", options.seed, "Seed of the data and the operations")->capture_default_str();
  bool progress_always = false, progress_never = false;
  auto* progress_flag = layout->add_flag("--progress", progress_always, "Progress bars even when stderr is not a TTY");
  layout->add_flag("--no-progress", progress_never, "No progress bars")->excludes(progress_flag);
  CLI11_PARSE(app, argc, argv);
  options.progress = progress_always  ? lb::ProgressMode::kAlways
                     : progress_never ? lb::ProgressMode::kNever
                                      : lb::ProgressMode::kAuto;
  return lb::run_layout_command(options);
}
