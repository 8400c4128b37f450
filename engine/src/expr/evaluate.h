// Condition evaluation with DynamoDB's semantics: a missing attribute makes
// comparisons, functions and IN false (and "<>" true); ordering comparisons
// and BETWEEN hold only between values of the same type among S, N and B;
// equality compares type and value (sets as sets, lists and maps deeply);
// size() of a type without a size is missing. Evaluation never throws.
#pragma once

#include "dynamo_items/attribute_value.h"
#include "expr/ast.h"

namespace dynamo_items::expr {

// REQUIRES: node is resolved (resolve.h). item: nullptr when absent.
bool evaluate_condition(const CondNode& node, const Item* item);

}  // namespace dynamo_items::expr
