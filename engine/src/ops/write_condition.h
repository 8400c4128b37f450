// The condition of a conditional write (PutItem, UpdateItem, DeleteItem):
// ConditionExpression or the legacy Expected/ConditionalOperator, checked
// against the current item inside the write path's key lock, so a condition
// and its write are atomic.
#pragma once

#include "dynamo_items/attribute_value.h"
#include "expr/expressions.h"
#include "ops/request.h"

namespace dynamo_items::ops {

struct WriteCondition {
  expr::Condition condition;           // empty: unconditional
  bool return_old_on_failure = false;  // ReturnValuesOnConditionCheckFailure=ALL_OLD

  // Throws ConditionalCheckFailedException ("The conditional request
  // failed"), carrying the current item when return_old_on_failure is set,
  // unless current (nullptr: no item) satisfies the condition.
  void check(const Item* current) const;
};

// Parses the request's ConditionExpression (with ctx) or Expected.
// REQUIRES: expr::check_expression_parameters already ran for the request.
WriteCondition write_condition(const Json& req, expr::ExpressionContext& ctx);

}  // namespace dynamo_items::ops
