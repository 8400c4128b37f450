// UpdateContributorInsights: turns Contributor Insights on or off for a table
// or an index; recorded and described (describe_contributor_insights.cpp),
// and done at once, so the answer is the final status.
#include <algorithm>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kUpdateContributorInsightsRequest[] = {
    table_name_member(),
    {"ContributorInsightsAction", Shape::kString, true, {"ENABLE", "DISABLE"}},
    {"ContributorInsightsMode", Shape::kString, false, {"ACCESSED_AND_THROTTLED_KEYS", "THROTTLED_KEYS"}},
    {"IndexName", Shape::kString, false, {}, NameRule::kIndexName},
};

}  // namespace

Response update_contributor_insights(EngineImpl& engine, const Request& req) {
  check_request(req, kUpdateContributorInsightsRequest);
  auto name = opt_string(req, "TableName");
  auto action = opt_string(req, "ContributorInsightsAction");
  auto index = opt_string(req, "IndexName");

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
