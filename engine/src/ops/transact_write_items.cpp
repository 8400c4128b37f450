// TransactWriteItems: up to 100 ConditionCheck/Put/Update/Delete actions on
// distinct items, all or nothing. Every action is validated first; then the
// stripes of all items are locked in ascending order, every condition is
// checked against the current items, and the changes (items and index
// entries) go to RocksDB in one WriteBatch. A failed condition cancels the
// whole transaction with one reason per action, in request order.
#include <set>

#include <rapidjson/writer.h>

#include "dynamo_items/error.h"
#include "dynamo_items/string_sink.h"
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

struct Action {
  enum class Kind { kConditionCheck, kPut, kDelete, kUpdate };
  Kind kind = Kind::kConditionCheck;
  catalog::SchemaPtr table;
  std::string storage_key;
  Item key;
  Item item;
  expr::Update update;
  WriteCondition condition;
  // A key or index-key type problem: the transaction is cancelled with this
  // as the action's ValidationError reason (empty key values are refused
  // outright instead).
  std::optional<std::string> deferred_error;
};

const char* const kKinds[] = {"ConditionCheck", "Put", "Delete", "Update"};

Action parse_action(EngineImpl& engine, const Json& entry) {
  const Json& wrapper = as_object(entry);
  const Json* body = nullptr;
  Action action;
  int kinds = 0;
  for (int k = 0; k < 4; ++k) {
    if (const Json* v = opt_object(wrapper, kKinds[k])) {
      body = v;
      action.kind = static_cast<Action::Kind>(k);
      ++kinds;
    }
  }
  if (kinds != 1) throw Error::validation("TransactItems can only contain one of Check, Put, Update or Delete");

  check_table_name_present(*body);
  ConstraintErrors errors;
  errors.table_name(opt_string(*body, "TableName"), "tableName");
  errors.enum_value(opt_string(*body, "ReturnValuesOnConditionCheckFailure"), "returnValuesOnConditionCheckFailure",
                    {"ALL_OLD", "NONE"});
  const bool has_item = action.kind == Action::Kind::kPut;
  const Json* data = opt_object(*body, has_item ? "Item" : "Key");
  errors.not_null(data, has_item ? "item" : "key");
  if (action.kind == Action::Kind::kConditionCheck) {
    errors.not_null(member(*body, "ConditionExpression"), "conditionExpression");
  }
  if (action.kind == Action::Kind::kUpdate) {
    errors.not_null(member(*body, "UpdateExpression"), "updateExpression");
  }
  errors.throw_if_any();

  expr::ExpressionContext ctx = expr::ExpressionContext::from_request(*body);
  if (action.kind == Action::Kind::kUpdate) action.update = expr::parse_update(*opt_string(*body, "UpdateExpression"), ctx);
  action.condition = write_condition(*body, ctx);
  ctx.check_all_used();

  action.table = engine.catalog.require(std::string(*opt_string(*body, "TableName")));
  if (has_item) {
    action.item = json::decode_item(*data);
    check_attribute_names(action.item);
    try {
      action.storage_key = storage_key_of_item(*action.table, action.item);
    } catch (const Error& e) {
      if (key_types_match(*action.table, action.item, false)) throw;
      action.deferred_error = e.message();
    }
    if (item_size(action.item) > kMaxItemSize) throw Error::validation("Item size has exceeded the maximum allowed size");
    if (!action.deferred_error) {
      try {
        check_index_keys(*action.table, action.item);
      } catch (const Error& e) {
        if (!has_index_key_type_mismatch(*action.table, action.item)) throw;
        action.deferred_error = e.message();
      }
    }
  } else {
    action.key = json::decode_item(*data);
    Result<std::string> storage = checked_storage_key_of_key(*action.table, action.key);
    if (storage) {
      action.storage_key = std::move(storage).value();
    } else {
      if (key_types_match(*action.table, action.key, true)) throw storage.error();
      action.deferred_error = storage.error().message();
    }
  }
  if (action.kind == Action::Kind::kUpdate) action.update.check_key_attributes(action.table->key_attribute_names());
  return action;
}

// What an action does to its item: the item after it (nullopt when it
// deletes or there never was one), or the ValidationError that cancels the
// transaction. Errors that refuse the whole request are thrown.
struct Step {
  std::optional<Item> item;
  std::optional<std::string> cancel;
};

Step cancel_step(std::string message) { return {std::nullopt, std::move(message)}; }

Step next_state(const Action& a, const Item* current) {
  switch (a.kind) {
    case Action::Kind::kConditionCheck: return {current ? std::optional<Item>(*current) : std::nullopt, {}};
    case Action::Kind::kPut: return {a.item, {}};
    case Action::Kind::kDelete: return {};
    case Action::Kind::kUpdate: {
      // Only removals on a missing item: nothing to act on, no item made
      // (as UpdateItem).
      if (current == nullptr && a.update.only_removes()) return {};
      Item next;
      try {
        next = a.update.apply(current != nullptr ? *current : a.key);
      } catch (const Error& e) {  // e.g. an operand of the wrong type
        return cancel_step(e.message());
      }
      if (item_size(next) > kMaxItemSize) return cancel_step("Item size to update has exceeded the maximum allowed size");
      if (a.table->indexes.empty()) return {std::move(next), {}};
      // A mistyped index key cancels the transaction; an empty index key
      // value refuses the whole request, as it would outside a transaction.
      try {
        check_index_keys(*a.table, next, IndexKeyWrite::kUpdate);
      } catch (const Error& e) {
        if (has_index_key_type_mismatch(*a.table, next)) return cancel_step(e.message());
        throw;
      }
      return {std::move(next), {}};
    }
  }
  return {};
}

// The transaction itself, once the request is valid.
Response execute_transaction(EngineImpl& engine, const Request& req, const Json* items) {

  std::vector<Action> actions;
  actions.reserve(items->Size());
  std::set<std::string> seen;
  for (const auto& entry : items->GetArray()) {
    actions.push_back(parse_action(engine, entry));
    // An action whose key is unusable is a key of its own (the 0xFF prefix is
    // outside every table's key space).
    if (actions.back().deferred_error) actions.back().storage_key = "\xff" + std::to_string(actions.size());
    if (!seen.insert(actions.back().storage_key).second) {
      throw Error::validation("Transaction request cannot include multiple operations on one item");
    }
  }

  std::vector<std::size_t> stripes;
  for (const auto& a : actions) stripes.push_back(engine.locks.stripe_of(a.storage_key));
  storage::KeyLocks::Multi lock(engine.locks, std::move(stripes));
  for (Action& a : actions) {
    if (a.table->superseded.get()) a.table = current_schema(engine, *a.table);
  }

  std::vector<std::optional<Item>> before(actions.size()), after(actions.size());
  std::vector<Error::CancellationReason> reasons(actions.size(), {"None", "", nullptr});
  bool cancelled = false;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    before[i] = read_item(engine, actions[i].storage_key);
    const Item* current = before[i] ? &*before[i] : nullptr;
    if (actions[i].deferred_error) {
      cancelled = true;
      reasons[i] = {"ValidationError", *actions[i].deferred_error, nullptr};
      continue;
    }
    if (!actions[i].condition.holds(current)) {
      cancelled = true;
      const Error failure = actions[i].condition.failure(current);
      reasons[i] = {"ConditionalCheckFailed", failure.message(), failure.item};
      continue;
    }
    Step step = next_state(actions[i], current);
    if (step.cancel) {
      cancelled = true;
      reasons[i] = {"ValidationError", std::move(*step.cancel), nullptr};
      continue;
    }
    after[i] = std::move(step.item);
  }
  if (cancelled) throw Error::transaction_canceled(std::move(reasons));

  rocksdb::WriteBatch batch;
  std::map<std::string, double> units;
  std::unique_lock<std::mutex> stream_lock;
  for (const Action& a : actions) {
    if (a.table->stream_enabled) {
      stream_lock = std::unique_lock(engine.streams.write_mutex());
      break;
    }
  }
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const Action& a = actions[i];
    // Transactions cost two units per write: prepare and commit.
    WriteOutcome outcome{before[i], a.kind == Action::Kind::kConditionCheck ? before[i] : after[i]};
    units[a.table->name] += 2 * write_cost(*a.table, outcome).total();
    if (a.kind == Action::Kind::kConditionCheck || (!before[i] && !after[i])) continue;
    append_item_change(engine, *a.table, a.storage_key, before[i] ? &*before[i] : nullptr, after[i] ? &*after[i] : nullptr,
                       batch);
  }
  engine.store.write(batch);

  Response res(rapidjson::kObjectType);
  add_batch_consumed_capacity(req, res, units, CapacityKind::kWrite);
  return res;
}

// The members' JSON types, checked before any constraint (a nested type error
// is a SerializationException even when a top-level member breaks a
// constraint); the constraints stay in the code below.
std::vector<MemberRule> write_action(std::initializer_list<MemberRule> own) {
  std::vector<MemberRule> rules{{"ConditionExpression", Shape::kString}, expression_attribute_names(),
                                attribute_value_map("ExpressionAttributeValues"),
                                return_values_on_condition_check_failure(), {"TableName", Shape::kString}};
  rules.insert(rules.end(), own);
  return rules;
}
const std::vector<MemberRule> kConditionCheck = write_action({attribute_value_map("Key")});
const std::vector<MemberRule> kPut = write_action({attribute_value_map("Item")});
const std::vector<MemberRule> kDelete = write_action({attribute_value_map("Key")});
const std::vector<MemberRule> kUpdate = write_action({attribute_value_map("Key"), {"UpdateExpression", Shape::kString}});
const std::vector<MemberRule> kTransactWriteItem = {
    {"ConditionCheck", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kConditionCheck},
    {"Put", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kPut},
    {"Delete", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kDelete},
    {"Update", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kUpdate},
};
const std::vector<MemberRule> kTransactWriteItemList = {
    {"member", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kTransactWriteItem}};
const MemberRule kTransactWriteItemsTypes[] = {
    {"TransactItems", Shape::kList, false, {}, NameRule::kNone, {}, {}, &kTransactWriteItemList},
    return_consumed_capacity(),
    return_item_collection_metrics(),
    {"ClientRequestToken", Shape::kString},
};

}  // namespace

Response transact_write_items(EngineImpl& engine, const Request& req) {
  check_types(req, kTransactWriteItemsTypes);
  ConstraintErrors errors;
  const Json* items = opt_array(req, "TransactItems");
  errors.not_null(items, "transactItems");
  if (items != nullptr) {
    errors.min_length(items->Size(), 1, "[]", "transactItems");
    errors.max_length(items->Size(), 100, "[...]", "transactItems");
  }
  check_return_capacity_enums(req, errors);
  if (auto token = opt_string(req, "ClientRequestToken")) {
    errors.min_length(token->size(), 1, std::string(*token), "clientRequestToken");
    errors.max_length(token->size(), 36, std::string(*token), "clientRequestToken");
  }
  errors.throw_if_any();

  const std::string token(opt_string(req, "ClientRequestToken").value_or(""));
  if (token.empty()) return execute_transaction(engine, req, items);
  // The same token with the same TransactItems is the same transaction.
  std::string payload;
  {
    StringSink sink{&payload};
    rapidjson::Writer<StringSink> writer(sink);
    items->Accept(writer);
  }
  if (engine.client_tokens.begin(token, std::hash<std::string>{}(payload))) return Response(rapidjson::kObjectType);
  try {
    Response res = execute_transaction(engine, req, items);
    engine.client_tokens.finish(token, true);
    return res;
  } catch (...) {
    engine.client_tokens.finish(token, false);
    throw;
  }
}

}  // namespace dynamo_items::ops
