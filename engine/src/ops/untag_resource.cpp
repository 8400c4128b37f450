// UntagResource: removes tags from a table, addressed by its ARN.
#include <algorithm>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/resource_arn.h"

namespace dynamo_items::ops {

Response untag_resource(EngineImpl& engine, const Request& req) {
  ConstraintErrors errors;
  auto arn = opt_string(req, "ResourceArn");
  errors.not_null(member(req, "ResourceArn"), "resourceArn");
  const Json* keys = opt_array(req, "TagKeys");
  errors.not_null(keys, "tagKeys");
  errors.throw_if_any();
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
