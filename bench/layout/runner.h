// The layout benchmark's runner: creates a layout's tables in a fresh
// in-memory Engine, loads its data through Engine::execute (BatchWriteItem,
// 25 items a request), runs the weighted mix of access patterns with
// ReturnConsumedCapacity TOTAL (INDEXES when the layout has indexes), and
// measures each pattern.
//
// Usage:
//   LayoutRun run = run_layout(layout, {.operations = 100000, .seed = 42});
//   if (!run.error.empty()) ...;   // an operation failed: a layout DynamoDB would refuse
//   for (const PatternResult& p : run.patterns) ...
//
// What is measured: one pattern operation is all of its requests, on one
// partition chosen by the layout's skew.
//   latency    wall-clock time inside Engine::execute (building requests and
//              reading responses is not counted), one thread, so ops/s is
//              1 / mean latency; the thread's CPU time in the same calls is
//              kept too, as it barely moves when other processes compete for
//              the cores
//   capacity   the ConsumedCapacity the engine returns
//   items read ScannedCount for a Query, 1 for a GetItem that found its item
//   partitions requests per partition key value, the unit DynamoDB's
//              per-partition limits (3,000 RCU, 1,000 WCU per second) apply
//              to, counted in each key space (a table or an index) separately
//
// Thread safety: run_layout() uses only its own engine; calls may run in parallel.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "layout/layout_file.h"
#include "layout/progress.h"

namespace dynamo_items::layout_bench {

struct RunOptions {
  std::int64_t operations = 100000;  // pattern operations in the timed mix
  std::uint64_t seed = 42;
  ProgressMode progress = ProgressMode::kAuto;
};

struct PatternResult {
  std::string name;  // "(mix)" for the whole mix
  double weight = 0;
  std::int64_t operations = 0;
  std::int64_t requests = 0;
  double seconds = 0;      // wall-clock time inside Engine::execute
  double cpu_seconds = 0;  // the thread's CPU time inside Engine::execute
  double p50_us = 0, p99_us = 0, p999_us = 0;
  double read_units = 0, write_units = 0;  // totals
  std::int64_t items_read = 0;
  std::int64_t items_returned = 0;
  double hottest_partition_share = 0;  // share of requests on the single hottest partition key
  double hottest_1pct_share = 0;    // share of requests on the hottest 1% of each key space's partition keys
  std::int64_t partition_keys = 0;  // partition keys in the tables and indexes the pattern touches

  double ops_per_second() const { return seconds > 0 ? static_cast<double>(operations) / seconds : 0; }
  double cpu_us_per_op() const { return per_op(cpu_seconds) * 1e6; }
  double per_op(double total) const { return operations > 0 ? total / static_cast<double>(operations) : 0; }
  double requests_per_op() const { return per_op(static_cast<double>(requests)); }
  double rcu_per_op() const { return per_op(read_units); }
  double wcu_per_op() const { return per_op(write_units); }
  double items_read_per_op() const { return per_op(static_cast<double>(items_read)); }
};

struct ItemTypeVolume {
  std::string item_type;
  std::string table;
  std::int64_t items = 0;
  std::int64_t bytes = 0;  // DynamoDB item sizes, summed
};

struct LayoutRun {
  std::string layout;
  std::string error;  // empty on success
  std::vector<ItemTypeVolume> volume;
  double load_seconds = 0;
  std::vector<PatternResult> patterns;  // in the layout's order
  PatternResult mix;                    // every operation of the run
  std::vector<std::string> notes;       // caveats about the figures, for the report
};

LayoutRun run_layout(const Layout& layout, const RunOptions& options);

}  // namespace dynamo_items::layout_bench
