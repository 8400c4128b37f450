// ListContributorInsights: the tables and indexes with Contributor Insights
// on, optionally of one table, by table name (all on one page: MaxResults and
// NextToken are accepted, and there is never a next page).
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kListContributorInsightsRequest[] = {
    {"TableName", Shape::kString, false, {}, NameRule::kTableName},
    {"MaxResults", Shape::kInteger, false, {}, NameRule::kNone, {}, 100},
    {"NextToken", Shape::kString},
};

}  // namespace

Response list_contributor_insights(EngineImpl& engine, const Request& req) {
  check_request(req, kListContributorInsightsRequest);
  auto only = opt_string(req, "TableName");
  if (only) engine.catalog.require_described(*only);

  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const std::string& name : engine.catalog.names()) {
    if (only && name != *only) continue;
    auto table = engine.catalog.find(name);
    if (table == nullptr) continue;
    for (const std::string& index : table->contributor_insights) {
      rapidjson::Value summary(rapidjson::kObjectType);
      summary.AddMember("TableName", rapidjson::Value(name.c_str(), a), a);
      if (!index.empty()) summary.AddMember("IndexName", rapidjson::Value(index.c_str(), a), a);
      summary.AddMember("ContributorInsightsStatus", "ENABLED", a);
      list.PushBack(summary, a);
    }
  }
  res.AddMember("ContributorInsightsSummaries", list, a);
  return res;
}

}  // namespace dynamo_items::ops
