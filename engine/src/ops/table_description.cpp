#include "ops/table_description.h"

#include "ops/stream_specification.h"
#include "ops/resource_arn.h"
#include "ops/table_settings.h"

#include <string>
#include <tuple>

#include "engine_impl.h"
#include "keys/key_codec.h"
#include "storage/item_codec.h"
#include "storage/layout.h"
#include "value/item_size.h"

namespace dynamo_items::ops {

namespace {

using Value = rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

Value str(std::string_view s, Alloc& a) { return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a); }


Value throughput(std::int64_t rcu, std::int64_t wcu, Alloc& a) {
  Value pt(rapidjson::kObjectType);
  pt.AddMember("NumberOfDecreasesToday", 0, a);
  pt.AddMember("ReadCapacityUnits", rcu, a);
  pt.AddMember("WriteCapacityUnits", wcu, a);
  return pt;
}

}  // namespace

Value projection(const catalog::Projection& p, Alloc& a) {
  Value v(rapidjson::kObjectType);
  v.AddMember("ProjectionType", str(p.type, a), a);
  if (!p.non_key_attributes.empty()) {
    Value attrs(rapidjson::kArrayType);
    for (const auto& n : p.non_key_attributes) attrs.PushBack(str(n, a), a);
    v.AddMember("NonKeyAttributes", attrs, a);
  }
  return v;
}

Value capacity(std::int64_t read, std::int64_t write, Alloc& a) {
  Value pt(rapidjson::kObjectType);
  pt.AddMember("ReadCapacityUnits", read, a);
  pt.AddMember("WriteCapacityUnits", write, a);
  return pt;
}

rapidjson::Value key_schema(const catalog::IndexSchema& index, rapidjson::Document::AllocatorType& a) {
  Value ks(rapidjson::kArrayType);
  for (const auto& k : index.hash_keys) {
    Value e(rapidjson::kObjectType);
    e.AddMember("AttributeName", str(k.name, a), a);
    e.AddMember("KeyType", "HASH", a);
    ks.PushBack(e, a);
  }
  for (const auto& k : index.range_keys) {
    Value e(rapidjson::kObjectType);
    e.AddMember("AttributeName", str(k.name, a), a);
    e.AddMember("KeyType", "RANGE", a);
    ks.PushBack(e, a);
  }
  return ks;
}

rapidjson::Value key_schema(const catalog::KeyAttribute& hash, const std::optional<catalog::KeyAttribute>& range,
                            rapidjson::Document::AllocatorType& a) {
  Value ks(rapidjson::kArrayType);
  auto element = [&](const catalog::KeyAttribute& k, const char* type) {
    Value e(rapidjson::kObjectType);
    e.AddMember("AttributeName", str(k.name, a), a);
    e.AddMember("KeyType", Value(rapidjson::StringRef(type)), a);
    ks.PushBack(e, a);
  };
  element(hash, "HASH");
  if (range) element(*range, "RANGE");
  return ks;
}

namespace {
std::pair<std::int64_t, std::int64_t> count_range(EngineImpl& engine, const std::string& lower) {
  const std::string upper = keys::prefix_successor(lower);
  rocksdb::Slice lo(lower), hi(upper);
  auto it = engine.store.iterator(&lo, &hi);
  std::pair<std::int64_t, std::int64_t> counts{0, 0};
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ++counts.first;
    counts.second += static_cast<std::int64_t>(item_size(storage::decode_item(it->value().ToStringView())));
  }
  return counts;
}
}  // namespace

TableStats table_stats(EngineImpl& engine, const catalog::TableSchema& table) {
  TableStats stats;
  std::tie(stats.item_count, stats.size_bytes) = count_range(engine, storage::items_prefix(table.id));
  for (const auto& ix : table.indexes) {
    stats.indexes[ix.name] = count_range(engine, storage::index_prefix(table.id, ix.index_no));
  }
  return stats;
}

rapidjson::Value table_description(const catalog::TableSchema& t, std::string_view status, const TableStats& stats,
                                   Alloc& a) {
  Value d(rapidjson::kObjectType);
  Value defs(rapidjson::kArrayType);
  for (const auto& attr : t.attribute_definitions) {
    Value e(rapidjson::kObjectType);
    e.AddMember("AttributeName", str(attr.name, a), a);
    e.AddMember("AttributeType", str(attr_type_name(attr.type), a), a);
    defs.PushBack(e, a);
  }
  d.AddMember("AttributeDefinitions", defs, a);
  d.AddMember("TableName", str(t.name, a), a);
  d.AddMember("KeySchema", key_schema(t.hash, t.range, a), a);
  d.AddMember("TableStatus", str(status, a), a);
  d.AddMember("CreationDateTime", t.creation_time, a);
  d.AddMember("ProvisionedThroughput", throughput(t.read_capacity, t.write_capacity, a), a);
  d.AddMember("TableSizeBytes", stats.size_bytes, a);
  d.AddMember("ItemCount", stats.item_count, a);
  d.AddMember("TableArn", str(table_arn(t), a), a);
  d.AddMember("TableId", str(t.table_uuid, a), a);
  if (t.billing_mode == "PAY_PER_REQUEST") {
    Value bm(rapidjson::kObjectType);
    bm.AddMember("BillingMode", "PAY_PER_REQUEST", a);
    bm.AddMember("LastUpdateToPayPerRequestDateTime", t.creation_time, a);
    d.AddMember("BillingModeSummary", bm, a);
  }
  Value gsis(rapidjson::kArrayType), lsis(rapidjson::kArrayType);
  for (const auto& ix : t.indexes) {
    Value v(rapidjson::kObjectType);
    v.AddMember("IndexName", str(ix.name, a), a);
    v.AddMember("KeySchema", key_schema(ix, a), a);
    v.AddMember("Projection", projection(ix.projection, a), a);
    if (ix.global) {
      v.AddMember("IndexStatus", "ACTIVE", a);
      v.AddMember("ProvisionedThroughput", throughput(ix.read_capacity, ix.write_capacity, a), a);
    }
    auto counts = stats.indexes.find(ix.name);
    v.AddMember("IndexSizeBytes", counts == stats.indexes.end() ? 0 : counts->second.second, a);
    v.AddMember("ItemCount", counts == stats.indexes.end() ? 0 : counts->second.first, a);
    v.AddMember("IndexArn", str(index_arn(t, ix.name), a), a);
    (ix.global ? gsis : lsis).PushBack(v, a);
  }
  if (!lsis.Empty()) d.AddMember("LocalSecondaryIndexes", lsis, a);
  if (!gsis.Empty()) d.AddMember("GlobalSecondaryIndexes", gsis, a);
  add_stream_description(t, d, a);
  add_table_settings_description(t, d, a);
  if (t.restored_from) {
    Value r(rapidjson::kObjectType);
    if (!t.restored_from->backup.empty()) {
      r.AddMember("SourceBackupArn", str(backup_arn(t.restored_from->table, t.restored_from->backup), a), a);
    }
    r.AddMember("SourceTableArn", str(table_arn(std::string_view(t.restored_from->table)), a), a);
    r.AddMember("RestoreDateTime", t.restored_from->time, a);
    r.AddMember("RestoreInProgress", false, a);
    d.AddMember("RestoreSummary", r, a);
  }
  return d;
}

}  // namespace dynamo_items::ops
