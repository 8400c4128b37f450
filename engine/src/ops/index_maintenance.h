// Secondary indexes (GSI and LSI) kept in the same WriteBatch as the item:
// an item with every key attribute of an index has one entry in it, holding
// the projected attributes; items without them are absent (sparse indexes).
#pragma once

#include <optional>
#include <string>

#include <rocksdb/write_batch.h>

#include "catalog/table_schema.h"
#include "dynamo_items/attribute_value.h"

namespace dynamo_items::ops {

// Which write produced the item: DynamoDB words an empty index key value
// differently when an update expression put it there.
enum class IndexKeyWrite { kPut, kUpdate };

// Throws DynamoDB's ValidationException when the item has an index key
// attribute of the wrong type or an empty string/binary index key.
void check_index_keys(const catalog::TableSchema& table, const Item& item, IndexKeyWrite how = IndexKeyWrite::kPut);

// Whether some index key attribute of the item has the wrong type (as
// opposed to an empty value): transactions cancel for the first, and refuse
// the whole request for the second.
bool has_index_key_type_mismatch(const catalog::TableSchema& table, const Item& item);

// The entry's storage key, or nullopt when the item is not in the index.
std::optional<std::string> index_entry_key(const catalog::TableSchema& table, const catalog::IndexSchema& index,
                                           const Item& item);

// The attributes an index stores for an item: its projection plus the table's
// and the index's key attributes.
Item project_for_index(const catalog::TableSchema& table, const catalog::IndexSchema& index, const Item& item);

// Deletes the old entries and puts the new ones of every index.
void append_index_changes(const catalog::TableSchema& table, const Item* old_item, const Item* new_item,
                          rocksdb::WriteBatch& batch);

}  // namespace dynamo_items::ops
