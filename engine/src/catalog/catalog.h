// Catalog: the set of tables, persisted in the store and cached in memory.
// Lookups are lock-free for readers of an already-fetched schema (shared_ptr
// snapshots). Every change (create, update, remove) is a read-modify-write
// under one mutex that writes the catalog entry in the same WriteBatch as any
// data change it makes, so concurrent table-level changes never undo each
// other and a change racing DeleteTable cannot bring the table back.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include <rocksdb/write_batch.h>

#include "catalog/table_schema.h"
#include "storage/store.h"

namespace dynamo_items::catalog {

using SchemaPtr = std::shared_ptr<const TableSchema>;

class Catalog {
 public:
  // Loads every table from the store.
  explicit Catalog(storage::Store& store);

  // nullptr when absent.
  SchemaPtr find(std::string_view name) const;
  // Throws ResourceNotFoundException("Requested resource not found") when absent.
  SchemaPtr require(std::string_view name) const;
  // Throws ResourceNotFoundException with DescribeTable's wording when absent.
  SchemaPtr require_described(std::string_view name) const;

  // Edits a draft of the current schema; may add data changes to the batch
  // (written with the catalog entry) or throw to abort without a change.
  using Change = std::function<void(TableSchema& draft, rocksdb::WriteBatch& batch)>;

  // Assigns the id, lets `finish` complete the schema (parts built from the
  // id, such as a stream's key space) and persists. Throws
  // ResourceInUseException if it exists.
  // A schema whose id was reserved (reserve_id) keeps it: a restore writes the
  // table's items under the id first and publishes the table when they are all
  // there.
  SchemaPtr create(TableSchema schema, const Change& finish = {});
  // Takes a table id for data that is not (yet) a table: a restore's items,
  // a backup's frozen image. Ids are never given out twice.
  std::uint64_t reserve_id();
  // Applies `change` to the table's current schema under the catalog's lock
  // and publishes the result. Throws ResourceNotFoundException when absent.
  SchemaPtr update(std::string_view name, const Change& change);
  // Removes the table and all its data (one DeleteRange). Returns the schema.
  // With `keep`, the table's item and index keys stay where they are and
  // `keep` adds to the same batch whatever takes them over (an automatic
  // snapshot adopts them as its image).
  using Keep = std::function<void(const TableSchema& removed, rocksdb::WriteBatch& batch)>;
  SchemaPtr remove(std::string_view name, const Keep& keep = {});

  // Table names in ascending order.
  std::vector<std::string> names() const;

 private:
  storage::Store& store_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, SchemaPtr, std::less<>> tables_;
  std::uint64_t next_id_ = 1;
};

}  // namespace dynamo_items::catalog
