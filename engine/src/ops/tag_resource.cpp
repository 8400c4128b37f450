// TagResource: adds or replaces tags on a table, addressed by its ARN.
#include <algorithm>

#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/resource_arn.h"

namespace dynamo_items::ops {

Response tag_resource(EngineImpl& engine, const Request& req) {
  ConstraintErrors errors;
  auto arn = opt_string(req, "ResourceArn");
  errors.not_null(member(req, "ResourceArn"), "resourceArn");
  const Json* tags = opt_array(req, "Tags");
  errors.not_null(tags, "tags");
  errors.throw_if_any();
  catalog::TableSchema schema = *require_tagged_table(engine.catalog, *arn, "TagResource");
  for (const auto& t : tags->GetArray()) {
    std::string key(opt_string(as_object(t), "Key").value_or(""));
    std::string value(opt_string(t, "Value").value_or(""));
    auto it = std::find_if(schema.tags.begin(), schema.tags.end(), [&](const auto& kv) { return kv.first == key; });
    if (it != schema.tags.end()) {
      it->second = value;
    } else {
      schema.tags.emplace_back(key, value);
    }
  }
  engine.catalog.replace(std::move(schema));
  return Response(rapidjson::kObjectType);
}

}  // namespace dynamo_items::ops
