// GetItem: one point read, projected by ProjectionExpression or the legacy
// AttributesToGet. Reads are served from RocksDB's latest state, so
// ConsistentRead true and false both see every acknowledged write.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "expr/expressions.h"
#include "expr/legacy.h"
#include "ops/capacity.h"
#include "ops/item_key.h"
#include "ops/item_write.h"
#include "ops/response_items.h"
#include "storage/item_codec.h"
#include "storage/stored_item.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kGetItemRequest[] = {
    string_list("AttributesToGet", false, 1),
    {"ConsistentRead", Shape::kBoolean},
    expression_attribute_names(),
    attribute_value_map("Key", true),
    {"ProjectionExpression", Shape::kString},
    return_consumed_capacity(),
    {"TableName", Shape::kString, true, {}, NameRule::kItemTableName},
};

}  // namespace

Response get_item(EngineImpl& engine, const Request& req) {
  check_request(req, kGetItemRequest);
  const Json* attrs_to_get = opt_array(req, "AttributesToGet");
  const Json* key_json = opt_object(req, "Key");
  const std::string table_name(*opt_string(req, "TableName"));

  check_attributes_to_get(attrs_to_get);
  Item key = json::decode_item(*key_json);
  expr::check_expression_parameters(req, {"ProjectionExpression"}, {"AttributesToGet"});
  expr::ExpressionContext ctx = expr::ExpressionContext::from_request(req);
  expr::Projection projection;
  if (auto text = opt_string(req, "ProjectionExpression")) {
    projection = expr::parse_projection(*text, ctx);
  } else if (attrs_to_get != nullptr) {
    projection = expr::attributes_to_get(*attrs_to_get);
  }
  ctx.check_all_used();
  auto table = engine.catalog.require(table_name);
  thread_local std::string stored;
  const bool found = engine.store.get(storage_key_of_key(*table, key), stored);

  Response res(rapidjson::kObjectType);
  add_consumed_capacity(req, res, table->name,
                        read_capacity_units(found ? storage::stored_item_size(stored) : 0,
                                            opt_bool(req, "ConsistentRead").value_or(false)),
                        CapacityKind::kRead);
  if (found) {
    auto& a = res.GetAllocator();
    res.AddMember("Item",
                  projection.empty() ? stored_item_value(stored, a)
                                     : json::encode_item(projection.apply(storage::decode_item(stored)), a),
                  a);
  }
  return res;
}

}  // namespace dynamo_items::ops
