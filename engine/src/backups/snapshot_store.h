// Named snapshots for test fixtures (beyond DynamoDB's API): the whole
// database, or a list of its tables, saved under a name and restored in one
// call. Each table is copied whole (items and index entries) from one
// RocksDB snapshot into an image under a reserved table id, so a snapshot of
// several tables is one consistent moment. A restore publishes a copy of each
// image under a fresh table id; the copy is made ahead, in the background,
// after CreateSnapshot and after each restore (a "spare"), so a suite that
// restores between tests finds it ready and pays no copy. Entries live in the
// store: snapshots and their spares survive a restart of a persistent
// database.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.h"
#include "storage/store.h"

namespace dynamo_items::backups {

struct SnapshotTable {
  std::uint64_t image_id = 0;
  std::int64_t item_count = 0;
  catalog::TableSchema table;  // its definition when saved (its id: the source's)
  // A finished copy of the image for the next restore to take (0: none), and
  // the id of one being made (0: none; a partial one left by a crash is
  // dropped at open).
  std::uint64_t spare_id = 0;
  std::uint64_t pending_id = 0;
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
  ~SnapshotStore();  // stops a spare copy under way (its keys dropped)
  SnapshotStore(const SnapshotStore&) = delete;
  SnapshotStore& operator=(const SnapshotStore&) = delete;

  // Saves `tables` (every table when empty), replacing a snapshot of the same
  // name, and starts making its spares. Throws ResourceNotFoundException for
  // a table that does not exist.
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

  // A table id holding a copy of a saved table's keys (items and index
  // entries), for RestoreSnapshot to publish: the snapshot's spare when one
  // is ready (taken out of the entry), else the spare being made, waited
  // for, else a copy made now. Then another spare is made in the background.
  std::uint64_t take_copy(std::string_view snapshot, const SnapshotTable& table);

 private:
  void drop_images(const Snapshot& snapshot, rocksdb::WriteBatch& batch) const;
  void write_entry(const Snapshot& snapshot);
  void make_spares_later(std::string name);  // mutex_ held
  void drop_partial_spares();                // at open
  void spare_loop();

  storage::Store& store_;
  catalog::Catalog& catalog_;
  // Entries against each other and the spare maker. Never held while taking
  // the catalog's lock (reserve_id): DeleteTable holds that one and then
  // takes this one (adopt_deleted).
  mutable std::mutex mutex_;
  std::condition_variable spare_done_;
  std::condition_variable spare_wanted_;
  std::deque<std::string> spares_wanted_;  // snapshot names
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};
  std::thread spare_maker_;  // started by the first spare wanted
};

}  // namespace dynamo_items::backups
