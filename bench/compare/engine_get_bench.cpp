// bench_engine_get: GetItem (and Query) in process, on one thread, without
// HTTP.
//
// Loads bench/compare's data set (1,000 partitions x 20 items of about 200
// bytes) into an in-memory Engine, then reads random existing items for a
// fixed time through
//   typed      Engine::get_item(table, key): no JSON at all
//   execute    Engine::execute("GetItem", request): validation, decode, read,
//              response document; the requests are parsed before the clock
//              starts
//   text       Engine::execute_to("GetItem", request, out): the server's path
//              after parsing, the response written as JSON text
//   query-doc  Engine::execute("Query") of a 10-item sort-key range, then a
//              RapidJSON Writer over the document (the server's path before
//              execute_to existed)
//   query-text Engine::execute_to("Query"): the server's path today
//   put-text   Engine::execute_to("PutItem") overwriting an existing item
//              (after all the reads)
// and prints operations per wall-clock second, per second of the thread's own
// CPU time (what one core does when nothing else runs on it: the figure that
// holds on a shared, busy machine) and CPU microseconds per operation. The
// issue's target is at least 200,000 typed GetItems per second on one core.
//
// Environment: BENCH_OVERWRITES=N overwrites N random items first,
// BENCH_FLUSH=1 then flushes and compacts (every read from an SST rather than
// the memtable), BENCH_ONLY=PATH measures one path alone.
//
// Usage: bench_engine_get [seconds per path (default 2)] [rounds (default 3)]
// Exits non-zero when a read fails or misses an item.
#include <rapidjson/document.h>
#include <rocksdb/db.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <rapidjson/writer.h>

#include "dynamo_items/engine.h"
#include "dynamo_items/string_sink.h"
#include "engine_impl.h"

using dynamo_items::AttributeValue;
using dynamo_items::Engine;
using dynamo_items::Item;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kPartitions = 1000;
constexpr int kItemsPerPartition = 20;
constexpr int kDistinctKeys = 4096;  // requests prepared before the clock starts
const char* kTable = "bench";

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench_engine_get: %s\n", what.c_str());
  std::exit(1);
}

std::string pk(int p) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "p%05d", p);
  return buf;
}

std::string sk(int s) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "s%02d", s);
  return buf;
}

// The same item bench/compare/run loads: about 200 bytes by DynamoDB's rules.
Item make_item(int p, int s) {
  Item item;
  item["pk"] = AttributeValue::string(pk(p));
  item["sk"] = AttributeValue::string(sk(s));
  item["n"] = AttributeValue::number(std::to_string(p * 1000 + s));
  item["flag"] = AttributeValue::boolean(s % 2 == 0);
  item["data"] = AttributeValue::string(std::string(170, static_cast<char>('a' + (p + s) % 26)));
  return item;
}

void create_table(Engine& engine) {
  rapidjson::Document req;
  req.Parse(R"({"TableName":"bench","BillingMode":"PAY_PER_REQUEST",
    "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],
    "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]})");
  auto res = engine.execute("CreateTable", req);
  if (!res) die("CreateTable: " + res.error().message());
}

struct Measured {
  double ops_per_s;      // per wall-clock second
  double ops_per_cpu_s;  // per second of this thread's CPU time: what one core does when it is not shared
  double mean_us;
};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <class Op>
Measured measure(double seconds, Op op) {
  const auto budget = std::chrono::duration<double>(seconds);
  std::size_t n = 0;
  const double cpu_start = thread_cpu_seconds();
  const auto start = Clock::now();
  auto now = start;
  do {
    for (int i = 0; i < 256; ++i) op(n++);  // read the clock every 256 operations
    now = Clock::now();
  } while (now - start < budget);
  const double elapsed = std::chrono::duration<double>(now - start).count();
  const double cpu = thread_cpu_seconds() - cpu_start;
  const double ops = static_cast<double>(n);
  return {ops / elapsed, ops / cpu, cpu * 1e6 / ops};
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  if (seconds <= 0 || rounds <= 0) die("usage: bench_engine_get [seconds] [rounds]");

  auto opened = Engine::open({});
  if (!opened) die("open: " + opened.error().message());
  Engine& engine = *opened.value();
  create_table(engine);
  for (int p = 0; p < kPartitions; ++p)
    for (int s = 0; s < kItemsPerPartition; ++s) {
      auto res = engine.put_item(kTable, make_item(p, s));
      if (!res) die("put_item: " + res.error().message());
    }

  std::mt19937 rng(42);
  std::vector<Item> keys;
  std::vector<rapidjson::Document> requests(kDistinctKeys);
  std::vector<rapidjson::Document> queries(kDistinctKeys);
  std::vector<rapidjson::Document> puts(kDistinctKeys);
  for (int i = 0; i < kDistinctKeys; ++i) {
    const int p = static_cast<int>(rng() % kPartitions), s = static_cast<int>(rng() % kItemsPerPartition);
    Item key;
    key["pk"] = AttributeValue::string(pk(p));
    key["sk"] = AttributeValue::string(sk(s));
    keys.push_back(std::move(key));
    std::string json = R"({"TableName":"bench","Key":{"pk":{"S":")" + pk(p) + R"("},"sk":{"S":")" + sk(s) + R"("}}})";
    requests[i].Parse(json.c_str());
    const int first = static_cast<int>(rng() % (kItemsPerPartition - 9));
    json = R"({"TableName":"bench","KeyConditionExpression":"pk = :pk AND sk BETWEEN :lo AND :hi",)"
           R"("ExpressionAttributeValues":{":pk":{"S":")" + pk(p) + R"("},":lo":{"S":")" + sk(first) +
           R"("},":hi":{"S":")" + sk(first + 9) + R"("}}})";
    queries[i].Parse(json.c_str());
    // The PutItem bench/compare sends: overwrite an existing item.
    json = R"({"TableName":"bench","Item":{"pk":{"S":")" + pk(p) + R"("},"sk":{"S":")" + sk(s) +
           R"("},"n":{"N":")" + std::to_string(p * 1000 + s) + R"("},"flag":{"BOOL":true},"data":{"S":")" +
           std::string(170, 'z') + R"("}}})";
    puts[i].Parse(json.c_str());
  }

  auto typed = [&](std::size_t n) {
    auto res = engine.get_item(kTable, keys[n % kDistinctKeys]);
    if (!res || !res.value()) die("typed get_item missed an item");
  };
  auto execute = [&](std::size_t n) {
    auto res = engine.execute("GetItem", requests[n % kDistinctKeys]);
    if (!res || !res.value().HasMember("Item")) die("execute GetItem missed an item");
  };

  std::string out;
  auto text = [&](std::size_t n) {
    out.clear();
    auto res = engine.execute_to("GetItem", requests[n % kDistinctKeys], out);
    if (!res || out.size() < 200) die("execute_to GetItem missed an item");
  };
  auto put_text = [&](std::size_t n) {
    out.clear();
    auto res = engine.execute_to("PutItem", puts[n % kDistinctKeys], out);
    if (!res) die("execute_to PutItem failed: " + res.error().message());
  };
  auto query_doc = [&](std::size_t n) {
    auto res = engine.execute("Query", queries[n % kDistinctKeys]);
    if (!res || res.value()["Count"].GetInt() != 10) die("execute Query did not read 10 items");
    out.clear();
    dynamo_items::StringSink sink{&out};
    rapidjson::Writer<dynamo_items::StringSink> writer(sink);
    res.value().Accept(writer);
  };
  auto query_text = [&](std::size_t n) {
    out.clear();
    auto res = engine.execute_to("Query", queries[n % kDistinctKeys], out);
    if (!res || out.size() < 2000) die("execute_to Query did not read 10 items");
  };

  std::printf("bench_engine_get: %d items, one thread, %.1f s per path, %d rounds\n",
              kPartitions * kItemsPerPartition, seconds, rounds);
  std::printf("%-8s %-10s %12s %14s %12s\n", "round", "path", "ops/s", "ops/cpu-s", "cpu us/op");
  // Overwrites before measuring (bench/compare measures Query right after a
  // PutItem run): BENCH_OVERWRITES=N puts N random existing items first.
  if (const char* env = std::getenv("BENCH_OVERWRITES")) {
    const long overwrites = std::atol(env);
    for (long i = 0; i < overwrites; ++i) {
      auto res = engine.put_item(kTable, make_item(static_cast<int>(rng() % kPartitions),
                                                   static_cast<int>(rng() % kItemsPerPartition)));
      if (!res) die("put_item: " + res.error().message());
    }
  }
  // BENCH_FLUSH=1 flushes and compacts before measuring, so that every read
  // comes from an SST instead of the memtable.
  if (std::getenv("BENCH_FLUSH")) {
    rocksdb::DB* db = engine.impl().store.db();
    db->Flush(rocksdb::FlushOptions());
    db->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr);
  }
  // BENCH_ONLY=query-text (or text, query-doc, put-text) measures that path
  // alone, for a profile of one path (perf record around the whole run).
  const char* only = std::getenv("BENCH_ONLY");
  // The JSON paths by name; put-text last, as it overwrites (see below).
  const std::pair<const char*, std::function<void(std::size_t)>> paths[] = {
      {"text", text}, {"query-doc", query_doc}, {"query-text", query_text}, {"put-text", put_text}};
  if (only != nullptr) {
    for (const auto& [name, path] : paths) {
      if (only != std::string_view(name)) continue;
      measure(0.2, path);
      for (int r = 1; r <= rounds; ++r) {
        Measured m = measure(seconds, path);
        std::printf("%-8d %-10s %12.0f %14.0f %12.2f\n", r, name, m.ops_per_s, m.ops_per_cpu_s, m.mean_us);
      }
      return 0;
    }
    die(std::string("BENCH_ONLY: no path named ") + only);
  }
  std::vector<double> typed_rates, execute_rates;
  measure(0.2, typed);  // warm caches
  for (int r = 1; r <= rounds; ++r) {
    Measured t = measure(seconds, typed);
    Measured e = measure(seconds, execute);
    typed_rates.push_back(t.ops_per_cpu_s);
    execute_rates.push_back(e.ops_per_cpu_s);
    std::printf("%-8d %-10s %12.0f %14.0f %12.2f\n", r, "typed", t.ops_per_s, t.ops_per_cpu_s, t.mean_us);
    std::printf("%-8d %-10s %12.0f %14.0f %12.2f\n", r, "execute", e.ops_per_s, e.ops_per_cpu_s, e.mean_us);
    for (const auto& [name, path] : std::span(paths).first(3)) {  // the reads
      Measured m = measure(seconds, path);
      std::printf("%-8d %-10s %12.0f %14.0f %12.2f\n", r, name, m.ops_per_s, m.ops_per_cpu_s, m.mean_us);
    }
  }
  // Writes last, so that every read above sees the freshly loaded data.
  for (int r = 1; r <= rounds; ++r) {
    Measured m = measure(seconds, put_text);
    std::printf("%-8d %-10s %12.0f %14.0f %12.2f\n", r, "put-text", m.ops_per_s, m.ops_per_cpu_s, m.mean_us);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double typed_median = median(typed_rates);
  std::printf("median   typed %.0f, execute %.0f ops per CPU-second of one core (target: typed >= 200000): %s\n",
              typed_median,
              median(execute_rates), typed_median >= 200000 ? "met" : "MISSED");
  return 0;
}
