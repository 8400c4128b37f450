// ListTagsOfResource: a table's tags in the order they were added.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/resource_arn.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kListTagsOfResourceRequest[] = {
    {"ResourceArn", Shape::kString, true, {}, NameRule::kNone, 1, 1283},
    {"NextToken", Shape::kString},
};

}  // namespace

Response list_tags_of_resource(EngineImpl& engine, const Request& req) {
  check_request(req, kListTagsOfResourceRequest);
  auto arn = opt_string(req, "ResourceArn");
  auto table = require_tagged_table(engine.catalog, *arn, "ListTagsOfResource");
  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value tags(rapidjson::kArrayType);
  for (const auto& [k, v] : table->tags) {
    rapidjson::Value t(rapidjson::kObjectType);
    t.AddMember("Key", rapidjson::Value(k.c_str(), a), a);
    t.AddMember("Value", rapidjson::Value(v.c_str(), a), a);
    tags.PushBack(t, a);
  }
  res.AddMember("Tags", tags, a);
  return res;
}

}  // namespace dynamo_items::ops
