#include "layout/runner.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "dynamo_items/engine.h"
#include "dynamo_items/number.h"
#include "layout/data_generator.h"
#include "value/item_size.h"
#include "value/json_codec.h"

namespace dynamo_items::layout_bench {

namespace {

using Clock = std::chrono::steady_clock;
using Document = rapidjson::Document;
using Alloc = Document::AllocatorType;

constexpr int kBatchSize = 25;  // BatchWriteItem's limit

rapidjson::Value text(const std::string& s, Alloc& a) {
  return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
}

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  std::string s = buf.GetString();
  if (s.size() > 600) s = s.substr(0, 600) + "...";
  return s;
}

struct OperationFailed {
  std::string message;
};

// What one pattern accumulates while the mix runs.
struct Tally {
  PatternResult result;
  std::vector<std::int64_t> latencies_ns;
  // Per key space (a table or an index): requests per partition key.
  std::vector<std::unordered_map<std::string, std::int64_t>> requests_by_partition;
};

// Time inside one or more requests.
struct Elapsed {
  std::int64_t wall_ns = 0;
  std::int64_t cpu_ns = 0;  // this thread's CPU time: steady even when other processes compete for the cores
};

std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

double percentile_us(std::vector<std::int64_t>& sorted_ns, double q) {
  if (sorted_ns.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted_ns.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted_ns.size());
  return static_cast<double>(sorted_ns[rank - 1]) / 1000.0;
}

class Runner {
 public:
  Runner(const Layout& layout, const RunOptions& options, Engine& engine)
      : layout_(layout),
        options_(options),
        engine_(engine),
        factory_(layout, options.seed),
        chooser_(layout.partitions, layout.skew),
        rng_(options.seed),
        next_item_(layout.item_types.size()) {
    for (const TableSpec& t : layout.tables) {
      key_space_base_.push_back(key_spaces_);
      has_indexes_ = has_indexes_ || !t.indexes.empty();
      key_spaces_ += 1 + t.indexes.size();
    }
    partition_keys_.resize(key_spaces_);
    for (std::size_t t = 0; t < layout.item_types.size(); ++t) {
      next_item_[t].assign(static_cast<std::size_t>(layout.partitions), layout.item_types[t].per_partition);
    }
  }

  void create_tables();
  void load(LayoutRun& run);
  void run_mix(LayoutRun& run);

 private:
  Document execute(const char* operation, const Document& request);
  // Runs one request of a pattern on partition p; returns its time.
  Elapsed run_request(const RequestSpec& spec, std::int64_t p, Tally& tally);
  Document get_request(const RequestSpec& spec, std::int64_t p, std::int64_t i);
  Document query_request(const RequestSpec& spec, std::int64_t p, std::int64_t i);
  Document put_request(const RequestSpec& spec, std::int64_t p, std::int64_t i);
  Document update_request(const RequestSpec& spec, std::int64_t p, std::int64_t i);
  void finish(Tally& tally, PatternResult& out);
  // TOTAL, or INDEXES when the layout has indexes, to see whether index
  // writes were charged (CapacityUnits is the total either way).
  const char* capacity_mode() const { return has_indexes_ ? "INDEXES" : "TOTAL"; }
  // Key spaces: each table, then each of its indexes.
  std::size_t key_space(std::size_t table, std::optional<std::size_t> index = std::nullopt) const {
    return key_space_base_[table] + (index ? 1 + *index : 0);
  }

  const Layout& layout_;
  const RunOptions& options_;
  Engine& engine_;
  ItemFactory factory_;
  PartitionChooser chooser_;
  Rng rng_;
  bool has_indexes_ = false;
  bool index_writes_uncharged_ = false;
  std::vector<std::size_t> key_space_base_;
  std::size_t key_spaces_ = 0;
  std::vector<std::unordered_set<std::string>> partition_keys_;  // per key space, filled while loading
  std::vector<std::vector<std::int64_t>> next_item_;             // per item type and partition: next new item
  std::uint64_t version_ = 1;
};

Document Runner::execute(const char* operation, const Document& request) {
  auto res = engine_.execute(operation, request);
  if (!res.ok()) {
    throw OperationFailed{std::string(operation) + " failed: " + res.error().type() + ": " +
                          res.error().message() + "\n  request: " + to_json(request)};
  }
  return std::move(res.value());
}

void Runner::create_tables() {
  for (const TableSpec& t : layout_.tables) {
    Document req(rapidjson::kObjectType);
    auto& a = req.GetAllocator();
    rapidjson::Value keys(rapidjson::kArrayType), defs(rapidjson::kArrayType);
    auto add_key = [&](const KeyAttribute& k, const char* key_type) {
      rapidjson::Value key(rapidjson::kObjectType), def(rapidjson::kObjectType);
      key.AddMember("AttributeName", text(k.name, a), a);
      key.AddMember("KeyType", rapidjson::StringRef(key_type), a);
      def.AddMember("AttributeName", text(k.name, a), a);
      def.AddMember("AttributeType", rapidjson::StringRef(k.type == KeyType::kNumber ? "N" : "S"), a);
      keys.PushBack(key, a);
      defs.PushBack(def, a);
    };
    add_key(t.partition_key, "HASH");
    if (t.sort_key) add_key(*t.sort_key, "RANGE");
    std::vector<std::string> defined;
    for (auto& d : defs.GetArray()) defined.emplace_back(d["AttributeName"].GetString());
    rapidjson::Value indexes(rapidjson::kArrayType);
    for (const IndexSpec& ix : t.indexes) {
      rapidjson::Value index_keys(rapidjson::kArrayType);
      for (const auto& [k, key_type] : {std::pair{&ix.partition_key, "HASH"},
                                        std::pair{ix.sort_key ? &*ix.sort_key : nullptr, "RANGE"}}) {
        if (k == nullptr) continue;
        rapidjson::Value key(rapidjson::kObjectType);
        key.AddMember("AttributeName", text(k->name, a), a);
        key.AddMember("KeyType", rapidjson::StringRef(key_type), a);
        index_keys.PushBack(key, a);
        if (std::find(defined.begin(), defined.end(), k->name) != defined.end()) continue;
        defined.push_back(k->name);
        rapidjson::Value def(rapidjson::kObjectType);
        def.AddMember("AttributeName", text(k->name, a), a);
        def.AddMember("AttributeType", rapidjson::StringRef(k->type == KeyType::kNumber ? "N" : "S"), a);
        defs.PushBack(def, a);
      }
      rapidjson::Value projection(rapidjson::kObjectType);
      const char* projection_type = ix.projection == Projection::kAll        ? "ALL"
                                    : ix.projection == Projection::kKeysOnly ? "KEYS_ONLY"
                                                                             : "INCLUDE";
      projection.AddMember("ProjectionType", rapidjson::StringRef(projection_type), a);
      if (ix.projection == Projection::kInclude) {
        rapidjson::Value names(rapidjson::kArrayType);
        for (const auto& n : ix.non_key_attributes) names.PushBack(text(n, a), a);
        projection.AddMember("NonKeyAttributes", names, a);
      }
      rapidjson::Value index(rapidjson::kObjectType);
      index.AddMember("IndexName", text(ix.name, a), a);
      index.AddMember("KeySchema", index_keys, a);
      index.AddMember("Projection", projection, a);
      if (t.billing_mode == "PROVISIONED") {
        rapidjson::Value pt(rapidjson::kObjectType);
        pt.AddMember("ReadCapacityUnits", t.read_capacity, a);
        pt.AddMember("WriteCapacityUnits", t.write_capacity, a);
        index.AddMember("ProvisionedThroughput", pt, a);
      }
      indexes.PushBack(index, a);
    }
    if (!indexes.Empty()) req.AddMember("GlobalSecondaryIndexes", indexes, a);
    req.AddMember("TableName", text(t.name, a), a);
    req.AddMember("KeySchema", keys, a);
    req.AddMember("AttributeDefinitions", defs, a);
    req.AddMember("BillingMode", text(t.billing_mode, a), a);
    if (t.billing_mode == "PROVISIONED") {
      rapidjson::Value pt(rapidjson::kObjectType);
      pt.AddMember("ReadCapacityUnits", t.read_capacity, a);
      pt.AddMember("WriteCapacityUnits", t.write_capacity, a);
      req.AddMember("ProvisionedThroughput", pt, a);
    }
    execute("CreateTable", req);
  }
}

void Runner::load(LayoutRun& run) {
  std::int64_t total = 0;
  for (const auto& type : layout_.item_types) {
    run.volume.push_back({type.name, layout_.tables[type.table].name, 0, 0});
    total += type.per_partition * layout_.partitions;
  }
  ProgressBar progress("loading", "items", total, options_.progress);
  const auto start = Clock::now();
  Document batch;
  int pending = 0;
  std::int64_t done = 0;
  auto flush = [&] {
    if (pending == 0) return;
    Document res = execute("BatchWriteItem", batch);
    auto unprocessed = res.FindMember("UnprocessedItems");
    if (unprocessed != res.MemberEnd() && unprocessed->value.IsObject() &&
        unprocessed->value.MemberCount() > 0) {
      throw OperationFailed{"BatchWriteItem left items unprocessed"};
    }
    pending = 0;
  };
  for (std::int64_t p = 0; p < layout_.partitions; ++p) {
    for (std::size_t t = 0; t < layout_.item_types.size(); ++t) {
      const ItemTypeSpec& type = layout_.item_types[t];
      for (std::int64_t i = 0; i < type.per_partition; ++i) {
        if (pending == 0) {
          batch.SetObject();
          batch.AddMember("RequestItems", rapidjson::Value(rapidjson::kObjectType), batch.GetAllocator());
        }
        auto& a = batch.GetAllocator();
        Item item = factory_.item(type, p, i);
        run.volume[t].items += 1;
        run.volume[t].bytes += static_cast<std::int64_t>(item_size(item));
        partition_keys_[key_space(type.table)].insert(factory_.partition_id(type, p, i));
        for (const IndexKeys& ik : type.index_keys) {
          partition_keys_[key_space(type.table, ik.index)].insert(
              factory_.partition_id(type, p, i, ik.index));
        }
        rapidjson::Value& requests = batch["RequestItems"];
        const std::string& table = layout_.tables[type.table].name;
        auto it = requests.FindMember(table.c_str());
        if (it == requests.MemberEnd()) {
          requests.AddMember(text(table, a), rapidjson::Value(rapidjson::kArrayType), a);
          it = requests.FindMember(table.c_str());
        }
        rapidjson::Value put(rapidjson::kObjectType), wrapper(rapidjson::kObjectType);
        put.AddMember("Item", json::encode_item(item, a), a);
        wrapper.AddMember("PutRequest", put, a);
        it->value.PushBack(wrapper, a);
        if (++pending == kBatchSize) flush();
        progress.update(++done);
      }
    }
  }
  flush();
  progress.finish();
  run.load_seconds = std::chrono::duration<double>(Clock::now() - start).count();
}

Document Runner::get_request(const RequestSpec& spec, std::int64_t p, std::int64_t i) {
  const ItemTypeSpec& type = layout_.item_types[spec.item_type];
  Document req(rapidjson::kObjectType);
  auto& a = req.GetAllocator();
  req.AddMember("TableName", text(layout_.tables[type.table].name, a), a);
  req.AddMember("Key", json::encode_item(factory_.key(type, p, i), a), a);
  if (spec.consistent) req.AddMember("ConsistentRead", true, a);
  req.AddMember("ReturnConsumedCapacity", rapidjson::StringRef(capacity_mode()), a);
  return req;
}

Document Runner::query_request(const RequestSpec& spec, std::int64_t p, std::int64_t i) {
  const ItemTypeSpec& type = layout_.item_types[spec.item_type];
  const TableSpec& table = layout_.tables[type.table];
  Document req(rapidjson::kObjectType);
  auto& a = req.GetAllocator();
  rapidjson::Value names(rapidjson::kObjectType);
  Item values;
  // The key space: the table's keys, or an index's.
  const KeyAttribute* pk = &table.partition_key;
  const KeyAttribute* sk = table.sort_key ? &*table.sort_key : nullptr;
  const KeyTemplate* pk_template = &type.partition_key;
  const KeyTemplate* sk_template = type.sort_key ? &*type.sort_key : nullptr;
  if (spec.index) {
    const IndexSpec& ix = table.indexes[*spec.index];
    const IndexKeys& keys = *type.keys_for_index(*spec.index);
    pk = &ix.partition_key;
    sk = ix.sort_key ? &*ix.sort_key : nullptr;
    pk_template = &keys.partition_key;
    sk_template = keys.sort_key ? &*keys.sort_key : nullptr;
    req.AddMember("IndexName", text(ix.name, a), a);
  }
  names.AddMember("#pk", text(pk->name, a), a);
  values.emplace(":pk", factory_.key_value(type, *pk_template, pk->type, p, i));
  std::string condition = "#pk = :pk";
  if (spec.condition != SortCondition::kNone) {
    names.AddMember("#sk", text(sk->name, a), a);
    const KeyType sk_type = sk->type;
    auto literal = [&](const std::string& s) {
      return sk_type == KeyType::kNumber ? AttributeValue::number(canonical_number(s))
                                         : AttributeValue::string(s);
    };
    switch (spec.condition) {
      case SortCondition::kRange: {
        const std::int64_t first = uniform_index(rng_, type.per_partition - spec.range_items + 1);
        values.emplace(":lo", factory_.key_value(type, *sk_template, sk_type, p, first));
        values.emplace(":hi",
                       factory_.key_value(type, *sk_template, sk_type, p, first + spec.range_items - 1));
        condition += " AND #sk BETWEEN :lo AND :hi";
        break;
      }
      case SortCondition::kBetween:
        values.emplace(":lo", literal(spec.operand));
        values.emplace(":hi", literal(spec.operand2));
        condition += " AND #sk BETWEEN :lo AND :hi";
        break;
      case SortCondition::kBeginsWith:
        values.emplace(":sk", literal(spec.operand));
        condition += " AND begins_with(#sk, :sk)";
        break;
      default: {
        values.emplace(":sk", literal(spec.operand));
        const char* op = spec.condition == SortCondition::kLess        ? "<"
                         : spec.condition == SortCondition::kLessEqual ? "<="
                         : spec.condition == SortCondition::kGreater   ? ">"
                                                                       : ">=";
        condition += std::string(" AND #sk ") + op + " :sk";
      }
    }
  }
  req.AddMember("TableName", text(table.name, a), a);
  req.AddMember("KeyConditionExpression", text(condition, a), a);
  req.AddMember("ExpressionAttributeNames", names, a);
  req.AddMember("ExpressionAttributeValues", json::encode_item(values, a), a);
  if (spec.limit) req.AddMember("Limit", *spec.limit, a);
  if (!spec.forward) req.AddMember("ScanIndexForward", false, a);
  if (spec.consistent) req.AddMember("ConsistentRead", true, a);
  req.AddMember("ReturnConsumedCapacity", rapidjson::StringRef(capacity_mode()), a);
  return req;
}

Document Runner::put_request(const RequestSpec& spec, std::int64_t p, std::int64_t i) {
  const ItemTypeSpec& type = layout_.item_types[spec.item_type];
  Document req(rapidjson::kObjectType);
  auto& a = req.GetAllocator();
  req.AddMember("TableName", text(layout_.tables[type.table].name, a), a);
  req.AddMember("Item", json::encode_item(factory_.item(type, p, i, spec.new_item ? 0 : version_++), a), a);
  req.AddMember("ReturnConsumedCapacity", rapidjson::StringRef(capacity_mode()), a);
  return req;
}

Document Runner::update_request(const RequestSpec& spec, std::int64_t p, std::int64_t i) {
  const ItemTypeSpec& type = layout_.item_types[spec.item_type];
  const TableSpec& table = layout_.tables[type.table];
  Document req(rapidjson::kObjectType);
  auto& a = req.GetAllocator();
  rapidjson::Value names(rapidjson::kObjectType);
  Item values;
  std::string expression;
  const std::uint64_t version = version_++;
  for (std::size_t k = 0; k < spec.set_attributes.size(); ++k) {
    const std::string n = std::to_string(k);
    names.AddMember(text("#s" + n, a), text(spec.set_attributes[k], a), a);
    values.emplace(":s" + n, factory_.value(*type.attribute(spec.set_attributes[k]), p, i, version));
    expression += (k == 0 ? "SET " : ", ") + ("#s" + n) + " = :s" + n;
  }
  // Index keys made from an attribute this update changes change with it.
  int index_keys = 0;
  for (const IndexKeys& ik : type.index_keys) {
    const IndexSpec& ix = table.indexes[ik.index];
    for (const auto& [key, tmpl] :
         {std::pair{&ix.partition_key, &ik.partition_key},
          std::pair{ix.sort_key ? &*ix.sort_key : nullptr, ik.sort_key ? &*ik.sort_key : nullptr}}) {
      if (key == nullptr || std::find(spec.set_attributes.begin(), spec.set_attributes.end(),
                                      tmpl->attribute) == spec.set_attributes.end()) {
        continue;
      }
      const std::string n = std::to_string(index_keys++);
      names.AddMember(text("#k" + n, a), text(key->name, a), a);
      values.emplace(":k" + n, factory_.key_value(type, *tmpl, key->type, p, i, version));
      expression += ", #k" + n + " = :k" + n;
    }
  }
  for (std::size_t k = 0; k < spec.add_attributes.size(); ++k) {
    const std::string n = std::to_string(k);
    names.AddMember(text("#a" + n, a), text(spec.add_attributes[k], a), a);
    expression += (k == 0 ? (expression.empty() ? "ADD " : " ADD ") : ", ") + ("#a" + n) + " :one";
  }
  if (!spec.add_attributes.empty()) values.emplace(":one", AttributeValue::number("1"));
  req.AddMember("TableName", text(table.name, a), a);
  req.AddMember("Key", json::encode_item(factory_.key(type, p, i), a), a);
  req.AddMember("UpdateExpression", text(expression, a), a);
  if (spec.require_exists) {
    names.AddMember("#pk", text(table.partition_key.name, a), a);
    req.AddMember("ConditionExpression", "attribute_exists(#pk)", a);
  }
  req.AddMember("ExpressionAttributeNames", names, a);
  req.AddMember("ExpressionAttributeValues", json::encode_item(values, a), a);
  req.AddMember("ReturnConsumedCapacity", rapidjson::StringRef(capacity_mode()), a);
  return req;
}

Elapsed Runner::run_request(const RequestSpec& spec, std::int64_t p, Tally& tally) {
  const ItemTypeSpec& type = layout_.item_types[spec.item_type];
  std::int64_t i = 0;
  if (spec.op == Op::kPut && spec.new_item) {
    i = next_item_[spec.item_type][static_cast<std::size_t>(p)]++;
  } else {
    i = uniform_index(rng_, type.per_partition);
  }
  Document req;
  const char* operation = "";
  switch (spec.op) {
    case Op::kGet:
      req = get_request(spec, p, i), operation = "GetItem";
      break;
    case Op::kQuery:
      req = query_request(spec, p, i), operation = "Query";
      break;
    case Op::kPut:
      req = put_request(spec, p, i), operation = "PutItem";
      break;
    case Op::kUpdate:
      req = update_request(spec, p, i), operation = "UpdateItem";
      break;
  }
  const std::int64_t cpu_start = thread_cpu_ns();
  const auto start = Clock::now();
  auto res = engine_.execute(operation, req);
  const Elapsed elapsed{std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count(),
                        thread_cpu_ns() - cpu_start};
  if (!res.ok()) {
    throw OperationFailed{std::string(operation) + " failed: " + res.error().type() + ": " +
                          res.error().message() + "\n  request: " + to_json(req)};
  }
  const Document& out = res.value();
  PatternResult& r = tally.result;
  r.requests += 1;
  auto capacity = out.FindMember("ConsumedCapacity");
  const double units = capacity != out.MemberEnd() ? capacity->value["CapacityUnits"].GetDouble() : 0.0;
  if (spec.op == Op::kGet || spec.op == Op::kQuery) {
    r.read_units += units;
  } else {
    r.write_units += units;
    if (!type.index_keys.empty() && capacity != out.MemberEnd() &&
        !capacity->value.HasMember("GlobalSecondaryIndexes")) {
      index_writes_uncharged_ = true;
    }
  }
  if (spec.op == Op::kGet) {
    const bool found = out.HasMember("Item");
    r.items_read += found ? 1 : 0;
    r.items_returned += found ? 1 : 0;
  } else if (spec.op == Op::kQuery) {
    r.items_read += out["ScannedCount"].GetInt64();
    r.items_returned += out["Count"].GetInt64();
  }
  const std::optional<std::size_t> index = spec.op == Op::kQuery ? spec.index : std::nullopt;
  tally.requests_by_partition[key_space(type.table, index)][factory_.partition_id(type, p, i, index)] += 1;
  return elapsed;
}

void Runner::finish(Tally& tally, PatternResult& out) {
  out = tally.result;
  std::sort(tally.latencies_ns.begin(), tally.latencies_ns.end());
  out.p50_us = percentile_us(tally.latencies_ns, 0.50);
  out.p99_us = percentile_us(tally.latencies_ns, 0.99);
  out.p999_us = percentile_us(tally.latencies_ns, 0.999);
  // The hottest 1% is taken in each key space separately, so a table of
  // 1,000 devices and an index of 20,000 command ids each contribute their
  // own top 1% (10 and 200 keys).
  std::int64_t hottest = 0, top_sum = 0;
  for (std::size_t ks = 0; ks < tally.requests_by_partition.size(); ++ks) {
    const auto& by_key = tally.requests_by_partition[ks];
    if (by_key.empty()) continue;
    // Puts may add partition keys the load did not have.
    const auto keys = std::max(partition_keys_[ks].size(), by_key.size());
    out.partition_keys += static_cast<std::int64_t>(keys);
    std::vector<std::int64_t> counts;
    counts.reserve(by_key.size());
    for (const auto& [key, n] : by_key) counts.push_back(n);
    std::sort(counts.begin(), counts.end(), std::greater<>());
    const auto top = static_cast<std::size_t>(std::max(1.0, std::ceil(0.01 * static_cast<double>(keys))));
    for (std::size_t k = 0; k < std::min(top, counts.size()); ++k) top_sum += counts[k];
    hottest = std::max(hottest, counts[0]);
  }
  if (out.requests == 0) return;
  out.hottest_partition_share = static_cast<double>(hottest) / static_cast<double>(out.requests);
  out.hottest_1pct_share = static_cast<double>(top_sum) / static_cast<double>(out.requests);
}

void Runner::run_mix(LayoutRun& run) {
  const std::size_t n = layout_.patterns.size();
  std::vector<Tally> tallies(n);
  Tally mix;
  mix.requests_by_partition.resize(key_spaces_);
  std::vector<double> cumulative;
  double sum = 0;
  for (std::size_t k = 0; k < n; ++k) {
    tallies[k].result.name = layout_.patterns[k].name;
    tallies[k].result.weight = layout_.patterns[k].weight;
    tallies[k].requests_by_partition.resize(key_spaces_);
    tallies[k].latencies_ns.reserve(
        static_cast<std::size_t>(options_.operations / static_cast<std::int64_t>(n) + 16));
    sum += layout_.patterns[k].weight;
    cumulative.push_back(sum);
  }
  ProgressBar progress("running", "ops", options_.operations, options_.progress);
  for (std::int64_t op = 0; op < options_.operations; ++op) {
    const double u = uniform01(rng_) * sum;
    const std::size_t k = std::min<std::size_t>(
        static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                 cumulative.begin()),
        n - 1);
    const AccessPattern& pattern = layout_.patterns[k];
    const std::int64_t p = chooser_.pick(rng_);
    Elapsed elapsed;
    for (const RequestSpec& spec : pattern.requests) {
      const Elapsed e = run_request(spec, p, tallies[k]);
      elapsed.wall_ns += e.wall_ns;
      elapsed.cpu_ns += e.cpu_ns;
    }
    tallies[k].result.operations += 1;
    tallies[k].result.seconds += static_cast<double>(elapsed.wall_ns) * 1e-9;
    tallies[k].result.cpu_seconds += static_cast<double>(elapsed.cpu_ns) * 1e-9;
    tallies[k].latencies_ns.push_back(elapsed.wall_ns);
    progress.update(op + 1);
  }
  progress.finish();

  PatternResult& m = mix.result;
  m.name = "(mix)";
  for (std::size_t k = 0; k < n; ++k) {
    const PatternResult& r = tallies[k].result;
    m.weight += r.weight;
    m.operations += r.operations;
    m.requests += r.requests;
    m.seconds += r.seconds;
    m.cpu_seconds += r.cpu_seconds;
    m.read_units += r.read_units;
    m.write_units += r.write_units;
    m.items_read += r.items_read;
    m.items_returned += r.items_returned;
    mix.latencies_ns.insert(mix.latencies_ns.end(), tallies[k].latencies_ns.begin(),
                            tallies[k].latencies_ns.end());
    for (std::size_t ks = 0; ks < key_spaces_; ++ks) {
      for (const auto& [key, count] : tallies[k].requests_by_partition[ks])
        mix.requests_by_partition[ks][key] += count;
    }
  }
  if (index_writes_uncharged_) {
    run.notes.push_back(
        "the engine charged no capacity to the indexes: writes of items in an index cost their table's WCU "
        "only "
        "here, while DynamoDB adds the index's write units (1 per KB of the index entry, per index written)");
  }
  run.patterns.resize(n);
  for (std::size_t k = 0; k < n; ++k) finish(tallies[k], run.patterns[k]);
  finish(mix, run.mix);
}

}  // namespace

LayoutRun run_layout(const Layout& layout, const RunOptions& options) {
  LayoutRun run;
  run.layout = layout.name;
  auto opened = Engine::open({});
  if (!opened.ok()) {
    run.error = "cannot open an in-memory engine: " + opened.error().message();
    return run;
  }
  Runner runner(layout, options, *opened.value());
  try {
    runner.create_tables();
    runner.load(run);
    runner.run_mix(run);
  } catch (const OperationFailed& e) {
    run.error = e.message;
  } catch (const std::exception& e) {
    run.error = e.what();  // e.g. a bad number literal
  }
  return run;
}

}  // namespace dynamo_items::layout_bench
