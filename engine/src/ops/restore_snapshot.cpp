// RestoreSnapshot (dynamo-items' own API): puts the saved tables back as they
// were saved, each a copy of its image under a fresh table id (items and
// index entries as they are, no rebuilding; usually the spare copy made in
// the background, backups/snapshot_store.h) published at once, replacing
// a table of the same name. Restoring a whole-database snapshot also deletes
// the tables it does not hold. Streams start anew on restored tables that
// had one; point-in-time recovery, if on, starts its window at the restore
// (backups/snapshot_restore.h, shared with clone_snapshot).
#include "backups/snapshot_restore.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request_schema.h"
#include "ops/snapshot_operations.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kRestoreSnapshotRequest[] = {
    snapshot_name_member(),
};

}  // namespace

Response restore_snapshot(EngineImpl& engine, const Request& req) {
  check_request(req, kRestoreSnapshotRequest);
  const backups::Snapshot snapshot = require_snapshot(engine, std::string(*opt_string(req, "SnapshotName")));

  backups::restore_tables(engine, snapshot, [&](const backups::SnapshotTable& saved) {
    return engine.snapshots.take_copy(snapshot.name, saved);
  });
  Response res(rapidjson::kObjectType);
  res.AddMember("SnapshotDescription", snapshot_description(snapshot, res.GetAllocator()), res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
