#include "ops/read_request.h"

#include "dynamo_items/error.h"
#include "ops/item_key.h"
#include "ops/read_target.h"
#include "ops/response_items.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

bool check_select(const Json& req, bool has_index) {
  check_attributes_to_get(opt_array(req, "AttributesToGet"));
  auto select = opt_string(req, "Select");
  const bool attrs = member(req, "AttributesToGet") != nullptr;
  const bool projection = member(req, "ProjectionExpression") != nullptr;
  if (!select) return false;
  // DynamoDB's order: a projection with a Select that is not
  // SPECIFIC_ATTRIBUTES first, then ALL_PROJECTED_ATTRIBUTES without an index.
  const char* what = attrs ? "AttributesToGet" : "ProjectionExpression";
  if (*select == "SPECIFIC_ATTRIBUTES") {
    if (!attrs && !projection) {
      throw Error::validation(
          "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
          "SPECIFIC_ATTRIBUTES");
    }
    return false;
  }
  if (attrs || projection) {
    if (*select == "COUNT") {
      throw Error::validation(std::string("Cannot specify the ") + what +
                              " when choosing to get only the Count");
    }
    throw Error::validation(std::string("Cannot specify the ") + what + " when choosing to get " + std::string(*select));
  }
  if (*select == "ALL_PROJECTED_ATTRIBUTES" && !has_index) {
    throw Error::validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  return *select == "COUNT";
}

Response read_response(const catalog::TableSchema& table, const ReadResult& result, bool count_only,
                       const ReadTarget* target) {
  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  if (!count_only) {
    rapidjson::Value items(rapidjson::kArrayType);
    items.Reserve(static_cast<rapidjson::SizeType>(result.stored_ends.size() + result.items.size()), a);
    std::size_t begin = 0;
    for (std::size_t end : result.stored_ends) {
      items.PushBack(stored_item_value(std::string_view(result.stored_bytes).substr(begin, end - begin), a), a);
      begin = end;
    }
    for (const auto& item : result.items) items.PushBack(json::encode_item(item, a), a);
    res.AddMember("Items", items, a);
  }
  res.AddMember("Count", result.count, a);
  res.AddMember("ScannedCount", result.scanned_count, a);
  if (result.last_evaluated) {
    Item key = target != nullptr ? target_last_key(table, *target, *result.last_evaluated)
                                 : key_of(table, *result.last_evaluated);
    res.AddMember("LastEvaluatedKey", json::encode_item(key, a), a);
  }
  return res;
}

}  // namespace dynamo_items::ops
