// DeleteSnapshot (dynamo-items' own API): drops the snapshot and its images.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/snapshot_operations.h"

namespace dynamo_items::ops {

Response delete_snapshot(EngineImpl& engine, const Request& req) {
  const std::string name = required_snapshot_name(req);
  const backups::Snapshot snapshot = require_snapshot(engine, name);
  if (!engine.snapshots.remove(name)) throw Error("SnapshotNotFoundException", "Snapshot not found: " + name);
  Response res(rapidjson::kObjectType);
  res.AddMember("SnapshotDescription", snapshot_description(snapshot, res.GetAllocator()), res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
