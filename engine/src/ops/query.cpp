// Query: one partition's items, optionally narrowed by a sort-key condition,
// read as one RocksDB range scan in sort-key order (or reversed), then
// filtered and projected.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "expr/legacy.h"
#include "ops/capacity.h"
#include "ops/index_maintenance.h"
#include "ops/item_key.h"
#include "ops/key_condition.h"
#include "ops/operations.h"
#include "ops/request_schema.h"
#include "ops/read_request.h"
#include "ops/read_target.h"
#include "storage/layout.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kQueryRequest[] = {
    string_list("AttributesToGet", false, 1),
    {"ConditionalOperator", Shape::kString, false, {"AND", "OR"}},
    {"ConsistentRead", Shape::kBoolean},
    attribute_value_map("ExclusiveStartKey"),
    expression_attribute_names(),
    attribute_value_map("ExpressionAttributeValues"),
    {"FilterExpression", Shape::kString},
    {"IndexName", Shape::kString, false, {}, NameRule::kIndexName},
    {"KeyConditionExpression", Shape::kString},
    {"KeyConditions", Shape::kMap},
    {"Limit", Shape::kInteger, false, {}, NameRule::kNone, 1},
    {"ProjectionExpression", Shape::kString},
    {"QueryFilter", Shape::kMap},
    return_consumed_capacity(),
    {"ScanIndexForward", Shape::kBoolean},
    {"Select", Shape::kString, false, {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"}},
    {"TableName", Shape::kString, true, {}, NameRule::kItemTableName},
};

}  // namespace

namespace {

bool in_range(const KeyRange& r, const std::string& key) { return r.lower <= key && key < r.upper; }

// ExclusiveStartKey of a Query, checked in DynamoDB's words: shape errors say
// only "The provided starting key is invalid", a mistyped key attribute "The
// provided key element does not match the schema".
std::optional<Item> query_start_key(const Json& req, const catalog::TableSchema& table) {
  const Json* esk = opt_object(req, "ExclusiveStartKey");
  if (esk == nullptr) return std::nullopt;
  Item key = decode_start_key(*esk);
  if (key.size() != (table.range ? 2u : 1u)) throw Error::validation("The provided starting key is invalid");
  for (const catalog::KeyAttribute* k : {&table.hash, table.range ? &*table.range : nullptr}) {
    if (k == nullptr) continue;
    auto it = key.find(k->name);
    if (it == key.end()) throw Error::validation("The provided starting key is invalid");
    if (it->second.type() != k->type)
      throw Error::validation("The provided key element does not match the schema");
  }
  return key;
}

// The storage key to resume after; it must lie within the query's bounds.
std::string start_storage_key(const catalog::TableSchema& table, const Item& key,
                              const KeyConditionSpec& spec, const KeyRange& range) {
  std::string storage = start_key_storage(table, key);
  const bool same_partition = key.at(table.hash.name) == spec.partition_key();
  if (spec.sort_key) {
    // The sort key must satisfy the condition, whatever the partition.
    const std::string in_queried_partition =
        storage::item_key(table.id, spec.partition_key(), &key.at(table.range->name));
    if (!in_range(range, in_queried_partition)) {
      throw Error::validation("The provided starting key does not match the range key predicate");
    }
    if (!same_partition)
      throw Error::validation("The query can return at most one row and cannot be restarted");
  } else if (!same_partition) {
    throw Error::validation(
        "The provided starting key is outside query boundaries based on provided conditions");
  }
  return storage;
}

// The same rules for a start key in an index: its index key must lie in the
// queried index partition and satisfy the sort-key condition.
void check_index_start_key(const Json& req, const catalog::TableSchema& table, const catalog::IndexSchema& index,
                           const KeyConditionSpec& spec, const KeyRange& range) {
  Item key = json::decode_item(*opt_object(req, "ExclusiveStartKey"));
  bool same_partition = true;
  for (std::size_t i = 0; i < index.hash_keys.size(); ++i) {
    same_partition = same_partition && key.at(index.hash_keys[i].name) == spec.partition_keys[i];
  }
  if (spec.has_sort_condition()) {
    Item moved = key;
    for (std::size_t i = 0; i < index.hash_keys.size(); ++i) moved[index.hash_keys[i].name] = spec.partition_keys[i];
    auto entry = index_entry_key(table, index, moved);
    if (!entry || !in_range(range, *entry)) {
      throw Error::validation("The provided starting key does not match the range key predicate");
    }
    if (!same_partition) throw Error::validation("The query can return at most one row and cannot be restarted");
  } else if (!same_partition) {
    throw Error::validation(
        "The provided starting key is outside query boundaries based on provided conditions");
  }
}

// The index partition, narrowed by the equalities on the first RANGE
// attributes (a longer prefix of the same contiguous range), then by the
// condition on the next one.
KeyRange index_query_range(const catalog::TableSchema& table, const catalog::IndexSchema& index,
                           const KeyConditionSpec& spec) {
  storage::KeyValues ipk, isk;
  for (const auto& v : spec.partition_keys) ipk.push_back(&v);
  for (const auto& v : spec.sort_prefix) isk.push_back(&v);
  return partition_range(storage::index_sort_prefix(table.id, index.index_no, ipk, isk), spec.sort_key);
}

}  // namespace

Response query(EngineImpl& engine, const Request& req) {
  check_request(req, kQueryRequest);
  const std::string table_name(*opt_string(req, "TableName"));

  expr::check_expression_parameters(
      req, {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
      {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"});
  const Json* key_conditions = opt_object(req, "KeyConditions");
  const bool has_expression = member(req, "KeyConditionExpression") != nullptr;
  if (key_conditions == nullptr && !has_expression) {
    throw Error::validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
                            "request.");
  }
  auto index_name = opt_string(req, "IndexName");
  const bool count_only = check_select(req, index_name.has_value());
  check_expression_syntax(req, true);
  if (engine.catalog.find(table_name) == nullptr) check_expressions_without_table(req, true);
  auto table = engine.catalog.require(table_name);
  const ReadTarget target = read_target(*table, req);
  const std::optional<Item> start = target.index == nullptr ? query_start_key(req, *table) : std::nullopt;
  const std::optional<std::string> index_start = target.index != nullptr ? target_start_key(req, *table, target)
                                                                          : std::nullopt;
  const QueryKeys& keys = target.keys;
  expr::ExpressionContext ctx = expr::ExpressionContext::from_request(req);
  KeyConditionSpec spec = key_conditions != nullptr ? legacy_key_conditions(*key_conditions, keys)
                                                    : key_condition_expression(req, ctx, keys);

  ReadPlan plan;
  plan.range = target.index == nullptr ? query_range(table->id, spec.partition_key(), spec.sort_key)
                                       : index_query_range(*table, *target.index, spec);
  plan.forward = opt_bool(req, "ScanIndexForward").value_or(true);
  plan.limit = opt_int(req, "Limit");
  plan.count_only = count_only;
  if (index_start) check_index_start_key(req, *table, *target.index, spec, plan.range);
  if (start || index_start) {
    const std::string resume = start ? start_storage_key(*table, *start, spec, plan.range) : *index_start;
    if (plan.forward) {
      plan.range.lower = std::max(plan.range.lower, key_after(resume));
    } else {
      plan.range.upper = std::min(plan.range.upper, resume);
    }
  }
  shape_read(req, ctx, "QueryFilter", *table, plan);
  ctx.check_all_used();
  const bool consistent = opt_bool(req, "ConsistentRead").value_or(false);
  auto fetched_units = std::make_shared<double>(0);
  if (target.fetch_from_table) fetch_table_items(engine, *table, consistent, plan, fetched_units);
  ReadResult result = run_read(engine, plan);
  Response res = read_response(*table, result, count_only, &target);
  add_read_consumed_capacity(req, res, table->name, target.index ? &target.index->name : nullptr,
                             target.index && target.index->global,
                             read_capacity_units(result.scanned_bytes, consistent), *fetched_units);
  return res;
}

}  // namespace dynamo_items::ops
