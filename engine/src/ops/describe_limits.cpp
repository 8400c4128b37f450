// DescribeLimits: the default account and table capacity quotas of DynamoDB.
#include "ops/operations.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

Response describe_limits(EngineImpl&, const Request& req) {
  check_request(req, {});  // no members: only an object
  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  res.AddMember("AccountMaxReadCapacityUnits", 80000, a);
  res.AddMember("AccountMaxWriteCapacityUnits", 80000, a);
  res.AddMember("TableMaxReadCapacityUnits", 40000, a);
  res.AddMember("TableMaxWriteCapacityUnits", 40000, a);
  return res;
}

}  // namespace dynamo_items::ops
