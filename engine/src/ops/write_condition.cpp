#include "ops/write_condition.h"

#include <memory>

#include "dynamo_items/error.h"
#include "expr/legacy.h"

namespace dynamo_items::ops {

Error WriteCondition::failure(const Item* current) const {
  Error e = Error::conditional_check_failed();
  if (return_old_on_failure && current != nullptr) e.item = std::make_shared<const Item>(*current);
  return e;
}

WriteCondition write_condition(const Json& req, expr::ExpressionContext& ctx) {
  WriteCondition out;
  out.return_old_on_failure = opt_string(req, "ReturnValuesOnConditionCheckFailure") == "ALL_OLD";
  // ConditionalOperator joins the conditions of Expected: DynamoDB refuses it
  // when there are fewer than two to join (an empty Expected is no
  // condition at all, and is accepted on its own).
  if (member(req, "ConditionalOperator") != nullptr) {
    const Json* expected = opt_object(req, "Expected");
    if (expected == nullptr || expected->MemberCount() == 0) {
      throw Error::validation("ConditionalOperator cannot be used without Filter or Expected");
    }
    if (expected->MemberCount() == 1) {
      throw Error::validation("ConditionalOperator can only be used when Filter or Expected has two or more elements");
    }
  }
  if (auto text = opt_string(req, "ConditionExpression")) {
    out.condition = expr::parse_condition(*text, ctx, "ConditionExpression");
  } else if (const Json* expected = opt_object(req, "Expected")) {
    out.condition = expr::expected_condition(*expected, opt_string(req, "ConditionalOperator"));
  }
  return out;
}

}  // namespace dynamo_items::ops
