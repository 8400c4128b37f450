// ListSnapshots (dynamo-items' own API): every snapshot, by name.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/snapshot_operations.h"

namespace dynamo_items::ops {

Response list_snapshots(EngineImpl& engine, const Request& req) {
  check_request(req, {});  // no members: only an object
  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& s : engine.snapshots.list()) list.PushBack(snapshot_description(s, a), a);
  res.AddMember("Snapshots", list, a);
  return res;
}

}  // namespace dynamo_items::ops
