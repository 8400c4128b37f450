// Named snapshots for test fixtures (beyond DynamoDB's API): the whole
// database, or a list of its tables, saved under a name and restored in one
// call. Each table is copied whole (items and index entries) from one
// RocksDB snapshot into an image under a reserved table id, so a snapshot of
// several tables is one consistent moment; a restore copies the images back
// into fresh table ids. Entries live in the store: snapshots survive a
// restart of a persistent database.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "storage/store.h"

namespace dynamo_items::backups {

struct SnapshotTable {
  std::uint64_t image_id = 0;
  std::int64_t item_count = 0;
  catalog::TableSchema table;  // its definition when saved (its id: the source's)
};

struct Snapshot {
  std::string name;
  double created = 0;  // seconds since epoch
  bool whole = true;   // the whole database: restoring drops tables not in it
  bool automatic = false;  // taken by DeleteTable (SnapshotStore::adopt_deleted)
  std::vector<SnapshotTable> tables;
};

class SnapshotStore {
 public:
  SnapshotStore(storage::Store& store, catalog::Catalog& catalog);

  // Saves `tables` (every table when empty), replacing a snapshot of the same
  // name. Throws ResourceNotFoundException for a table that does not exist.
  Snapshot create(std::string name, const std::vector<std::string>& tables);
  std::optional<Snapshot> find(std::string_view name) const;
  std::vector<Snapshot> list() const;  // by name
  bool remove(std::string_view name);

  // DeleteTable's automatic snapshot, "deleted.<table>": the deleted table's
  // keys become its image, so it costs no copy. Added to the catalog's removal
  // batch (Catalog::remove's `keep`). Replaces an earlier one of the table;
  // only the newest kMaxAutomatic are kept, so a suite that deletes many
  // uniquely named tables does not keep them all.
  static constexpr std::size_t kMaxAutomatic = 10;
  static std::string deleted_name(std::string_view table) { return "deleted." + std::string(table); }
  void adopt_deleted(const catalog::TableSchema& table, std::int64_t item_count, rocksdb::WriteBatch& batch);

  // Copies a saved table's keys (items and index entries) under target_id.
  void copy_into(const SnapshotTable& table, std::uint64_t target_id) const;

 private:
  void drop_images(const Snapshot& snapshot, rocksdb::WriteBatch& batch) const;

  storage::Store& store_;
  catalog::Catalog& catalog_;
  mutable std::mutex mutex_;  // create/remove of entries against each other
};

}  // namespace dynamo_items::backups
