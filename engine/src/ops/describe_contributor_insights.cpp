// DescribeContributorInsights: whether CloudWatch Contributor Insights is on
// for a table or one of its indexes. An emulator has no CloudWatch; the
// setting is recorded so tools that manage it (Terraform, CDK) see what they set.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kDescribeContributorInsightsRequest[] = {
    table_name_member(),
    {"IndexName", Shape::kString, false, {}, NameRule::kIndexName},
};

}  // namespace

Response describe_contributor_insights(EngineImpl& engine, const Request& req) {
  check_request(req, kDescribeContributorInsightsRequest);
  const std::string name(*opt_string(req, "TableName"));
  auto index = opt_string(req, "IndexName");
  auto table = engine.catalog.require_described(name);
  const std::string target(index.value_or(""));
  if (index) {
    bool found = false;
    for (const auto& ix : table->indexes) found |= ix.name == target;
    if (!found) throw Error::resource_not_found("Requested resource not found: Index: " + target + " not found");
  }
  bool enabled = false;
  for (const auto& n : table->contributor_insights) enabled |= n == target;
  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  res.AddMember("TableName", rapidjson::Value(table->name.c_str(), a), a);
  if (index) res.AddMember("IndexName", rapidjson::Value(target.c_str(), a), a);
  res.AddMember("ContributorInsightsStatus", rapidjson::StringRef(enabled ? "ENABLED" : "DISABLED"), a);
  return res;
}

}  // namespace dynamo_items::ops
