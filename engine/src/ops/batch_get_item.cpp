// BatchGetItem: up to 100 keys over any tables. Missing items are omitted.
// Responses stop at DynamoDB's 16 MB limit; keys not read then are returned
// in UnprocessedKeys for the client to retry.
#include <map>
#include <set>

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
#include "ops/response_items.h"
#include "storage/item_codec.h"
#include "storage/stored_item.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {
constexpr std::size_t kMaxResponseBytes = 16 * 1024 * 1024;

// The members' JSON types, checked before any constraint.
const std::vector<MemberRule> kKeyList = {attribute_value_map("member")};
const std::vector<MemberRule> kKeysAndAttributes = {
    {"Keys", Shape::kList, false, {}, NameRule::kNone, {}, {}, &kKeyList},
    string_list("AttributesToGet"),
    {"ConsistentRead", Shape::kBoolean},
    {"ProjectionExpression", Shape::kString},
    expression_attribute_names(),
};
const std::vector<MemberRule> kTableReads = {
    {"member", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kKeysAndAttributes}};
const MemberRule kBatchGetItemTypes[] = {
    {"RequestItems", Shape::kMap, false, {}, NameRule::kNone, {}, {}, &kTableReads},
    return_consumed_capacity(),
};
}  // namespace

Response batch_get_item(EngineImpl& engine, const Request& req) {
  check_types(req, kBatchGetItemTypes);
  const Json* request_items = opt_object(req, "RequestItems");
  if (request_items == nullptr || request_items->MemberCount() == 0) {
    throw Error::validation("The requestItems parameter is required for BatchGetItem");
  }
  ConstraintErrors errors;
  check_return_capacity_enums(req, errors);
  std::size_t total = 0;
  if (request_items != nullptr) {
    for (const auto& [name, ka] : request_items->GetObject()) {
      std::string_view table(name.GetString(), name.GetStringLength());
      check_name_length(table, "TableName");
      if (!matches_name_pattern(table)) {
        errors.add(
            std::string(table), "requestItems",
            "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member "
            "must have length greater than or equal to 3, Member must satisfy regular expression pattern: "
            "[a-zA-Z0-9_.-]+]");
      }
      const Json* keys = opt_array(as_object(ka), "Keys");
      std::string path = "requestItems." + std::string(name.GetString()) + ".member.keys";
      errors.not_null(keys, path);
      if (keys != nullptr) {
        total += keys->Size();
        errors.min_length(keys->Size(), 1, "[]", path);
        if (keys->Size() > 100) {
          errors.add_unechoed("RequestItems." + std::string(name.GetString()) + ".member.Keys",
                              "Member must have length less than or equal to 100");
        }
      }
      if (const Json* attrs = opt_array(ka, "AttributesToGet")) {
        errors.min_length(attrs->Size(), 1, "[]",
                          "requestItems." + std::string(name.GetString()) + ".member.attributesToGet");
      }
    }
  }
  errors.throw_if_any();
  if (total > 100) throw Error::validation("Too many items requested for the BatchGetItem call");
  // Expression and legacy parameters may not be mixed, not even across tables.
  bool any_projection = false, any_attributes_to_get = false;
  for (const auto& entry : request_items->GetObject()) {
    any_projection |= member(entry.value, "ProjectionExpression") != nullptr;
    any_attributes_to_get |= member(entry.value, "AttributesToGet") != nullptr;
  }
  if (any_projection && any_attributes_to_get) {
    throw Error::validation("Can not use both expression and non-expression parameters in the same request: "
                            "Non-expression parameters: {AttributesToGet} Expression parameters: "
                            "{ProjectionExpression}");
  }

  struct TableRead {
    std::string name;
    catalog::SchemaPtr table;
    const Json* request;
    std::vector<std::pair<std::string, Item>> keys;  // storage key, key
    expr::Projection projection;                     // ProjectionExpression or AttributesToGet
  };
  std::vector<TableRead> reads;
  for (const auto& [name, ka] : request_items->GetObject()) {
    TableRead r{std::string(name.GetString(), name.GetStringLength()), nullptr, &ka, {}, {}};
    const Json* attrs = opt_array(ka, "AttributesToGet");
    check_attributes_to_get(attrs);
    expr::check_expression_parameters(ka, {"ProjectionExpression"}, {"AttributesToGet"});
    expr::ExpressionContext ctx = expr::ExpressionContext::from_request(ka);
    if (auto text = opt_string(ka, "ProjectionExpression")) {
      r.projection = expr::parse_projection(*text, ctx);
    } else if (attrs != nullptr) {
      r.projection = expr::attributes_to_get(*attrs);
    }
    ctx.check_all_used();
    r.table = engine.catalog.require(r.name);
    std::set<std::string> seen;
    for (const auto& k : ka["Keys"].GetArray()) {
      Item key = json::decode_item(k);
      std::string storage_key = storage_key_of_key(*r.table, key);
      if (!seen.insert(storage_key).second)
        throw Error::validation("Provided list of item keys contains duplicates");
      r.keys.emplace_back(std::move(storage_key), std::move(key));
    }
    reads.push_back(std::move(r));
  }

  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  rapidjson::Value responses(rapidjson::kObjectType), unprocessed(rapidjson::kObjectType);
  std::size_t bytes = 0;
  std::map<std::string, double> units;
  std::string stored;
  for (auto& r : reads) {
    const bool consistent = opt_bool(*r.request, "ConsistentRead").value_or(false);
    rapidjson::Value items(rapidjson::kArrayType), left(rapidjson::kArrayType);
    for (auto& [storage_key, key] : r.keys) {
      if (bytes >= kMaxResponseBytes) {
        left.PushBack(json::encode_item(key, a), a);
        continue;
      }
      const bool found = engine.store.get(storage_key, stored);
      const std::size_t size = found ? storage::stored_item_size(stored) : 0;
      units[r.name] += read_capacity_units(size, consistent);
      if (!found) continue;
      bytes += size;
      items.PushBack(r.projection.empty() ? stored_item_value(stored, a)
                                          : json::encode_item(r.projection.apply(storage::decode_item(stored)), a),
                     a);
    }
    responses.AddMember(rapidjson::Value(r.name.c_str(), a), items, a);
    if (!left.Empty()) {
      rapidjson::Value ka(*r.request, a);
      ka["Keys"] = left;
      unprocessed.AddMember(rapidjson::Value(r.name.c_str(), a), ka, a);
    }
  }
  res.AddMember("Responses", responses, a);
  res.AddMember("UnprocessedKeys", unprocessed, a);
  add_batch_consumed_capacity(req, res, units, CapacityKind::kRead);
  return res;
}

}  // namespace dynamo_items::ops
