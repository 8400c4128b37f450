#include "ops/read_target.h"

#include <set>

#include "dynamo_items/error.h"
#include "ops/capacity.h"
#include "ops/index_maintenance.h"
#include "value/item_size.h"
#include "ops/item_key.h"
#include "ops/item_write.h"
#include "storage/layout.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

ReadTarget read_target(const catalog::TableSchema& table, const Json& req) {
  ReadTarget target;
  auto index_name = opt_string(req, "IndexName");
  if (!index_name) {
    target.keys.hash = {table.hash};
    if (table.range) target.keys.range = {*table.range};
    target.space_prefix = storage::items_prefix(table.id);
    return target;
  }
  for (const auto& ix : table.indexes) {
    if (ix.name == *index_name) target.index = &ix;
  }
  if (target.index == nullptr) {
    throw Error::validation("The table does not have the specified index: " + std::string(*index_name));
  }
  const auto& ix = *target.index;
  if (ix.global && opt_bool(req, "ConsistentRead").value_or(false)) {
    throw Error::validation("Consistent reads are not supported on global secondary indexes");
  }
  const bool wants_all = opt_string(req, "Select") == std::optional<std::string_view>("ALL_ATTRIBUTES");
  const bool names_attributes = member(req, "ProjectionExpression") != nullptr || member(req, "AttributesToGet") != nullptr;
  if (ix.projection.type != "ALL") {
    if (ix.global && wants_all) {
      invalid_parameter("Select type ALL_ATTRIBUTES is not supported for global secondary index " + ix.name +
                        " because its projection type is not ALL");
    }
    target.fetch_from_table = !ix.global && (wants_all || names_attributes);
  }
  target.keys = {ix.hash_keys, ix.range_keys};
  target.space_prefix = storage::index_prefix(table.id, ix.index_no);
  return target;
}

namespace {

[[noreturn]] void invalid_start_key(const Error& cause) {
  throw Error::validation("The provided starting key is invalid: " + cause.message());
}

}  // namespace

Item decode_start_key(const Json& esk) {
  Result<Item> key = json::try_decode_item(esk);
  if (!key) invalid_start_key(key.error());
  return std::move(key).value();
}

std::string start_key_storage(const catalog::TableSchema& table, const Item& key) {
  Result<std::string> storage = checked_storage_key_of_key(table, key);
  if (!storage) invalid_start_key(storage.error());
  return std::move(storage).value();
}

std::optional<std::string> target_start_key(const Json& req, const catalog::TableSchema& table,
                                            const ReadTarget& target) {
  const Json* esk = opt_object(req, "ExclusiveStartKey");
  if (esk == nullptr) return std::nullopt;
  Item key = decode_start_key(*esk);
  if (target.index == nullptr) return start_key_storage(table, key);
  // DynamoDB's order and words: exactly the table's and the index's key
  // attributes ("The provided starting key is invalid" otherwise), the index
  // key first ("The provided key element does not match the schema" for a
  // wrong type), then the table key, whose errors carry the
  // "The provided starting key is invalid: " prefix.
  const auto& ix = *target.index;
  std::set<std::string> names{table.hash.name};
  if (table.range) names.insert(table.range->name);
  for (const catalog::KeyAttribute* k : ix.key_attributes()) names.insert(k->name);
  if (key.size() != names.size()) throw Error::validation("The provided starting key is invalid");
  for (const catalog::KeyAttribute* k : ix.key_attributes()) {
    auto it = key.find(k->name);
    if (it == key.end()) throw Error::validation("The provided starting key is invalid");
    if (it->second.type() != k->type)
      throw Error::validation("The provided key element does not match the schema");
  }
  for (const catalog::KeyAttribute* k : {&table.hash, table.range ? &*table.range : nullptr}) {
    if (k == nullptr) continue;
    auto it = key.find(k->name);
    if (it == key.end() || it->second.type() != k->type) {
      throw Error::validation(
          "The provided starting key is invalid: The provided key element does not match the schema");
    }
  }
  return index_entry_key(table, ix, key);
}

Item target_last_key(const catalog::TableSchema& table, const ReadTarget& target, const Item& item) {
  Item key = key_of(table, item);
  if (target.index != nullptr) {
    for (const catalog::KeyAttribute* k : target.index->key_attributes()) {
      if (auto it = item.find(k->name); it != item.end()) key.insert(*it);
    }
  }
  return key;
}

void fetch_table_items(EngineImpl& engine, const catalog::TableSchema& table, bool consistent, ReadPlan& plan,
                       std::shared_ptr<double> fetched_units) {
  // The read loop calls the filter and then the projection on the same
  // entry: remember the last fetch so each item is read (and charged) once.
  struct Cache {
    std::string key;
    Item item;
  };
  auto cache = std::make_shared<Cache>();
  auto fetch = [&engine, &table, consistent, fetched_units, cache](const Item& entry) -> const Item& {
    std::string key = storage_key_of_item(table, entry);
    if (cache->key != key) {
      std::optional<Item> item = read_item(engine, key);
      cache->item = item ? std::move(*item) : entry;
      cache->key = std::move(key);
      *fetched_units += read_capacity_units(item_size(cache->item), consistent);
    }
    return cache->item;
  };
  if (auto filter = plan.filter) {
    plan.filter = [fetch, filter](const Item& entry) { return filter(fetch(entry)); };
  }
  auto project = plan.project;
  plan.project = [fetch, project](const Item& entry) { return project ? project(fetch(entry)) : fetch(entry); };
}

}  // namespace dynamo_items::ops
