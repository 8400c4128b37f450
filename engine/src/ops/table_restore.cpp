#include "ops/table_restore.h"

#include <set>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/index_maintenance.h"
#include "ops/table_definition.h"
#include "ops/table_description.h"
#include "storage/item_codec.h"
#include "storage/layout.h"
#include "storage/stored_item.h"

namespace dynamo_items::ops {

namespace {

using Alloc = rapidjson::Document::AllocatorType;
using rapidjson::Value;

Value str(std::string_view s, Alloc& a) { return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a); }

// The source's indexes of one kind, as CreateTable takes them.
Value source_indexes(const catalog::TableSchema& t, bool global, bool provisioned, Alloc& a) {
  Value list(rapidjson::kArrayType);
  for (const auto& ix : t.indexes) {
    if (ix.global != global) continue;
    Value v(rapidjson::kObjectType);
    v.AddMember("IndexName", str(ix.name, a), a);
    v.AddMember("KeySchema", key_schema(ix, a), a);
    v.AddMember("Projection", projection(ix.projection, a), a);
    if (global && provisioned) {
      // An index of an on-demand source has no capacity of its own.
      const bool own = ix.read_capacity > 0;
      v.AddMember("ProvisionedThroughput",
                  capacity(own ? ix.read_capacity : t.read_capacity, own ? ix.write_capacity : t.write_capacity, a),
                  a);
    }
    list.PushBack(v, a);
  }
  return list;
}

// The CreateTable request that makes the restored table.
rapidjson::Document create_request(const Request& req, const catalog::TableSchema& source, std::string_view target) {
  rapidjson::Document create(rapidjson::kObjectType);
  auto& a = create.GetAllocator();
  create.AddMember("TableName", str(target, a), a);
  create.AddMember("KeySchema", key_schema(source.hash, source.range, a), a);
  const std::string billing(opt_string(req, "BillingModeOverride").value_or(source.billing_mode));
  const bool provisioned = billing == "PROVISIONED";
  create.AddMember("BillingMode", str(billing, a), a);
  if (const Json* pt = opt_object(req, "ProvisionedThroughputOverride")) {
    create.AddMember("ProvisionedThroughput", Value(*pt, a), a);
  } else if (provisioned && source.read_capacity > 0) {
    create.AddMember("ProvisionedThroughput", capacity(source.read_capacity, source.write_capacity, a), a);
  }
  Value lsis = opt_array(req, "LocalSecondaryIndexOverride") != nullptr
                   ? Value(*opt_array(req, "LocalSecondaryIndexOverride"), a)
                   : source_indexes(source, false, provisioned, a);
  Value gsis = opt_array(req, "GlobalSecondaryIndexOverride") != nullptr
                   ? Value(*opt_array(req, "GlobalSecondaryIndexOverride"), a)
                   : source_indexes(source, true, provisioned, a);
  // Only the definitions the restored table's keys use.
  std::set<std::string> used = {source.hash.name};
  if (source.range) used.insert(source.range->name);
  for (const Value* list : {&lsis, &gsis}) {
    for (const auto& ix : list->GetArray()) {
      if (!ix.IsObject() || !ix.HasMember("KeySchema") || !ix["KeySchema"].IsArray()) continue;
      for (const auto& k : ix["KeySchema"].GetArray()) {
        if (k.IsObject() && k.HasMember("AttributeName") && k["AttributeName"].IsString()) {
          used.insert(k["AttributeName"].GetString());
        }
      }
    }
  }
  Value defs(rapidjson::kArrayType);
  for (const auto& d : source.attribute_definitions) {
    if (!used.count(d.name)) continue;
    Value e(rapidjson::kObjectType);
    e.AddMember("AttributeName", str(d.name, a), a);
    e.AddMember("AttributeType", str(attr_type_name(d.type), a), a);
    defs.PushBack(e, a);
  }
  create.AddMember("AttributeDefinitions", defs, a);
  if (!lsis.Empty()) create.AddMember("LocalSecondaryIndexes", lsis, a);
  if (!gsis.Empty()) create.AddMember("GlobalSecondaryIndexes", gsis, a);
  if (const Json* sse = opt_object(req, "SSESpecificationOverride")) {
    create.AddMember("SSESpecification", Value(*sse, a), a);
  } else if (source.sse_enabled) {
    Value sse(rapidjson::kObjectType);
    sse.AddMember("Enabled", true, a);
    sse.AddMember("SSEType", "KMS", a);
    if (!source.sse_kms_key.empty()) sse.AddMember("KMSMasterKeyId", str(source.sse_kms_key, a), a);
    create.AddMember("SSESpecification", sse, a);
  }
  return create;
}

}  // namespace

void table_already_exists(std::string_view name) {
  throw Error("TableAlreadyExistsException", "Table already exists: " + std::string(name));
}

Response restore_table(EngineImpl& engine, const Request& req, const catalog::TableSchema& source,
                       std::string_view target, catalog::TableSchema::RestoreSource from, const Fill& fill) {
  if (engine.catalog.find(target)) table_already_exists(target);
  rapidjson::Document create = create_request(req, source, target);
  NewTable table = read_new_table(create);
  table.schema.restored_from = std::move(from);
  const std::uint64_t id = engine.catalog.reserve_id();
  table.schema.id = id;
  const catalog::TableSchema& schema = table.schema;
  TableStats stats;
  fill(id, [&](std::string_view stored, rocksdb::WriteBatch& batch) {
    ++stats.item_count;
    stats.size_bytes += static_cast<std::int64_t>(storage::stored_item_size(stored));
    if (schema.indexes.empty()) return;
    const Item item = storage::decode_item(stored);
    append_index_changes(schema, nullptr, &item, batch);
  });
  catalog::SchemaPtr created;
  try {
    created = engine.catalog.create(std::move(table.schema));
  } catch (const Error& e) {
    if (e.type() != "ResourceInUseException") throw;
    // Another CreateTable or restore took the name while the items were copied.
    rocksdb::WriteBatch undo;
    undo.DeleteRange(storage::table_prefix(id), storage::table_prefix(id + 1));
    engine.store.write(undo);
    table_already_exists(target);
  }
  Response res(rapidjson::kObjectType);
  res.AddMember("TableDescription", table_description(*created, "ACTIVE", stats, res.GetAllocator()),
                res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
