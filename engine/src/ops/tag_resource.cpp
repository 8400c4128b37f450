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
  catalog::TableSchema schema = *require_tagged_table(engine.catalog, *arn, "TagResource");
  if (tags->Empty()) throw Error::validation("Atleast one Tag needs to be provided as Input.");
  merge_tags(*tags, schema.tags);
  engine.catalog.replace(std::move(schema));
  return Response(rapidjson::kObjectType);
}

}  // namespace dynamo_items::ops
