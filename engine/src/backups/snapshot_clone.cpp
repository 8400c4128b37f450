// clone_snapshot (dynamo_items/snapshot_clone.h): a snapshot's images read
// from the source engine's store, written under fresh ids of the target's,
// then published there by the same rules as RestoreSnapshot.
#include "dynamo_items/snapshot_clone.h"

#include "backups/image_copy.h"
#include "backups/snapshot_restore.h"
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "storage/layout.h"

namespace dynamo_items {

namespace {

bool same_images(const backups::Snapshot& a, const backups::Snapshot& b) {
  if (a.tables.size() != b.tables.size()) return false;
  for (std::size_t i = 0; i < a.tables.size(); ++i) {
    if (a.tables[i].image_id != b.tables[i].image_id) return false;
  }
  return true;
}

backups::Snapshot require(EngineImpl& engine, const std::string& name) {
  if (auto s = engine.snapshots.find(name)) return *s;
  throw Error("SnapshotNotFoundException", "Snapshot not found: " + name);
}

}  // namespace

Result<ClonedSnapshot> clone_snapshot(Engine& source, std::string_view name, Engine& target) {
  try {
    EngineImpl& from = source.impl();
    EngineImpl& to = target.impl();
    const std::string wanted(name);
    // The images must be read as one RocksDB view in which they all exist.
    // Image ids are never reused, so an entry naming the same images before
    // and after the view was taken was there, unchanged, when it was taken;
    // otherwise CreateSnapshot or DeleteSnapshot raced us: look again.
    for (int attempt = 0;; ++attempt) {
      const backups::Snapshot snapshot = require(from, wanted);
      auto at = from.store.snapshot();
      if (!same_images(snapshot, require(from, wanted))) {
        if (attempt < 8) continue;
        throw Error::resource_in_use("Snapshot " + wanted + " keeps changing; try again");
      }
      ClonedSnapshot out;
      backups::restore_tables(to, snapshot, [&](const backups::SnapshotTable& saved) {
        const std::uint64_t id = to.catalog.reserve_id();
        backups::copy_keys_between(from.store, storage::table_prefix(saved.image_id), to.store,
                                   storage::table_prefix(id), at.get());
        out.tables.push_back(saved.table.name);
        out.item_count += saved.item_count;
        return id;
      });
      return out;
    }
  } catch (const Error& e) {
    return e;
  } catch (const std::exception& e) {
    return Error::internal(e.what());
  }
}

}  // namespace dynamo_items
