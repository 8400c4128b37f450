// Query scaling benchmark: does a Query that returns 10 items cost the same
// whether its partition holds 10^3 or 10^6 items?
//
// An in-memory Engine is grown step by step (10^3, 10^4, 10^5, 10^6 items) and
// after each step runs Queries through Engine::execute, exactly as the server
// does (minus HTTP):
//   range     sk BETWEEN :a AND :b, a random window of 10 consecutive items
//   latest    sk <= :a, ScanIndexForward false, Limit 10 (the newest 10 before a point)
// and reports the items read per query (ScannedCount, which counts every item
// the read loop decoded) and the latency percentiles. Two layouts:
//   one partition        every item in one partition
//   100 partitions       the same number of items spread over 100 partitions
//
// Usage: query_scaling [max_items (default 1000000)] [queries per row (default 2000)]
//                      [partition counts (default "1,100")]
// QUERY_SCALING_DIR=DIR runs the engine on disk under DIR instead of in memory.
// Exits non-zero when a query reads or returns anything but 10 items.
#include <rapidjson/document.h>
#include <rocksdb/db.h>
#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "dynamo_items/engine.h"
#include "engine_impl.h"

using dynamo_items::AttributeValue;
using dynamo_items::Engine;
using dynamo_items::Item;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kResultSize = 10;
const char* kTable = "events";

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "query_scaling: %s\n", what.c_str());
  std::exit(1);
}

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  if (d.HasParseError()) die("bad request JSON: " + json);
  return d;
}

rapidjson::Document run(Engine& engine, const char* op, const rapidjson::Document& request) {
  auto res = engine.execute(op, request);
  if (!res.ok()) die(std::string(op) + " failed: " + res.error().type() + ": " + res.error().message());
  return std::move(res.value());
}

// Sort keys are zero-padded so that string order is insertion order.
std::string sort_key(std::int64_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "evt#%012" PRId64, i);
  return buf;
}

std::string partition_key(int p) { return "device#" + std::to_string(p); }

struct Layout {
  const char* name;
  int partitions;
};

class Loader {
 public:
  Loader(Engine& engine, int partitions) : engine_(engine), partitions_(partitions) {}

  // Grows the table to `total` items, spread round-robin over the partitions
  // (each partition's sort keys are 0, 1, 2, ... in its own sequence).
  void grow_to(std::int64_t total) {
    for (; loaded_ < total; ++loaded_) {
      const int p = static_cast<int>(loaded_ % partitions_);
      const std::int64_t seq = loaded_ / partitions_;
      Item item;
      item.emplace("pk", AttributeValue::string(partition_key(p)));
      item.emplace("sk", AttributeValue::string(sort_key(seq)));
      item.emplace("seq", AttributeValue::number(std::to_string(seq)));
      item.emplace("kind", AttributeValue::string(seq % 3 == 0 ? "command" : "log"));
      item.emplace("payload", AttributeValue::string("status=ok;retry=0;source=bench"));
      auto res = engine_.put_item(kTable, std::move(item));
      if (!res.ok()) die("put_item failed: " + res.error().message());
    }
  }

  std::int64_t per_partition() const { return loaded_ / partitions_; }

 private:
  Engine& engine_;
  int partitions_;
  std::int64_t loaded_ = 0;
};

// Flushes the memtables and waits for RocksDB's background compactions, so
// every size is measured on a settled store rather than mid-compaction.
void settle(Engine& engine) {
  rocksdb::DB* db = engine.impl().store.db();
  db->Flush(rocksdb::FlushOptions());
  for (int i = 0; i < 12000; ++i) {  // at most two minutes
    std::uint64_t running = 0, pending = 0;
    db->GetIntProperty("rocksdb.num-running-compactions", &running);
    db->GetIntProperty("rocksdb.compaction-pending", &pending);
    if (running == 0 && pending == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// SST files per level, e.g. "0/4/31" for L0/L1/L2 (trailing empty levels omitted).
std::string lsm_shape(Engine& engine) {
  rocksdb::DB* db = engine.impl().store.db();
  std::vector<std::string> levels;
  for (int level = 0; level < 7; ++level) {
    std::string files;
    db->GetProperty("rocksdb.num-files-at-level" + std::to_string(level), &files);
    levels.push_back(files.empty() ? "0" : files);
  }
  while (levels.size() > 1 && levels.back() == "0") levels.pop_back();
  std::string out;
  for (const auto& l : levels) out += (out.empty() ? "" : "/") + l;
  return out;
}

struct Row {
  double scanned_avg = 0;
  double count_avg = 0;
  double p50_us = 0;
  double p99_us = 0;
  double max_us = 0;
  double blocks_read = 0;  // SST blocks RocksDB read (block cache misses) per query
  double kb_read = 0;      // and their size
};

std::string range_query(int p, std::int64_t first) {
  return std::string(
             R"({"TableName":"events","KeyConditionExpression":"pk = :p AND sk BETWEEN :a AND :b",)") +
         R"("ExpressionAttributeValues":{":p":{"S":")" + partition_key(p) + R"("},":a":{"S":")" +
         sort_key(first) + R"("},":b":{"S":")" + sort_key(first + kResultSize - 1) + R"("}}})";
}

std::string latest_query(int p, std::int64_t last) {
  return std::string(R"({"TableName":"events","KeyConditionExpression":"pk = :p AND sk <= :a",)") +
         R"("ScanIndexForward":false,"Limit":10,)" + R"("ExpressionAttributeValues":{":p":{"S":")" +
         partition_key(p) + R"("},":a":{"S":")" + sort_key(last) + R"("}}})";
}

Row measure(Engine& engine, int partitions, std::int64_t per_partition, bool latest, int queries,
            std::mt19937_64& rng) {
  std::uniform_int_distribution<int> pick_partition(0, partitions - 1);
  std::uniform_int_distribution<std::int64_t> pick_start(0, per_partition - kResultSize);
  std::vector<rapidjson::Document> requests;
  const int warmup = std::max(50, queries / 10);
  requests.reserve(static_cast<std::size_t>(queries + warmup));
  for (int i = 0; i < queries + warmup; ++i) {
    const int p = pick_partition(rng);
    const std::int64_t first = pick_start(rng);
    requests.push_back(parse(latest ? latest_query(p, first + kResultSize - 1) : range_query(p, first)));
  }
  std::vector<double> micros;
  micros.reserve(static_cast<std::size_t>(queries));
  std::int64_t scanned = 0, count = 0;
  std::uint64_t blocks = 0, block_bytes = 0;
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  for (int i = 0; i < queries + warmup; ++i) {
    rocksdb::get_perf_context()->Reset();
    const auto t0 = Clock::now();
    rapidjson::Document res = run(engine, "Query", requests[static_cast<std::size_t>(i)]);
    const auto t1 = Clock::now();
    const rocksdb::PerfContext& perf = *rocksdb::get_perf_context();
    const std::int64_t c = res["Count"].GetInt64();
    const std::int64_t sc = res["ScannedCount"].GetInt64();
    if (c != kResultSize || sc != kResultSize) {
      die("query read " + std::to_string(sc) + " and returned " + std::to_string(c) + " items, expected 10");
    }
    if (i < warmup) continue;
    micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    scanned += sc;
    count += c;
    blocks += perf.block_read_count;
    block_bytes += perf.block_read_byte;
  }
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  std::sort(micros.begin(), micros.end());
  auto pct = [&](double q) {
    return micros[static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1))];
  };
  return {static_cast<double>(scanned) / queries,
          static_cast<double>(count) / queries,
          pct(0.50),
          pct(0.99),
          micros.back(),
          static_cast<double>(blocks) / queries,
          static_cast<double>(block_bytes) / queries / 1024.0};
}

std::string with_commas(std::int64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t max_items = argc > 1 ? std::atoll(argv[1]) : 1000000;
  const int queries = argc > 2 ? std::atoi(argv[2]) : 2000;
  if (max_items < 1000 || queries < 1) die("usage: query_scaling [max_items >= 1000] [queries >= 1]");

  std::vector<std::int64_t> sizes;
  for (std::int64_t n = 1000; n <= max_items; n *= 10) sizes.push_back(n);

  // QUERY_SCALING_DIR=DIR: an engine on disk under DIR (one fresh directory
  // per layout) instead of in memory.
  const char* dir = std::getenv("QUERY_SCALING_DIR");
  std::printf("Query cost as the table grows (%s engine, Engine::execute, %d queries per row)\n\n",
              dir != nullptr ? "on-disk" : "in-memory", queries);
  std::printf(
      "| layout          |     items | per partition | query  | Count | ScannedCount | blocks read "
      "| KB read | p50 us | p99 us |   max us | load s | SST files |\n");
  std::printf(
      "|-----------------|-----------|---------------|--------|-------|--------------|-------------"
      "|---------|--------|--------|----------|--------|-----------|\n");

  // Optional third argument: the partition counts to run, e.g. "1,100".
  std::vector<int> partition_counts;
  for (std::string list = argc > 3 ? argv[3] : "1,100"; !list.empty();) {
    const std::size_t comma = list.find(',');
    partition_counts.push_back(std::atoi(list.substr(0, comma).c_str()));
    list = comma == std::string::npos ? "" : list.substr(comma + 1);
  }
  std::vector<Layout> layouts;
  std::vector<std::string> names;
  names.reserve(partition_counts.size());
  for (const int p : partition_counts) {
    if (p < 1) die("partition counts must be >= 1");
    names.push_back(p == 1 ? "one partition" : std::to_string(p) + " partitions");
    layouts.push_back({names.back().c_str(), p});
  }
  std::mt19937_64 rng(42);
  for (const Layout& layout : layouts) {
    dynamo_items::EngineOptions options;
    if (dir != nullptr) {
      options.db_path = std::string(dir) + "/partitions-" + std::to_string(layout.partitions);
      std::filesystem::remove_all(options.db_path);
    }
    auto opened = Engine::open(options);
    if (!opened.ok()) die("cannot open engine: " + opened.error().message());
    Engine& engine = *opened.value();
    run(engine, "CreateTable",
        parse(R"({"TableName":"events","BillingMode":"PAY_PER_REQUEST",)"
              R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
              R"({"AttributeName":"sk","KeyType":"RANGE"}],)"
              R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
              R"({"AttributeName":"sk","AttributeType":"S"}]})"));
    Loader loader(engine, layout.partitions);
    for (const std::int64_t size : sizes) {
      const auto load_start = Clock::now();
      loader.grow_to(size);
      settle(engine);
      const double load_s = std::chrono::duration<double>(Clock::now() - load_start).count();
      const std::string shape = lsm_shape(engine);
      for (const bool latest : {false, true}) {
        const Row r = measure(engine, layout.partitions, loader.per_partition(), latest, queries, rng);
        char load[16];
        std::snprintf(load, sizeof load, "%.2f", load_s);
        std::printf(
            "| %-15s | %9s | %13s | %-6s | %5.1f | %12.1f | %11.1f | %7.1f | %6.1f | %6.1f | %8.1f | %6s "
            "| %-9s |\n",
            layout.name, with_commas(size).c_str(), with_commas(loader.per_partition()).c_str(),
            latest ? "latest" : "range", r.count_avg, r.scanned_avg, r.blocks_read, r.kb_read, r.p50_us,
            r.p99_us, r.max_us, latest ? "" : load, latest ? "" : shape.c_str());
        std::fflush(stdout);
      }
    }
  }
  std::printf(
      "\nrange:  sk BETWEEN two keys 10 items apart (random position); "
      "latest: sk <= key, ScanIndexForward=false, Limit=10.\n"
      "load s: seconds to grow the table to this size with Engine::put_item (from the previous size),\n"
      "        including the memtable flush and the compactions that follow.\n"
      "SST files: RocksDB files per level (L0/L1/...) once compactions have settled.\n"
      "blocks read, KB read: SST blocks RocksDB read per query (block cache misses; RocksDB perf "
      "context).\n");
  return 0;
}
