// ListTables: names in ascending order, paged by Limit (1..100) and
// ExclusiveStartTableName; LastEvaluatedTableName only when more remain.
#include <algorithm>

#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kListTablesRequest[] = {
    {"ExclusiveStartTableName", Shape::kString, false, {}, NameRule::kTableName},
    {"Limit", Shape::kInteger, false, {}, NameRule::kNone, 1, 100},
};

}  // namespace

Response list_tables(EngineImpl& engine, const Request& req) {
  check_request(req, kListTablesRequest);
  auto start = opt_string(req, "ExclusiveStartTableName");
  auto limit = opt_int(req, "Limit");

  std::vector<std::string> names = engine.catalog.names();
  auto it = names.begin();
  if (start) it = std::upper_bound(names.begin(), names.end(), std::string(*start));
  const std::size_t max = static_cast<std::size_t>(limit.value_or(100));

  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  std::size_t n = 0;
  for (; it != names.end() && n < max; ++it, ++n) list.PushBack(rapidjson::Value(it->c_str(), a), a);
  res.AddMember("TableNames", list, a);
  if (it != names.end() && n > 0) {
    res.AddMember("LastEvaluatedTableName", rapidjson::Value((it - 1)->c_str(), a), a);
  }
  return res;
}

}  // namespace dynamo_items::ops
