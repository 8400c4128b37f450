// DescribeTable: the table's description with exact item count and size.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/table_description.h"

namespace dynamo_items::ops {

Response describe_table(EngineImpl& engine, const Request& req) {
  auto table = engine.catalog.require_described(required_table_name(req));
  Response res(rapidjson::kObjectType);
  res.AddMember("Table", table_description(*table, "ACTIVE", table_stats(engine, *table), res.GetAllocator()),
                res.GetAllocator());
  return res;
}

}  // namespace dynamo_items::ops
