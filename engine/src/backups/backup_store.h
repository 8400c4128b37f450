// Backups (CreateBackup, RestoreTableFromBackup and their kin): a backup is a
// frozen image of a table's items, copied from one RocksDB iterator (a
// consistent point-in-time view, taken without blocking the table's writers)
// under a table id the catalog reserved for it, plus an entry recording its
// name, time and the table's definition. Both live in the store, so backups
// survive a restart of a persistent database.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "storage/store.h"

namespace dynamo_items::backups {

struct Backup {
  std::uint64_t image_id = 0;  // the reserved table id its items are kept under
  std::string name;
  double created = 0;           // seconds since epoch, millisecond precision
  std::string type = "USER";    // USER or SYSTEM
  std::int64_t size_bytes = 0;  // DynamoDB sizes of the items
  std::int64_t item_count = 0;
  catalog::TableSchema table;   // the source table's definition when it was taken

  // The ARN's last part: <creation time in ms>-<image id in hex>, unique and
  // in creation order, e.g. 01764979200123-0000002a.
  std::string arn_suffix() const;
};

class BackupStore {
 public:
  BackupStore(storage::Store& store, catalog::Catalog& catalog);

  // Copies the table's items into a new image and records the backup.
  Backup create(const catalog::TableSchema& table, std::string name, std::string type = "USER");
  std::optional<Backup> find(std::uint64_t image_id) const;
  // The image id an ARN suffix names (nullopt when it cannot name one).
  static std::optional<std::uint64_t> image_of(std::string_view arn_suffix);
  // Every backup, oldest first.
  std::vector<Backup> list() const;
  // Drops the entry and the image (one batch). False when there was none.
  bool remove(std::uint64_t image_id);

  // Writes the image's items into the table `target_id` (not yet published,
  // so no other writer touches it), calling `also` for each decoded item so
  // the caller adds its index entries to the same batch. Batches of a few MB:
  // a large restore never holds a lock other tables need.
  void copy_into(const Backup& backup, std::uint64_t target_id,
                 const std::function<void(std::string_view stored, rocksdb::WriteBatch&)>& also) const;

 private:
  storage::Store& store_;
  catalog::Catalog& catalog_;
  mutable std::mutex mutex_;  // entries: create/remove against each other
};

}  // namespace dynamo_items::backups
