// Point-in-time recovery: while a table has it enabled, every write to one of
// its items also records, in the same WriteBatch, the item's state before
// the write (or its absence) under the write's time. The table as it was at
// time T is then its items now, except that each item written after T takes
// the state recorded by its first write after T. Entries older than the
// recovery period are pruned; disabling recovery or deleting the table drops
// them all.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <rocksdb/write_batch.h>

#include "catalog/table_schema.h"
#include "dynamo_items/attribute_value.h"
#include "storage/store.h"

namespace dynamo_items::backups {

class RecoveryLog {
 public:
  explicit RecoveryLog(storage::Store& store);

  // Records the state of the item at storage_key before this write.
  // REQUIRES: the item's key lock is held until the batch is written (so one
  // item's entries follow its writes' order).
  void append(const catalog::TableSchema& table, std::string_view storage_key, const Item* old_item,
              rocksdb::WriteBatch& batch);

  // Writes the items of table `table_id` as they were at time_ms (inclusive)
  // into table `target_id`, in batches, calling `each` for every item
  // written so the caller adds its index entries. Returns the item count.
  std::int64_t restore(std::uint64_t table_id, std::uint64_t time_ms, std::uint64_t target_id,
                       const std::function<void(std::string_view stored, rocksdb::WriteBatch&)>& each) const;

  // Entries of the table older than before_ms, or all of them.
  static void prune(std::uint64_t table_id, std::uint64_t before_ms, rocksdb::WriteBatch& batch);
  static void drop(std::uint64_t table_id, rocksdb::WriteBatch& batch);

  static std::uint64_t now_ms();

 private:
  storage::Store& store_;
  std::atomic<std::uint64_t> seq_;
};

}  // namespace dynamo_items::backups
