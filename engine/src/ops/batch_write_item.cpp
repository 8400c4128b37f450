// BatchWriteItem: up to 25 puts and deletes over any tables. Every request is
// validated before anything is written; each write then goes through the
// shared write path (a batch is not atomic in DynamoDB either). Nothing is
// ever throttled here, so UnprocessedItems is always empty.
#include <map>
#include <set>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/capacity.h"
#include "ops/index_maintenance.h"
#include "ops/item_key.h"
#include "ops/item_write.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "value/item_size.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {

struct PendingWrite {
  catalog::SchemaPtr table;
  std::string storage_key;
  std::optional<Item> item;  // nullopt: delete
};

// The members' JSON types, checked before any constraint.
const std::vector<MemberRule> kPutRequest = {attribute_value_map("Item")};
const std::vector<MemberRule> kDeleteRequest = {attribute_value_map("Key")};
const std::vector<MemberRule> kWriteRequest = {
    {"PutRequest", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kPutRequest},
    {"DeleteRequest", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kDeleteRequest},
};
const std::vector<MemberRule> kWriteRequestList = {
    {"member", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kWriteRequest}};
const std::vector<MemberRule> kTableWrites = {
    {"member", Shape::kList, false, {}, NameRule::kNone, {}, {}, &kWriteRequestList}};
const MemberRule kBatchWriteItemTypes[] = {
    {"RequestItems", Shape::kMap, false, {}, NameRule::kNone, {}, {}, &kTableWrites},
    return_consumed_capacity(),
    return_item_collection_metrics(),
};

}  // namespace

Response batch_write_item(EngineImpl& engine, const Request& req) {
  check_types(req, kBatchWriteItemTypes);
  ConstraintErrors errors;
  const Json* request_items = opt_object(req, "RequestItems");
  if (request_items != nullptr && request_items->MemberCount() == 0) {
    throw Error::validation("The requestItems parameter is required for BatchWriteItem");
  }
  errors.not_null(request_items, "requestItems");
  check_return_capacity_enums(req, errors);
  std::size_t total = 0;
  if (request_items != nullptr) {
    for (const auto& [name, list] : request_items->GetObject()) {
      std::string_view table(name.GetString(), name.GetStringLength());
      check_name_length(table, "TableName");
      if (!matches_name_pattern(table)) {
        errors.add(std::string(table), "requestItems",
                   "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member "
                   "must have length greater than or equal to 3, Member must satisfy regular expression pattern: "
                   "[a-zA-Z0-9_.-]+]");
      }
      const auto& arr = as_array(list);
      total += arr.Size();
      if (arr.Size() < 1 || arr.Size() > 25) {
        errors.add("{" + std::string(name.GetString()) + "=[...]}", "requestItems",
                   "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member "
                   "must have length greater than or equal to 1]");
      }
    }
  }
  errors.throw_if_any();
  if (total > 25) throw Error::validation("Too many items requested for the BatchWriteItem call");

  std::vector<PendingWrite> writes;
  writes.reserve(total);
  for (const auto& [name, list] : request_items->GetObject()) {
    std::string table_name(name.GetString(), name.GetStringLength());
    auto table = engine.catalog.require(table_name);
    std::set<std::string> seen;
    for (const auto& wr_json : list.GetArray()) {
      const auto& wr = as_object(wr_json);
      const Json* put = opt_object(wr, "PutRequest");
      const Json* del = opt_object(wr, "DeleteRequest");
      if ((put == nullptr) == (del == nullptr)) {
        throw Error::validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
            "datatypes");
      }
      PendingWrite w{table, {}, std::nullopt};
      if (put != nullptr) {
        const Json* item_json = opt_object(*put, "Item");
        if (item_json == nullptr) {
          throw Error::validation("1 validation error detected: Value null at 'requestItems." + table_name +
                                  ".member.putRequest.item' failed to satisfy constraint: Member must not be null");
        }
        Item item = json::decode_item(*item_json);
        check_attribute_names(item);
        w.storage_key = storage_key_of_item(*table, item, KeyMessages::kSchemaMismatch);
        check_index_keys(*table, item);
        if (item_size(item) > kMaxItemSize) throw Error::validation("Item size has exceeded the maximum allowed size");
        w.item = std::move(item);
      } else {
        const Json* key_json = opt_object(*del, "Key");
        if (key_json == nullptr) {
          throw Error::validation("1 validation error detected: Value null at 'requestItems." + table_name +
                                  ".member.deleteRequest.key' failed to satisfy constraint: Member must not be null");
        }
        w.storage_key = storage_key_of_key(*table, json::decode_item(*key_json));
      }
      if (!seen.insert(w.storage_key).second) {
        throw Error::validation("Provided list of item keys contains duplicates");
      }
      writes.push_back(std::move(w));
    }
  }

  std::map<std::string, WriteCost> costs;
  for (auto& w : writes) {
    WriteOutcome outcome = write_item(engine, *w.table, w.storage_key, [&](const Item*) { return w.item; });
    WriteCost cost = write_cost(*w.table, outcome);
    WriteCost& sum = costs[w.table->name];
    sum.table += cost.table;
    for (const auto& [n, u] : cost.global_indexes) sum.global_indexes[n] += u;
    for (const auto& [n, u] : cost.local_indexes) sum.local_indexes[n] += u;
  }
  Response res(rapidjson::kObjectType);
  res.AddMember("UnprocessedItems", rapidjson::Value(rapidjson::kObjectType), res.GetAllocator());
  add_batch_write_consumed_capacity(req, res, costs);
  return res;
}

}  // namespace dynamo_items::ops
