// DescribeTimeToLive: whether expired items are deleted, and by which attribute.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"

namespace dynamo_items::ops {

Response describe_time_to_live(EngineImpl& engine, const Request& req) {
  auto table = engine.catalog.require_described(required_table_name(req));
  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value d(rapidjson::kObjectType);
  if (table->ttl_attribute.empty()) {
    d.AddMember("TimeToLiveStatus", "DISABLED", a);
  } else {
    d.AddMember("TimeToLiveStatus", "ENABLED", a);
    d.AddMember("AttributeName", rapidjson::Value(table->ttl_attribute.c_str(), a), a);
  }
  res.AddMember("TimeToLiveDescription", d, a);
  return res;
}

}  // namespace dynamo_items::ops
