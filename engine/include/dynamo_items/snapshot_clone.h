// Cloning a named snapshot from one Engine into another: what a server's
// named databases (X-Dynamo-Items-Database) are made from, so each parallel
// test gets its own copy of a seeded fixture. The target receives the
// snapshot's tables exactly as RestoreSnapshot would restore them there
// (items and index entries copied as stored, TTL and other settings as saved,
// streams started anew), without the snapshot entry itself.
//
// Usage:
//   auto seed = dynamo_items::Engine::open({}).value();
//   ... create tables, seed->save_snapshot("seeded") ...
//   auto test_db = dynamo_items::Engine::open({}).value();
//   auto cloned = dynamo_items::clone_snapshot(*seed, "seeded", *test_db);
//
// Thread safety: both engines keep serving requests meanwhile; a snapshot
// replaced or deleted during the copy is either cloned whole as it was when
// the copy began or reported as SnapshotNotFoundException, never half copied.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dynamo_items/engine.h"
#include "dynamo_items/result.h"

namespace dynamo_items {

struct ClonedSnapshot {
  std::vector<std::string> tables;  // the tables put into the target, by name
  std::int64_t item_count = 0;      // items they hold, as saved
};

// Puts the tables of `source`'s snapshot `name` into `target` (which may be
// `source` itself: then it is RestoreSnapshot). A snapshot of the whole
// database also drops the target's tables it does not hold; tables of the
// same name are replaced. SnapshotNotFoundException when there is no such
// snapshot.
Result<ClonedSnapshot> clone_snapshot(Engine& source, std::string_view name, Engine& target);

}  // namespace dynamo_items
