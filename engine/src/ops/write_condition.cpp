#include "ops/write_condition.h"

#include <memory>

#include "dynamo_items/error.h"
#include "expr/legacy.h"

namespace dynamo_items::ops {

void WriteCondition::check(const Item* current) const {
  if (condition.matches(current)) return;
  Error e = Error::conditional_check_failed();
  if (return_old_on_failure && current != nullptr) e.item = std::make_shared<const Item>(*current);
  throw e;
}

WriteCondition write_condition(const Json& req, expr::ExpressionContext& ctx) {
  WriteCondition out;
  out.return_old_on_failure = opt_string(req, "ReturnValuesOnConditionCheckFailure") == "ALL_OLD";
  if (auto text = opt_string(req, "ConditionExpression")) {
    out.condition = expr::parse_condition(*text, ctx, "ConditionExpression");
  } else if (const Json* expected = opt_object(req, "Expected")) {
    out.condition = expr::expected_condition(*expected, opt_string(req, "ConditionalOperator"));
  }
  return out;
}

}  // namespace dynamo_items::ops
