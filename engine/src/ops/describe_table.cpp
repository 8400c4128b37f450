// DescribeTable: the table's description with exact item count and size.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/table_description.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kDescribeTableRequest[] = {
    table_name_member(),
};

}  // namespace

Response describe_table(EngineImpl& engine, const Request& req) {
  check_request(req, kDescribeTableRequest);
  auto table = engine.catalog.require_described(std::string(*opt_string(req, "TableName")));
  Response res(rapidjson::kObjectType);
  res.AddMember("Table", table_description(*table, "ACTIVE", table_stats(engine, *table), res.GetAllocator()),
                res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
