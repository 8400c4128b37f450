// Key conditions of a Query: from KeyConditionExpression or the legacy
// KeyConditions map, checked against the key schema with DynamoDB's messages
// and reduced to partition-key equality plus an optional sort-key condition.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/table_schema.h"
#include "expr/expressions.h"
#include "ops/key_range.h"
#include "ops/request.h"

namespace dynamo_items::ops {

// What a Query reads: one partition (a value for every HASH attribute), then
// within it the items whose first RANGE attributes equal sort_prefix and
// whose next one satisfies sort_key. A one-attribute sort key keeps even an
// equality in sort_key.
struct KeyConditionSpec {
  std::vector<AttributeValue> partition_keys;  // in KeySchema order
  std::vector<AttributeValue> sort_prefix;     // multi-attribute keys only
  std::optional<SortKeyCondition> sort_key;
  const AttributeValue& partition_key() const { return partition_keys.front(); }
  bool has_sort_condition() const { return sort_key.has_value() || !sort_prefix.empty(); }
};

// The key attributes a Query runs against: the table's or an index's, in
// KeySchema order. Only a GSI has more than one of a kind.
struct QueryKeys {
  std::vector<catalog::KeyAttribute> hash;   // 1..4
  std::vector<catalog::KeyAttribute> range;  // 0..4
  bool multi_attribute() const { return hash.size() > 1 || range.size() > 1; }
};

KeyConditionSpec legacy_key_conditions(const Json& key_conditions, const QueryKeys& keys);
// REQUIRES: the request has a KeyConditionExpression.
KeyConditionSpec key_condition_expression(const Json& req, expr::ExpressionContext& ctx, const QueryKeys& keys);

// One condition of a key condition: the attribute it constrains and how.
struct KeyTerm {
  std::string attribute;
  SortKeyCondition condition;
};

// The rules for a multi-attribute key, in DynamoDB's order: equality on every
// HASH attribute, then conditions on a prefix of the RANGE attributes with no
// gap, all equalities but the last. `expression`: the terms came from a
// KeyConditionExpression (its messages differ from KeyConditions' in places).
// REQUIRES: keys.multi_attribute(); at most one term per attribute.
KeyConditionSpec plan_multi_attribute_keys(const std::vector<KeyTerm>& terms, const QueryKeys& keys,
                                           bool expression);

// Checks a sort-key condition's operand types and bounds.
void check_sort_key_condition(const SortKeyCondition& c, const catalog::KeyAttribute& range, bool expression);

}  // namespace dynamo_items::ops
