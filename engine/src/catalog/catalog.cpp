#include "catalog/catalog.h"

#include <rocksdb/write_batch.h>

#include "dynamo_items/error.h"
#include "keys/key_codec.h"
#include "storage/layout.h"
#include "streams/stream_log.h"

namespace dynamo_items::catalog {

namespace {
const char* kNextTableId = "next_table_id";
}

Catalog::Catalog(storage::Store& store) : store_(store) {
  const std::string prefix = storage::catalog_prefix();
  const std::string upper = keys::prefix_successor(prefix);
  rocksdb::Slice lo(prefix), hi(upper);
  auto it = store_.iterator(&lo, &hi);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto schema = std::make_shared<TableSchema>(parse_schema(it->value().ToStringView()));
    tables_[schema->name] = schema;
  }
  if (auto next = store_.get(storage::meta_key(kNextTableId))) next_id_ = storage::read_u64(*next);
}

SchemaPtr Catalog::find(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

SchemaPtr Catalog::require(std::string_view name) const {
  if (auto s = find(name)) return s;
  throw Error::resource_not_found();
}

SchemaPtr Catalog::require_described(std::string_view name) const {
  if (auto s = find(name)) return s;
  throw Error::resource_not_found("Requested resource not found: Table: " + std::string(name) + " not found");
}

SchemaPtr Catalog::create(TableSchema schema, const Change& finish) {
  std::unique_lock lock(mutex_);
  if (tables_.count(schema.name)) throw Error::resource_in_use("Table already exists: " + schema.name);
  const bool reserved = schema.id != 0;
  if (!reserved) schema.id = next_id_;
  rocksdb::WriteBatch batch;
  if (finish) finish(schema, batch);
  if (!reserved) {
    std::string next;
    storage::append_u64(next, next_id_ + 1);
    batch.Put(storage::meta_key(kNextTableId), next);
  }
  batch.Put(storage::catalog_key(schema.name), serialize_schema(schema));
  store_.write(batch);
  if (!reserved) ++next_id_;
  auto ptr = std::make_shared<const TableSchema>(std::move(schema));
  tables_[ptr->name] = ptr;
  return ptr;
}

std::uint64_t Catalog::reserve_id() {
  std::unique_lock lock(mutex_);
  std::string next;
  storage::append_u64(next, next_id_ + 1);
  rocksdb::WriteBatch batch;
  batch.Put(storage::meta_key(kNextTableId), next);
  store_.write(batch);
  return next_id_++;
}

SchemaPtr Catalog::update(std::string_view name, const Change& change) {
  std::unique_lock lock(mutex_);
  auto it = tables_.find(name);
  if (it == tables_.end()) {
    throw Error::resource_not_found("Requested resource not found: Table: " + std::string(name) + " not found");
  }
  TableSchema draft = *it->second;
  rocksdb::WriteBatch batch;
  change(draft, batch);
  batch.Put(storage::catalog_key(draft.name), serialize_schema(draft));
  store_.write(batch);
  auto ptr = std::make_shared<const TableSchema>(std::move(draft));
  it->second->superseded.set();
  it->second = ptr;
  return ptr;
}

SchemaPtr Catalog::remove(std::string_view name, const Keep& keep) {
  std::unique_lock lock(mutex_);
  auto it = tables_.find(name);
  if (it == tables_.end()) {
    throw Error::resource_not_found("Requested resource not found: Table: " + std::string(name) + " not found");
  }
  SchemaPtr schema = it->second;
  rocksdb::WriteBatch batch;
  batch.Delete(storage::catalog_key(schema->name));
  if (keep) {
    keep(*schema, batch);
  } else {
    batch.DeleteRange(storage::table_prefix(schema->id), storage::table_prefix(schema->id + 1));
  }
  // Its point-in-time recovery history (backups/recovery_log.h).
  batch.DeleteRange(storage::history_start(schema->id, 0), storage::history_start(schema->id + 1, 0));
  // Every stream the table ever had: their numbers are table_id << 16 | n.
  if (schema->stream_no != 0) {
    batch.DeleteRange(storage::stream_prefix(schema->id << 16), storage::stream_prefix((schema->id + 1) << 16));
  }
  store_.write(batch);
  schema->superseded.set();
  tables_.erase(it);
  return schema;
}

std::vector<std::string> Catalog::names() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  out.reserve(tables_.size());
  for (const auto& [name, _] : tables_) out.push_back(name);
  return out;
}

}  // namespace dynamo_items::catalog
