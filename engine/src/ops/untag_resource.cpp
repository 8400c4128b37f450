// UntagResource: removes tags from a table, addressed by its ARN.
#include <algorithm>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/resource_arn.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kUntagResourceRequest[] = {
    {"ResourceArn", Shape::kString, true, {}, NameRule::kNone, 1, 1283},
    string_list("TagKeys", true),
};

}  // namespace

Response untag_resource(EngineImpl& engine, const Request& req) {
  check_request(req, kUntagResourceRequest);
  auto arn = opt_string(req, "ResourceArn");
  const Json* keys = opt_array(req, "TagKeys");
  const std::string name = require_tagged_table(engine.catalog, *arn, "UntagResource")->name;
  if (keys->Empty()) throw Error::validation("Atleast one Tag Key needs to be provided as Input.");
  engine.catalog.update(name, [&](catalog::TableSchema& schema, rocksdb::WriteBatch&) {
    for (const auto& k : keys->GetArray()) {
      std::string_view key = as_string(k);
      schema.tags.erase(std::remove_if(schema.tags.begin(), schema.tags.end(),
                                       [&](const auto& kv) { return kv.first == key; }),
                        schema.tags.end());
    }
  });
  return Response(rapidjson::kObjectType);
}

}  // namespace dynamo_items::ops
