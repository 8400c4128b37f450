// CreateSnapshot (dynamo-items' own API): saves the whole database, or the
// tables named in TableNames, under SnapshotName, replacing a snapshot of
// that name (backups/snapshot_store.h).
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request_schema.h"
#include "ops/snapshot_operations.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kCreateSnapshotRequest[] = {
    snapshot_name_member(),
    string_list("TableNames"),
};

}  // namespace

Response create_snapshot(EngineImpl& engine, const Request& req) {
  check_request(req, kCreateSnapshotRequest);
  const std::string name(*opt_string(req, "SnapshotName"));
  std::vector<std::string> tables;
  if (const Json* list = opt_array(req, "TableNames")) {
    if (list->Empty()) throw Error::validation("TableNames must name at least one table when given");
    for (const auto& t : list->GetArray()) tables.emplace_back(as_string(t));
  }
  const backups::Snapshot snapshot = engine.snapshots.create(name, tables);
  Response res(rapidjson::kObjectType);
  res.AddMember("SnapshotDescription", snapshot_description(snapshot, res.GetAllocator()), res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
