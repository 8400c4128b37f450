// TagResource: adds or replaces tags on a table, addressed by its ARN.
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/resource_arn.h"
#include "ops/tags.h"
#include "dynamo_items/error.h"

namespace dynamo_items::ops {

Response tag_resource(EngineImpl& engine, const Request& req) {
  ConstraintErrors errors;
  auto arn = opt_string(req, "ResourceArn");
  errors.not_null(member(req, "ResourceArn"), "resourceArn");
  const Json* tags = opt_array(req, "Tags");
  errors.not_null(tags, "tags");
  errors.throw_if_any();
  const std::string name = require_tagged_table(engine.catalog, *arn, "TagResource")->name;
  if (tags->Empty()) throw Error::validation("Atleast one Tag needs to be provided as Input.");
  engine.catalog.update(name, [&](catalog::TableSchema& schema, rocksdb::WriteBatch&) { merge_tags(*tags, schema.tags); });
  return Response(rapidjson::kObjectType);
}

}  // namespace dynamo_items::ops
