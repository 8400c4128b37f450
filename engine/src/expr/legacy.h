// Legacy (pre-expression) request parameters, converted to the same
// Condition / Update / Projection objects the expressions produce:
//
//   Expected + ConditionalOperator         -> Condition   (PutItem, UpdateItem, DeleteItem)
//   QueryFilter / ScanFilter + Cond.Op.    -> Condition   (Query, Scan)
//   AttributeUpdates                       -> Update      (UpdateItem)
//   AttributesToGet                        -> Projection  (GetItem, BatchGetItem, Query, Scan)
//
// Each converter validates its parameter as DynamoDB does and throws Error
// (ValidationException) with DynamoDB's message. The comparison operators
// keep their legacy meaning: a missing attribute matches only NULL and NE;
// ordering operators match only values of the same type.
#pragma once

#include <rapidjson/document.h>

#include <initializer_list>
#include <optional>
#include <string_view>

#include "expr/expressions.h"

namespace dynamo_items::expr {

// Rejects legacy and expression parameters used together, and placeholder
// maps without expressions, in DynamoDB's words:
//   "Can not use both expression and non-expression parameters in the same
//    request: Non-expression parameters: {Expected} Expression parameters:
//    {ConditionExpression}"
//   "ExpressionAttributeNames can only be specified when using expressions"
//   "ExpressionAttributeValues can only be specified when using expressions:
//    ConditionExpression is null"
// Parameter names are listed in the order given, e.g. for UpdateItem
// ({"UpdateExpression", "ConditionExpression"}, {"AttributeUpdates", "Expected"}).
void check_expression_parameters(const rapidjson::Value& request,
                                 std::initializer_list<const char*> expression_params,
                                 std::initializer_list<const char*> legacy_params);

// Expected: {"attr": {"Value": ..., "Exists": bool} or {"ComparisonOperator":
// ..., "AttributeValueList": [...]}}. conditional_operator: "AND" (default)
// or "OR".
Condition expected_condition(const rapidjson::Value& expected,
                             std::optional<std::string_view> conditional_operator);

// QueryFilter / ScanFilter: {"attr": {"ComparisonOperator": ..., "AttributeValueList": [...]}}.
// param_path: the member's name in constraint messages ("queryFilter", "scanFilter").
Condition filter_condition(const rapidjson::Value& filter,
                           std::optional<std::string_view> conditional_operator, const char* param_path);

// AttributeUpdates: {"attr": {"Action": "PUT" | "ADD" | "DELETE", "Value": ...}}.
Update attribute_updates(const rapidjson::Value& updates);

// AttributesToGet: ["a", "b"]. Duplicates are rejected.
Projection attributes_to_get(const rapidjson::Value& names);

}  // namespace dynamo_items::expr
