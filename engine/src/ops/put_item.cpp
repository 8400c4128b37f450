// PutItem: validates the item, then replaces the whole item through the
// shared write path, if the ConditionExpression / Expected holds for the
// item it replaces. ReturnValues NONE or ALL_OLD.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "expr/expressions.h"
#include "expr/legacy.h"
#include "ops/capacity.h"
#include "ops/index_maintenance.h"
#include "ops/item_key.h"
#include "ops/item_write.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/write_condition.h"
#include "value/item_size.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kPutItemRequest[] = {
    {"ConditionExpression", Shape::kString},
    {"ConditionalOperator", Shape::kString, false, {"AND", "OR"}},
    {"Expected", Shape::kMap},
    expression_attribute_names(),
    attribute_value_map("ExpressionAttributeValues"),
    attribute_value_map("Item", true),
    return_consumed_capacity(),
    return_item_collection_metrics(),
    {"ReturnValues", Shape::kString, false, {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"}},
    return_values_on_condition_check_failure(),
    {"TableName", Shape::kString, true, {}, NameRule::kItemTableName},
};

}  // namespace

Response put_item(EngineImpl& engine, const Request& req) {
  check_request(req, kPutItemRequest);
  const Json* item_json = opt_object(req, "Item");
  auto return_values = opt_string(req, "ReturnValues");
  const std::string table_name(*opt_string(req, "TableName"));

  Item item = json::decode_item(*item_json);
  if (return_values && *return_values != "NONE" && *return_values != "ALL_OLD") {
    throw Error::validation("ReturnValues can only be ALL_OLD or NONE");
  }
  expr::check_expression_parameters(req, {"ConditionExpression"}, {"Expected", "ConditionalOperator"});
  expr::ExpressionContext ctx = expr::ExpressionContext::from_request(req);
  const WriteCondition condition = write_condition(req, ctx);
  ctx.check_all_used();
  auto table = engine.catalog.require(table_name);
  check_attribute_names(item);
  std::string key = storage_key_of_item(*table, item);
  check_index_keys(*table, item);
  if (item_size(item) > kMaxItemSize)
    throw Error::validation("Item size has exceeded the maximum allowed size");

  const bool want_old = return_values && *return_values == "ALL_OLD";
  const auto capacity = opt_string(req, "ReturnConsumedCapacity");
  const bool read_current = want_old || !condition.condition.empty() || (capacity && *capacity != "NONE") ||
                            !table->indexes.empty();
  WriteOutcome outcome =
      write_item(engine, *table, key, [&](const Item*) -> std::optional<Item> { return item; }, read_current,
                 IndexKeyWrite::kPut, &condition);
  if (outcome.condition_failed) throw condition.failure(outcome.old_item ? &*outcome.old_item : nullptr);

  Response res(rapidjson::kObjectType);
  if (want_old && outcome.old_item) {
    res.AddMember("Attributes", json::encode_item(*outcome.old_item, res.GetAllocator()), res.GetAllocator());
  }
  add_write_consumed_capacity(req, res, table->name, write_cost(*table, outcome));
  return res;
}

}  // namespace dynamo_items::ops
