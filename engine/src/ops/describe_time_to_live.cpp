// DescribeTimeToLive: whether expired items are deleted, and by which attribute.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kDescribeTimeToLiveRequest[] = {
    table_name_member(),
};

}  // namespace

Response describe_time_to_live(EngineImpl& engine, const Request& req) {
  check_request(req, kDescribeTimeToLiveRequest);
  auto table = engine.catalog.require_described(std::string(*opt_string(req, "TableName")));
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
