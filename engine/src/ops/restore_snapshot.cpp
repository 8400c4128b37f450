// RestoreSnapshot (dynamo-items' own API): puts the saved tables back as they
// were saved, each copied from its image into a fresh table id (items and
// index entries as they are, no rebuilding) and published at once, replacing
// a table of the same name. Restoring a whole-database snapshot also deletes
// the tables it does not hold. Streams start anew on restored tables that
// had one; point-in-time recovery, if on, starts its window at the restore.
#include <chrono>
#include <set>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/snapshot_operations.h"
#include "ops/stream_specification.h"
#include "storage/layout.h"

namespace dynamo_items::ops {

namespace {

void drop_table(EngineImpl& engine, const std::string& name) {
  try {
    engine.catalog.remove(name);
  } catch (const Error& e) {
    if (e.type() != "ResourceNotFoundException") throw;  // deleted meanwhile
  }
}

}  // namespace

Response restore_snapshot(EngineImpl& engine, const Request& req) {
  const backups::Snapshot snapshot = require_snapshot(engine, required_snapshot_name(req));
  std::set<std::string> saved;
  for (const auto& t : snapshot.tables) saved.insert(t.table.name);
  if (snapshot.whole) {
    for (const std::string& name : engine.catalog.names()) {
      if (!saved.count(name)) drop_table(engine, name);
    }
  }
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  for (const auto& t : snapshot.tables) {
    catalog::TableSchema schema = t.table;
    schema.id = engine.catalog.reserve_id();
    engine.snapshots.copy_into(t, schema.id);
    const bool had_stream = schema.stream_enabled;
    schema.stream_enabled = false;
    schema.stream_no = 0;
    schema.stream_label.clear();
    if (schema.pitr_enabled) schema.pitr_enabled_time = now;
    drop_table(engine, schema.name);
    try {
      engine.catalog.create(std::move(schema), [&](catalog::TableSchema& draft, rocksdb::WriteBatch&) {
        if (had_stream) start_stream(draft, draft.stream_view_type);
      });
    } catch (const Error& e) {
      if (e.type() != "ResourceInUseException") throw;
      throw Error::resource_in_use("Table " + t.table.name + " was created again while the snapshot was restored");
    }
  }
  Response res(rapidjson::kObjectType);
  res.AddMember("SnapshotDescription", snapshot_description(snapshot, res.GetAllocator()), res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
