// Key conditions of a Query: from KeyConditionExpression or the legacy
// KeyConditions map, checked against the key schema with DynamoDB's messages
// and reduced to partition-key equality plus an optional sort-key condition.
#pragma once

#include <optional>

#include "catalog/table_schema.h"
#include "expr/expressions.h"
#include "ops/key_range.h"
#include "ops/request.h"

namespace dynamo_items::ops {

struct KeyConditionSpec {
  AttributeValue partition_key;
  std::optional<SortKeyCondition> sort_key;
};

// The key attributes a Query runs against: the table's or an index's.
struct QueryKeys {
  catalog::KeyAttribute hash;
  std::optional<catalog::KeyAttribute> range;
};

KeyConditionSpec legacy_key_conditions(const Json& key_conditions, const QueryKeys& keys);
// REQUIRES: the request has a KeyConditionExpression.
KeyConditionSpec key_condition_expression(const Json& req, expr::ExpressionContext& ctx, const QueryKeys& keys);

// Checks a sort-key condition's operand types and bounds.
void check_sort_key_condition(const SortKeyCondition& c, const catalog::KeyAttribute& range, bool expression);

}  // namespace dynamo_items::ops
