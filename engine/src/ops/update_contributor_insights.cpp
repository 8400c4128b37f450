// UpdateContributorInsights: turns Contributor Insights on or off for a table
// or an index; recorded and described (describe_contributor_insights.cpp),
// and done at once, so the answer is the final status.
#include <algorithm>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"

namespace dynamo_items::ops {

Response update_contributor_insights(EngineImpl& engine, const Request& req) {
  check_table_name_present(req);
  ConstraintErrors errors;
  auto name = opt_string(req, "TableName");
  errors.table_name(name, "tableName");
  auto action = opt_string(req, "ContributorInsightsAction");
  errors.not_null(member(req, "ContributorInsightsAction"), "contributorInsightsAction");
  errors.enum_value(action, "contributorInsightsAction", {"ENABLE", "DISABLE"});
  errors.enum_value(opt_string(req, "ContributorInsightsMode"), "contributorInsightsMode",
                    {"ACCESSED_AND_THROTTLED_KEYS", "THROTTLED_KEYS"});
  auto index = opt_string(req, "IndexName");
  if (index) errors.index_name(index, "indexName");
  errors.throw_if_any();

  const std::string table_name(*name);
  engine.catalog.require_described(table_name);
  const std::string target(index.value_or(""));
  const bool enable = *action == "ENABLE";
  engine.catalog.update(table_name, [&](catalog::TableSchema& table, rocksdb::WriteBatch&) {
    if (index && std::none_of(table.indexes.begin(), table.indexes.end(),
                              [&](const auto& ix) { return ix.name == target; })) {
      throw Error::resource_not_found("Requested resource not found: Index: " + target + " not found");
    }
    auto& on = table.contributor_insights;
    on.erase(std::remove(on.begin(), on.end(), target), on.end());
    if (enable) on.push_back(target);
  });

  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  res.AddMember("TableName", rapidjson::Value(table_name.c_str(), a), a);
  if (index) res.AddMember("IndexName", rapidjson::Value(target.c_str(), a), a);
  res.AddMember("ContributorInsightsStatus", rapidjson::StringRef(enable ? "ENABLED" : "DISABLED"), a);
  return res;
}

}  // namespace dynamo_items::ops
