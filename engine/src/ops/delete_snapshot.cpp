// DeleteSnapshot (dynamo-items' own API): drops the snapshot and its images.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request_schema.h"
#include "ops/snapshot_operations.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kDeleteSnapshotRequest[] = {
    snapshot_name_member(),
};

}  // namespace

Response delete_snapshot(EngineImpl& engine, const Request& req) {
  check_request(req, kDeleteSnapshotRequest);
  const std::string name(*opt_string(req, "SnapshotName"));
  const backups::Snapshot snapshot = require_snapshot(engine, name);
  if (!engine.snapshots.remove(name)) throw Error("SnapshotNotFoundException", "Snapshot not found: " + name);
  Response res(rapidjson::kObjectType);
  res.AddMember("SnapshotDescription", snapshot_description(snapshot, res.GetAllocator()), res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
