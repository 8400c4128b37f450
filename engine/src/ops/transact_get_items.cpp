// TransactGetItems: up to 100 Get actions read as one consistent snapshot:
// the stripes of every item are held while they are read, so no transaction
// or write can land in between. Missing items answer {}.
#include <algorithm>
#include <optional>
#include <set>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "expr/expressions.h"
#include "ops/capacity.h"
#include "ops/item_key.h"
#include "ops/item_write.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "value/item_size.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {
struct GetAction {
  catalog::SchemaPtr table;
  std::string storage_key;
  expr::Projection projection;
  std::optional<std::string> error;  // a key of the wrong shape: cancels the transaction
};

// The members' JSON types, checked before any constraint.
const std::vector<MemberRule> kGet = {
    expression_attribute_names(),
    attribute_value_map("Key"),
    {"ProjectionExpression", Shape::kString},
    {"TableName", Shape::kString},
};
const std::vector<MemberRule> kTransactGetItem = {{"Get", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kGet}};
const std::vector<MemberRule> kTransactGetItemList = {
    {"member", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kTransactGetItem}};
const MemberRule kTransactGetItemsTypes[] = {
    {"TransactItems", Shape::kList, false, {}, NameRule::kNone, {}, {}, &kTransactGetItemList},
    return_consumed_capacity(),
};
}  // namespace

Response transact_get_items(EngineImpl& engine, const Request& req) {
  check_types(req, kTransactGetItemsTypes);
  ConstraintErrors errors;
  const Json* items = opt_array(req, "TransactItems");
  errors.not_null(items, "transactItems");
  if (items != nullptr) {
    errors.min_length(items->Size(), 1, "[]", "transactItems");
    errors.max_length(items->Size(), 100, "[...]", "transactItems");
  }
  errors.enum_value(opt_string(req, "ReturnConsumedCapacity"), "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  errors.throw_if_any();

  std::vector<GetAction> gets;
  std::set<std::string> seen;
  for (const auto& entry : items->GetArray()) {
    const Json* get = opt_object(as_object(entry), "Get");
    if (get == nullptr) throw Error::validation("1 validation error detected: Value null at 'transactItems.member.get' failed to satisfy constraint: Member must not be null");
    check_table_name_present(*get);
    ConstraintErrors e;
    e.table_name(opt_string(*get, "TableName"), "tableName");
    const Json* key_json = opt_object(*get, "Key");
    e.not_null(key_json, "key");
    e.throw_if_any();
    GetAction g;
    expr::ExpressionContext ctx = expr::ExpressionContext::from_request(*get);
    if (auto text = opt_string(*get, "ProjectionExpression")) g.projection = expr::parse_projection(*text, ctx);
    ctx.check_all_used();
    g.table = engine.catalog.require(std::string(*opt_string(*get, "TableName")));
    const Item key = json::decode_item(*key_json);
    Result<std::string> storage = checked_storage_key_of_key(*g.table, key);
    if (storage) {
      g.storage_key = std::move(storage).value();
    } else {
      // A key of the wrong shape cancels the transaction (an empty key
      // value refuses the request).
      if (key_types_match(*g.table, key, true)) throw storage.error();
      g.error = storage.error().message();
      g.storage_key = "\xff" + std::to_string(gets.size());
    }
    if (!seen.insert(g.storage_key).second) {
      throw Error::validation("Transaction request cannot include multiple operations on one item");
    }
    gets.push_back(std::move(g));
  }

  if (std::any_of(gets.begin(), gets.end(), [](const GetAction& g) { return g.error.has_value(); })) {
    std::vector<Error::CancellationReason> reasons;
    for (const auto& g : gets) {
      reasons.push_back(g.error ? Error::CancellationReason{"ValidationError", *g.error, nullptr}
                                : Error::CancellationReason{"None", "", nullptr});
    }
    throw Error::transaction_canceled(std::move(reasons));
  }

  std::vector<std::size_t> stripes;
  for (const auto& g : gets) stripes.push_back(engine.locks.stripe_of(g.storage_key));
  std::vector<std::optional<Item>> found;
  {
    storage::KeyLocks::Multi lock(engine.locks, std::move(stripes));
    for (const auto& g : gets) found.push_back(read_item(engine, g.storage_key));
  }

  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value responses(rapidjson::kArrayType);
  std::map<std::string, double> units;
  for (std::size_t i = 0; i < gets.size(); ++i) {
    units[gets[i].table->name] += 2 * read_capacity_units(found[i] ? item_size(*found[i]) : 0, true);
    rapidjson::Value r(rapidjson::kObjectType);
    if (found[i]) {
      const Item item = gets[i].projection.empty() ? *found[i] : gets[i].projection.apply(*found[i]);
      r.AddMember("Item", json::encode_item(item, a), a);
    }
    responses.PushBack(r, a);
  }
  res.AddMember("Responses", responses, a);
  add_batch_consumed_capacity(req, res, units, CapacityKind::kRead);
  return res;
}

}  // namespace dynamo_items::ops
