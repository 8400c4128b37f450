// ListTables: names in ascending order, paged by Limit (1..100) and
// ExclusiveStartTableName; LastEvaluatedTableName only when more remain.
#include <algorithm>

#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"

namespace dynamo_items::ops {

Response list_tables(EngineImpl& engine, const Request& req) {
  ConstraintErrors errors;
  auto start = opt_string(req, "ExclusiveStartTableName");
  errors.table_name(start, "exclusiveStartTableName");
  auto limit = opt_int(req, "Limit");
  errors.min_value(limit, 1, "limit");
  errors.max_value(limit, 100, "limit");
  errors.throw_if_any();

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
