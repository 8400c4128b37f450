// The one write path for single items (PutItem, UpdateItem, DeleteItem,
// BatchWriteItem): under the item's key lock it reads the current item,
// lets the operation decide the new state (or throw, e.g. a failed
// condition), and writes the item together with everything that must change
// with it (index entries, stream records) in one WriteBatch. A condition and
// its write are therefore atomic with respect to every other writer.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <rocksdb/write_batch.h>

#include "catalog/catalog.h"
#include "catalog/table_schema.h"
#include "ops/index_maintenance.h"
#include "ops/write_condition.h"
#include "dynamo_items/attribute_value.h"

namespace dynamo_items {
class EngineImpl;
}

namespace dynamo_items::ops {

// Returns the item's new state: an Item to store, nullopt to delete it.
// current is nullptr when the item does not exist. May throw to abort.
using Mutation = std::function<std::optional<Item>(const Item* current)>;

struct WriteOutcome {
  std::optional<Item> old_item;
  std::optional<Item> new_item;
  // The write's condition did not hold: nothing was written, old_item is the
  // item it was checked against.
  bool condition_failed = false;
};

// read_current false: the caller asserts that nothing depends on the current
// item (no condition, no old values returned, no consumed capacity reported,
// no secondary index to update), so it is not read and mutate gets nullptr:
// a blind replace, still under the key lock. It saves a RocksDB read and an
// item decode on the common unconditional PutItem.
// how: the write's kind, for the wording of an index key error.
// condition: checked against the current item before mutate runs; when it
// does not hold, the outcome says so and nothing is written.
WriteOutcome write_item(EngineImpl& engine, const catalog::TableSchema& table, const std::string& storage_key,
                        const Mutation& mutate, bool read_current = true, IndexKeyWrite how = IndexKeyWrite::kPut,
                        const WriteCondition* condition = nullptr);

// Adds to `batch` every key change that moving the item at storage_key from
// old_item to new_item requires (the item itself, index entries, stream
// records and point-in-time recovery history). Used by write_item and by transactions.
// REQUIRES: engine.streams.write_mutex() held when the table's stream is
// enabled, until the batch is written.
void append_item_change(EngineImpl& engine, const catalog::TableSchema& table, const std::string& storage_key,
                        const Item* old_item, const Item* new_item, rocksdb::WriteBatch& batch);

// The table's schema now, for a writer holding its key lock whose schema
// was superseded (TableSchema::superseded). Throws ResourceNotFoundException
// when the table was deleted meanwhile.
catalog::SchemaPtr current_schema(EngineImpl& engine, const catalog::TableSchema& table);

// Reads one item; nullopt when absent.
std::optional<Item> read_item(EngineImpl& engine, const std::string& storage_key);

}  // namespace dynamo_items::ops
