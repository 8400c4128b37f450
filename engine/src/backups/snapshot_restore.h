// Putting a snapshot's tables into an engine: what RestoreSnapshot does in the
// snapshot's own engine and clone_snapshot (dynamo_items/snapshot_clone.h) in
// another. Only where the images' keys come from differs, so the caller
// passes the copy; the publishing rules live here once.
#pragma once

#include <cstdint>
#include <functional>

#include "backups/snapshot_store.h"

namespace dynamo_items {
class EngineImpl;
}

namespace dynamo_items::backups {

// Gives a table id of the target that holds a copy of one saved table's keys
// and that nothing else uses.
using CopyImage = std::function<std::uint64_t(const SnapshotTable& saved)>;

// Each saved table is copied into a fresh id of `target` and published at
// once, replacing a table of the same name; a whole-database snapshot also
// drops the tables it does not hold. Streams start anew on tables that had
// one; point-in-time recovery, if on, starts its window now.
void restore_tables(EngineImpl& target, const Snapshot& snapshot, const CopyImage& copy);

}  // namespace dynamo_items::backups
