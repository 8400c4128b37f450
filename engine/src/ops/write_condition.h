// The condition of a conditional write (PutItem, UpdateItem, DeleteItem):
// ConditionExpression or the legacy Expected/ConditionalOperator, checked
// against the current item inside the write path's key lock, so a condition
// and its write are atomic.
#pragma once

#include "dynamo_items/attribute_value.h"
#include "dynamo_items/error.h"
#include "expr/expressions.h"
#include "ops/request.h"

namespace dynamo_items::ops {

struct WriteCondition {
  expr::Condition condition;           // empty: unconditional
  bool return_old_on_failure = false;  // ReturnValuesOnConditionCheckFailure=ALL_OLD

  // Whether current (nullptr: no item) satisfies the condition. A failed
  // condition is a normal outcome of a conditional write, not an exception
  // inside the write path: write_item reports it and the operation answers
  // failure().
  bool holds(const Item* current) const { return condition.matches(current); }
  // ConditionalCheckFailedException ("The conditional request failed"),
  // carrying the current item when return_old_on_failure is set.
  Error failure(const Item* current) const;
};

// Parses the request's ConditionExpression (with ctx) or Expected.
// REQUIRES: expr::check_expression_parameters already ran for the request.
WriteCondition write_condition(const Json& req, expr::ExpressionContext& ctx);

}  // namespace dynamo_items::ops
