#include "ops/item_write.h"

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/index_maintenance.h"
#include "storage/item_codec.h"

namespace dynamo_items::ops {

std::optional<Item> read_item(EngineImpl& engine, const std::string& storage_key) {
  thread_local std::string buffer;
  if (!engine.store.get(storage_key, buffer)) return std::nullopt;
  return storage::decode_item(buffer);
}

void append_item_change(EngineImpl& engine, const catalog::TableSchema& table, const std::string& storage_key,
                        const Item* old_item, const Item* new_item, rocksdb::WriteBatch& batch) {
  if (!table.indexes.empty()) append_index_changes(table, old_item, new_item, batch);
  if (table.pitr_enabled) engine.recovery.append(table, storage_key, old_item, batch);
  if (table.stream_enabled) {
    engine.streams.append(table, old_item, new_item, streams::in_ttl_deletion(), batch);
  }
  if (new_item != nullptr) {
    thread_local std::string encoded;
    encoded.clear();
    storage::encode_item(*new_item, encoded);
    batch.Put(storage_key, encoded);
  } else {
    batch.Delete(storage_key);
  }
}

catalog::SchemaPtr current_schema(EngineImpl& engine, const catalog::TableSchema& table) {
  catalog::SchemaPtr now = engine.catalog.find(table.name);
  if (now == nullptr || now->id != table.id) {
    throw Error::resource_not_found("Requested resource not found");
  }
  return now;
}

WriteOutcome write_item(EngineImpl& engine, const catalog::TableSchema& fetched, const std::string& storage_key,
                        const Mutation& mutate, bool read_current, IndexKeyWrite how,
                        const WriteCondition* condition) {
  auto lock = engine.locks.lock(storage_key);
  catalog::SchemaPtr newer;
  if (fetched.superseded.get()) newer = current_schema(engine, fetched);
  const catalog::TableSchema& table = newer ? *newer : fetched;
  WriteOutcome outcome;
  // Index upkeep, stream records and recovery history need the item as it was.
  if (read_current || !table.indexes.empty() || table.stream_enabled || table.pitr_enabled) {
    outcome.old_item = read_item(engine, storage_key);
  }
  const Item* current = outcome.old_item ? &*outcome.old_item : nullptr;
  if (condition != nullptr && !condition->holds(current)) {
    outcome.condition_failed = true;
    return outcome;
  }
  outcome.new_item = mutate(current);
  if (!outcome.old_item && !outcome.new_item) return outcome;  // deleting nothing
  if (outcome.new_item && !table.indexes.empty()) check_index_keys(table, *outcome.new_item, how);
  rocksdb::WriteBatch batch;
  std::unique_lock<std::mutex> stream_lock;
  if (table.stream_enabled) stream_lock = std::unique_lock(engine.streams.write_mutex());
  append_item_change(engine, table, storage_key, outcome.old_item ? &*outcome.old_item : nullptr,
                     outcome.new_item ? &*outcome.new_item : nullptr, batch);
  engine.store.write(batch);
  return outcome;
}

}  // namespace dynamo_items::ops
