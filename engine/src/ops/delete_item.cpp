// DeleteItem: removes one item through the shared write path, if the
// ConditionExpression / Expected holds for it. ReturnValues NONE or ALL_OLD.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "expr/expressions.h"
#include "expr/legacy.h"
#include "ops/capacity.h"
#include "ops/item_key.h"
#include "ops/item_write.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/write_condition.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kDeleteItemRequest[] = {
    {"ConditionExpression", Shape::kString},
    {"ConditionalOperator", Shape::kString, false, {"AND", "OR"}},
    {"Expected", Shape::kMap},
    expression_attribute_names(),
    attribute_value_map("ExpressionAttributeValues"),
    attribute_value_map("Key", true),
    return_consumed_capacity(),
    return_item_collection_metrics(),
    {"ReturnValues", Shape::kString, false, {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"}},
    return_values_on_condition_check_failure(),
    {"TableName", Shape::kString, true, {}, NameRule::kItemTableName},
};

}  // namespace

Response delete_item(EngineImpl& engine, const Request& req) {
  check_request(req, kDeleteItemRequest);
  const Json* key_json = opt_object(req, "Key");
  auto return_values = opt_string(req, "ReturnValues");
  const std::string table_name(*opt_string(req, "TableName"));

  Item key = json::decode_item(*key_json);
  if (return_values && *return_values != "NONE" && *return_values != "ALL_OLD") {
    throw Error::validation("ReturnValues can only be ALL_OLD or NONE");
  }
  expr::check_expression_parameters(req, {"ConditionExpression"}, {"Expected", "ConditionalOperator"});
  expr::ExpressionContext ctx = expr::ExpressionContext::from_request(req);
  const WriteCondition condition = write_condition(req, ctx);
  ctx.check_all_used();
  auto table = engine.catalog.require(table_name);
  std::string storage_key = storage_key_of_key(*table, key);

  WriteOutcome outcome =
      write_item(engine, *table, storage_key, [](const Item*) -> std::optional<Item> { return std::nullopt; }, true,
                 IndexKeyWrite::kPut, &condition);
  if (outcome.condition_failed) throw condition.failure(outcome.old_item ? &*outcome.old_item : nullptr);

  Response res(rapidjson::kObjectType);
  if (return_values == "ALL_OLD" && outcome.old_item) {
    res.AddMember("Attributes", json::encode_item(*outcome.old_item, res.GetAllocator()), res.GetAllocator());
  }
  add_write_consumed_capacity(req, res, table->name, write_cost(*table, outcome));
  return res;
}

}  // namespace dynamo_items::ops
