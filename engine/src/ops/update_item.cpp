// UpdateItem: applies an UpdateExpression (or the legacy AttributeUpdates)
// to the stored item, or to a new item made of the key when there is none
// (upsert), under an optional condition, through the shared write path.
// ReturnValues NONE, ALL_OLD, UPDATED_OLD, ALL_NEW or UPDATED_NEW; the
// UPDATED_* forms return just the updated paths, nested values kept in shape.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "expr/expressions.h"
#include "expr/legacy.h"
#include "ops/capacity.h"
#include "ops/item_key.h"
#include "ops/index_maintenance.h"
#include "ops/item_write.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "ops/write_condition.h"
#include "value/item_size.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kUpdateItemRequest[] = {
    {"AttributeUpdates", Shape::kMap},
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
    {"UpdateExpression", Shape::kString},
};

// The Attributes member for the requested ReturnValues; nullopt for none.
std::optional<Item> returned_attributes(std::string_view return_values, const expr::Update& update,
                                        const WriteOutcome& outcome) {
  const Item* old_item = outcome.old_item ? &*outcome.old_item : nullptr;
  const Item* new_item = outcome.new_item ? &*outcome.new_item : nullptr;
  if (return_values == "ALL_OLD") return old_item ? std::optional<Item>(*old_item) : std::nullopt;
  if (return_values == "ALL_NEW") return new_item ? std::optional<Item>(*new_item) : std::nullopt;
  if (return_values == "UPDATED_OLD") return old_item ? update.updated_attributes(*old_item) : Item{};
  if (return_values == "UPDATED_NEW") return new_item ? update.updated_attributes(*new_item) : Item{};
  return std::nullopt;
}

}  // namespace

Response update_item(EngineImpl& engine, const Request& req) {
  check_request(req, kUpdateItemRequest);
  const Json* key_json = opt_object(req, "Key");
  auto return_values = opt_string(req, "ReturnValues");
  const Json* attribute_updates = opt_object(req, "AttributeUpdates");
  auto update_text = opt_string(req, "UpdateExpression");
  const std::string table_name(*opt_string(req, "TableName"));

  Item key = json::decode_item(*key_json);
  expr::check_expression_parameters(req, {"UpdateExpression", "ConditionExpression"},
                                    {"AttributeUpdates", "Expected", "ConditionalOperator"});
  expr::ExpressionContext ctx = expr::ExpressionContext::from_request(req);
  expr::Update update;
  if (update_text) {
    update = expr::parse_update(*update_text, ctx);
  } else if (attribute_updates != nullptr) {
    update = expr::attribute_updates(*attribute_updates);
  }
  const WriteCondition condition = write_condition(req, ctx);
  ctx.check_all_used();

  auto table = engine.catalog.require(table_name);
  const std::string storage_key = storage_key_of_key(*table, key);
  update.check_key_attributes(table->key_attribute_names());

  WriteOutcome outcome =
      write_item(engine, *table, storage_key, [&](const Item* current) -> std::optional<Item> {
        // "DELETE - Nothing happens; there is no attribute to delete" (the
        // API reference, for a key that is not found); REMOVE likewise. No
        // item, no stream record, no ALL_NEW attributes.
        if (current == nullptr && update.only_removes()) return std::nullopt;
        Item next = update.apply(current != nullptr ? *current : key);
        if (item_size(next) > kMaxItemSize) {
          throw Error::validation("Item size to update has exceeded the maximum allowed size");
        }
        return next;
      },
      true, IndexKeyWrite::kUpdate, &condition);
  if (outcome.condition_failed) throw condition.failure(outcome.old_item ? &*outcome.old_item : nullptr);

  Response res(rapidjson::kObjectType);
  if (auto attrs = returned_attributes(return_values.value_or("NONE"), update, outcome);
      attrs && !attrs->empty()) {
    res.AddMember("Attributes", json::encode_item(*attrs, res.GetAllocator()), res.GetAllocator());
  }
  add_write_consumed_capacity(req, res, table->name, write_cost(*table, outcome));
  return res;
}

}  // namespace dynamo_items::ops
