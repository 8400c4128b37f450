// UpdateTable: billing mode and throughput changes, and global secondary
// indexes created (backfilled from the table's items) or deleted. A new
// index is published first, so concurrent writes maintain it, then each item
// is indexed under its own lock, so the backfill never writes a stale entry.
#include <chrono>
#include <set>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "keys/key_codec.h"
#include "ops/index_maintenance.h"
#include "ops/item_write.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/stream_specification.h"
#include "ops/table_settings.h"
#include "ops/table_definition.h"
#include "ops/table_description.h"
#include "storage/item_codec.h"
#include "storage/layout.h"

namespace dynamo_items::ops {

namespace {

void backfill(EngineImpl& engine, const catalog::TableSchema& table, const catalog::IndexSchema& index) {
  std::vector<std::string> item_keys;
  {
    const std::string lower = storage::items_prefix(table.id);
    const std::string upper = keys::prefix_successor(lower);
    rocksdb::Slice lo(lower), hi(upper);
    auto it = engine.store.iterator(&lo, &hi);
    for (it->SeekToFirst(); it->Valid(); it->Next()) item_keys.push_back(it->key().ToString());
  }
  for (const auto& key : item_keys) {
    auto lock = engine.locks.lock(key);
    std::optional<Item> item = read_item(engine, key);
    if (!item) continue;
    if (auto entry = index_entry_key(table, index, *item)) {
      rocksdb::WriteBatch batch;
      batch.Put(*entry, storage::encode_item(project_for_index(table, index, *item)));
      engine.store.write(batch);
    }
  }
}

// The constraint checks of DynamoDB's request model for the parts of
// UpdateTable that define attributes and new indexes: attribute names of 1 to
// 255 characters, index names of 3 to 255 from [a-zA-Z0-9_.-], key types and
// attribute types from their enums, a Projection on every Create.
void constrain_definitions(const Json& req, ConstraintErrors& errors) {
  if (const Json* defs = opt_array(req, "AttributeDefinitions")) {
    for (rapidjson::SizeType i = 0; i < defs->Size(); ++i) {
      const auto& d = as_object((*defs)[i]);
      const std::string p = "attributeDefinitions." + std::to_string(i + 1) + ".member";
      errors.not_null(member(d, "AttributeName"), p + ".attributeName");
      if (auto name = opt_string(d, "AttributeName")) {
        errors.min_length(name->size(), 1, std::string(*name), p + ".attributeName");
        errors.max_length(name->size(), 255, std::string(*name), p + ".attributeName");
      }
      errors.not_null(member(d, "AttributeType"), p + ".attributeType");
      errors.enum_value(opt_string(d, "AttributeType"), p + ".attributeType", {"B", "N", "S"});
    }
  }
  const Json* updates = opt_array(req, "GlobalSecondaryIndexUpdates");
  if (updates == nullptr) return;
  for (rapidjson::SizeType i = 0; i < updates->Size(); ++i) {
    const Json* create = opt_object(as_object((*updates)[i]), "Create");
    if (create == nullptr) continue;
    const std::string p = "globalSecondaryIndexUpdates." + std::to_string(i + 1) + ".member.create";
    errors.index_name(opt_string(*create, "IndexName"), p + ".indexName");
    const Json* ks = opt_array(*create, "KeySchema");
    errors.not_null(ks, p + ".keySchema");
    if (ks != nullptr) {
      for (rapidjson::SizeType k = 0; k < ks->Size(); ++k) {
        const auto& e = as_object((*ks)[k]);
        const std::string kp = p + ".keySchema." + std::to_string(k + 1) + ".member";
        errors.not_null(member(e, "KeyType"), kp + ".keyType");
        errors.enum_value(opt_string(e, "KeyType"), kp + ".keyType", {"HASH", "RANGE"});
        errors.not_null(member(e, "AttributeName"), kp + ".attributeName");
        if (auto name = opt_string(e, "AttributeName")) {
          errors.min_length(name->size(), 1, std::string(*name), kp + ".attributeName");
          errors.max_length(name->size(), 255, std::string(*name), kp + ".attributeName");
        }
      }
      if (ks->Empty()) errors.min_length(0, 1, "[]", p + ".keySchema");
    }
    errors.not_null(opt_object(*create, "Projection"), p + ".projection");
  }
}

// The change UpdateTable asks for, applied to a draft of the current schema
// under the catalog's lock (so it is checked against what is there now):
// names of the indexes to create (backfilled after publication) and the
// deleted indexes.
void apply_update(const Request& req, const Json* pt, std::optional<std::string_view> billing,
                  const Json* gsi_updates, const std::optional<StreamSpec>& stream, catalog::TableSchema& schema,
                  std::vector<std::string>& created, std::vector<catalog::IndexSchema>& deleted) {
  const bool other_changes = member(req, "StreamSpecification") != nullptr || has_table_settings(req);
  if (pt == nullptr && !billing && gsi_updates == nullptr && !other_changes) {
    throw Error::validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, "
        "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
        "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required");
  }
  if (stream) apply_stream_on_update(*stream, schema);
  if (billing) schema.billing_mode = std::string(*billing);
  if (schema.billing_mode == "PAY_PER_REQUEST") {
    if (pt != nullptr) {
      invalid_parameter(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    schema.read_capacity = schema.write_capacity = 0;
  } else if (pt != nullptr) {
    const std::int64_t read = opt_int(*pt, "ReadCapacityUnits").value_or(schema.read_capacity);
    const std::int64_t write = opt_int(*pt, "WriteCapacityUnits").value_or(schema.write_capacity);
    if (read == schema.read_capacity && write == schema.write_capacity && gsi_updates == nullptr && !other_changes) {
      throw Error::validation(
          "The provisioned throughput for the table will not change. The requested value equals the current value. "
          "Current ReadCapacityUnits provisioned for the table: " + std::to_string(schema.read_capacity) +
          ". Requested ReadCapacityUnits: " + std::to_string(read) +
          ". Current WriteCapacityUnits provisioned for the table: " + std::to_string(schema.write_capacity) +
          ". Requested WriteCapacityUnits: " + std::to_string(write) +
          ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
    }
    schema.read_capacity = read;
    schema.write_capacity = write;
  } else if (billing && schema.read_capacity == 0) {
    invalid_parameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
  }
  apply_table_settings(req, false, schema);

  // Attribute definitions may only grow by the new index keys.
  std::map<std::string, AttrType> defs;
  std::vector<std::string> def_names;
  for (const auto& d : schema.attribute_definitions) {
    defs[d.name] = d.type;
    def_names.push_back(d.name);
  }
  // A new index's keys must be defined in this request's AttributeDefinitions,
  // even those the table already defines.
  std::map<std::string, AttrType> request_defs;
  std::vector<std::string> request_def_names;
  if (const Json* new_defs = opt_array(req, "AttributeDefinitions")) {
    for (const auto& d : new_defs->GetArray()) {
      std::string name(as_string(d["AttributeName"]));
      auto type = catalog::key_type_from_name(as_string(d["AttributeType"]));
      if (!type) invalid_parameter("Invalid AttributeType for attribute " + name);
      if (request_defs.emplace(name, *type).second) request_def_names.push_back(name);
      if (!defs.count(name)) {
        defs[name] = *type;
        def_names.push_back(name);
        schema.attribute_definitions.push_back({name, *type});
      }
    }
  }

  if (gsi_updates != nullptr) {
    for (const auto& u : gsi_updates->GetArray()) {
      if (const Json* create = opt_object(as_object(u), "Create")) {
        catalog::IndexSchema ix;
        ix.name = std::string(opt_string(*create, "IndexName").value_or(""));
        for (const auto& existing : schema.indexes) {
          if (existing.name == ix.name) throw Error::validation("Attempting to create an index which already exists");
        }
        if (request_def_names.empty()) invalid_parameter("AttributeDefinitions is not specified for index: " + ix.name);
        KeySchemaSpec spec = check_key_schema((*create)["KeySchema"], request_defs, request_def_names, false, true);
        // An attribute the table already defines keeps its type: DynamoDB
        // ignores a conflicting redeclaration and keys the index by the old one.
        for (const auto& name : spec.hash_keys) ix.hash_keys.push_back({name, defs.at(name)});
        for (const auto& name : spec.range_keys) ix.range_keys.push_back({name, defs.at(name)});
        if (const Json* proj = opt_object(*create, "Projection")) {
          ix.projection.type = std::string(opt_string(*proj, "ProjectionType").value_or("ALL"));
          if (const Json* nk = opt_array(*proj, "NonKeyAttributes")) {
            for (const auto& a : nk->GetArray()) ix.projection.non_key_attributes.emplace_back(as_string(a));
          }
        }
        if (const Json* ipt = opt_object(*create, "ProvisionedThroughput")) {
          ix.read_capacity = opt_int(*ipt, "ReadCapacityUnits").value_or(0);
          ix.write_capacity = opt_int(*ipt, "WriteCapacityUnits").value_or(0);
        }
        if (schema.next_index_no == 255) throw Error::limit_exceeded("Too many index changes on table " + schema.name);
        ix.index_no = schema.next_index_no++;
        created.push_back(ix.name);
        schema.indexes.push_back(std::move(ix));
      } else if (const Json* del = opt_object(u, "Delete")) {
        std::string name(opt_string(*del, "IndexName").value_or(""));
        auto it = std::find_if(schema.indexes.begin(), schema.indexes.end(),
                               [&](const auto& ix) { return ix.global && ix.name == name; });
        if (it == schema.indexes.end()) {
          throw Error::resource_not_found("Requested resource not found: Requested index not found: " + name);
        }
        deleted.push_back(*it);
        schema.indexes.erase(it);
      } else if (const Json* upd = opt_object(u, "Update")) {
        std::string name(opt_string(*upd, "IndexName").value_or(""));
        auto it = std::find_if(schema.indexes.begin(), schema.indexes.end(),
                               [&](const auto& ix) { return ix.global && ix.name == name; });
        if (it == schema.indexes.end()) {
          throw Error::resource_not_found("Requested resource not found: Requested index not found: " + name);
        }
        if (const Json* ipt = opt_object(*upd, "ProvisionedThroughput")) {
          it->read_capacity = opt_int(*ipt, "ReadCapacityUnits").value_or(it->read_capacity);
          it->write_capacity = opt_int(*ipt, "WriteCapacityUnits").value_or(it->write_capacity);
        }
      }
    }
  }

}

}  // namespace

Response update_table(EngineImpl& engine, const Request& req) {
  check_table_name_present(req);
  ConstraintErrors errors;
  errors.table_name(opt_string(req, "TableName"), "tableName");
  auto billing = opt_string(req, "BillingMode");
  errors.enum_value(billing, "billingMode", {"PROVISIONED", "PAY_PER_REQUEST"});
  const Json* pt = opt_object(req, "ProvisionedThroughput");
  if (pt != nullptr) {
    errors.min_value(opt_int(*pt, "WriteCapacityUnits"), 1, "provisionedThroughput.writeCapacityUnits");
    errors.min_value(opt_int(*pt, "ReadCapacityUnits"), 1, "provisionedThroughput.readCapacityUnits");
  }
  const Json* gsi_updates = opt_array(req, "GlobalSecondaryIndexUpdates");
  // An empty list asks for nothing, as if it were absent.
  if (gsi_updates != nullptr && gsi_updates->Empty()) gsi_updates = nullptr;
  constrain_definitions(req, errors);
  const std::optional<StreamSpec> stream = read_stream_specification(req, errors);
  errors.throw_if_any();

  const std::string table_name(*opt_string(req, "TableName"));
  engine.catalog.require_described(table_name);
  std::vector<std::string> created;
  std::vector<catalog::IndexSchema> deleted;
  auto published = engine.catalog.update(table_name, [&](catalog::TableSchema& schema, rocksdb::WriteBatch& batch) {
    created.clear();
    deleted.clear();
    apply_update(req, pt, billing, gsi_updates, stream, schema, created, deleted);
    for (const auto& ix : deleted) {
      batch.DeleteRange(storage::index_prefix(schema.id, ix.index_no),
                        keys::prefix_successor(storage::index_prefix(schema.id, ix.index_no)));
    }
  });
  for (const auto& name : created) {
    for (const auto& ix : published->indexes) {
      if (ix.name == name) backfill(engine, *published, ix);
    }
  }

  Response res(rapidjson::kObjectType);
  res.AddMember("TableDescription", table_description(*published, "ACTIVE", table_stats(engine, *published),
                                                       res.GetAllocator()),
                res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
