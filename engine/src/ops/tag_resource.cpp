// TagResource: adds or replaces tags on a table, addressed by its ARN.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/resource_arn.h"
#include "ops/tags.h"
#include "dynamo_items/error.h"

namespace dynamo_items::ops {

namespace {

// Each Tag's types; its values are merge_tags' to judge, with DynamoDB's
// messages of the tagging API.
const std::vector<MemberRule> kTag = {{"Key", Shape::kString}, {"Value", Shape::kString}};
const std::vector<MemberRule> kTagList = {{"member", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kTag}};

const MemberRule kTagResourceRequest[] = {
    {"ResourceArn", Shape::kString, true, {}, NameRule::kNone, 1, 1283},
    {"Tags", Shape::kList, true, {}, NameRule::kNone, {}, {}, &kTagList},
};

}  // namespace

Response tag_resource(EngineImpl& engine, const Request& req) {
  check_request(req, kTagResourceRequest);
  auto arn = opt_string(req, "ResourceArn");
  const Json* tags = opt_array(req, "Tags");
  const std::string name = require_tagged_table(engine.catalog, *arn, "TagResource")->name;
  if (tags->Empty()) throw Error::validation("Atleast one Tag needs to be provided as Input.");
  engine.catalog.update(name, [&](catalog::TableSchema& schema, rocksdb::WriteBatch&) { merge_tags(*tags, schema.tags); });
  return Response(rapidjson::kObjectType);
}

}  // namespace dynamo_items::ops
