// Expressions: the API the operations use for ConditionExpression,
// FilterExpression, UpdateExpression and ProjectionExpression (and, through
// legacy.h, Expected, AttributeUpdates, AttributesToGet and the filters).
//
// Per request:
//   ExpressionContext ctx = ExpressionContext::from_request(req);  // names, values
//   Update update = parse_update(text, ctx);           // parse in DynamoDB's order:
//   Condition cond = parse_condition(text, ctx);       // update, condition, key
//   Projection proj = parse_projection(text, ctx);     // condition, filter, projection
//   ctx.check_all_used();                              // unused names / values
//   ... under the item lock:
//   if (!cond.matches(current)) throw Error::conditional_check_failed();
//   Item next = update.apply(current ? *current : key_only_item);
//
// Every failure is thrown as Error (ValidationException) with DynamoDB's
// message, e.g. "Invalid ConditionExpression: Syntax error; token: ...".
//
// Condition, Update and Projection are immutable after parsing and cheap to
// copy (they share their tree), so they may be cached and used from several
// threads. ExpressionContext is per request and not thread-safe.
#pragma once

#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items::expr {

struct CondNode;
struct UpdatePlan;
struct PathTreeNode;

// ExpressionAttributeNames and ExpressionAttributeValues of one request, with
// the record of which entries the request's expressions used.
class ExpressionContext {
 public:
  ExpressionContext() = default;
  // Entries in request order (the order "unused" messages list them in).
  ExpressionContext(std::vector<std::pair<std::string, std::string>> names,
                    std::vector<std::pair<std::string, AttributeValue>> values);

  // From the request's ExpressionAttributeNames / ExpressionAttributeValues
  // members (absent or null: none). Checks the maps as DynamoDB does: not
  // empty, keys "#x" / ":x", values valid ("ExpressionAttributeValues
  // contains invalid value: <why> for key :x").
  static ExpressionContext from_request(const rapidjson::Value& request);

  bool has_names() const { return has_names_; }
  bool has_values() const { return has_values_; }

  // Resolution, marking the entry used; nullptr when not defined.
  const std::string* name(std::string_view key);
  const AttributeValue* value(std::string_view key);

  // Throws "Value provided in ExpressionAttributeNames unused in
  // expressions: keys: {#a, #b}" (names first, then values).
  void check_all_used() const;

 private:
  template <class T>
  struct Entry {
    std::string key;
    T value;
    bool used = false;
  };
  std::vector<Entry<std::string>> names_;
  std::vector<Entry<AttributeValue>> values_;
  std::map<std::string, std::size_t, std::less<>> name_index_, value_index_;
  bool has_names_ = false, has_values_ = false;
};

// A condition (ConditionExpression, FilterExpression, Expected, ...).
// A default-constructed Condition is empty and matches everything.
class Condition {
 public:
  Condition() = default;
  explicit Condition(std::shared_ptr<const CondNode> root) : root_(std::move(root)) {}

  bool empty() const { return root_ == nullptr; }
  // item: nullptr when the item does not exist.
  bool matches(const Item* item) const;
  const CondNode* root() const { return root_.get(); }

 private:
  std::shared_ptr<const CondNode> root_;
};

// An UpdateExpression or AttributeUpdates.
class Update {
 public:
  Update() = default;
  explicit Update(std::shared_ptr<const UpdatePlan> plan) : plan_(std::move(plan)) {}

  bool empty() const;
  // True when every action takes something away (REMOVE, DELETE, legacy
  // DELETE) and there is at least one: on a missing item such an update
  // has nothing to act on, and DynamoDB creates no item.
  bool only_removes() const;
  // Throws "One or more parameter values were invalid: Cannot update
  // attribute pk. This attribute is part of the key" when an action's path
  // starts at a key attribute.
  void check_key_attributes(const std::vector<std::string>& key_names) const;
  // The item after the update. current: the stored item, or just the key
  // attributes when the item does not exist yet. Throws DynamoDB's runtime
  // errors ("The document path provided in the update expression is invalid
  // for update", "An operand in the update expression has an incorrect data
  // type", ...).
  Item apply(const Item& current) const;
  // ReturnValues UPDATED_OLD / UPDATED_NEW: the updated paths of `item`
  // (the old or the new item), nested maps and lists kept in shape.
  Item updated_attributes(const Item& item) const;

 private:
  std::shared_ptr<const UpdatePlan> plan_;
};

// A ProjectionExpression or AttributesToGet.
class Projection {
 public:
  Projection() = default;
  explicit Projection(std::shared_ptr<const PathTreeNode> tree) : tree_(std::move(tree)) {}

  // An empty projection returns items whole.
  bool empty() const { return tree_ == nullptr; }
  Item apply(const Item& item) const;

 private:
  std::shared_ptr<const PathTreeNode> tree_;
};

// param names the request member in messages: "ConditionExpression",
// "FilterExpression" or "KeyConditionExpression".
Condition parse_condition(std::string_view text, ExpressionContext& ctx,
                          std::string_view param = "ConditionExpression");
Update parse_update(std::string_view text, ExpressionContext& ctx);
Projection parse_projection(std::string_view text, ExpressionContext& ctx);

}  // namespace dynamo_items::expr
