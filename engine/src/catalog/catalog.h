// Catalog: the set of tables, persisted in the store and cached in memory.
// Lookups are lock-free for readers of an already-fetched schema (shared_ptr
// snapshots); create/delete serialize on one mutex and write the catalog
// entry in the same WriteBatch as any data change they make.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

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

  // Assigns the id and persists. Throws ResourceInUseException if it exists.
  SchemaPtr create(TableSchema schema);
  // Persists a changed schema of an existing table.
  SchemaPtr replace(TableSchema schema);
  // Removes the table and all its data (one DeleteRange). Returns the schema.
  SchemaPtr remove(std::string_view name);

  // Table names in ascending order.
  std::vector<std::string> names() const;

 private:
  storage::Store& store_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, SchemaPtr, std::less<>> tables_;
  std::uint64_t next_id_ = 1;
};

}  // namespace dynamo_items::catalog
