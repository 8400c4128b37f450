// Resolution and semantic validation of parsed expressions against one
// request's ExpressionAttributeNames / ExpressionAttributeValues.
//
// Each function copies the parsed tree, replacing "#n" path elements with
// attribute names and ":v" operands with their values (marking them used in
// the context), and checks what DynamoDB checks once values are known, in
// DynamoDB's order: per node, children first, then the operand count, the
// operand types, distinct operands and the operator's own rules (document
// path required, attribute_type names, BETWEEN bounds, IN size). Update and
// projection paths are checked for overlaps and conflicts, last path first,
// as DynamoDB does. Errors carry the "Invalid <param>: " prefix.
#pragma once

#include <memory>
#include <string_view>

#include "expr/expressions.h"
#include "expr/parser.h"
#include "expr/path_tree.h"
#include "expr/update_apply.h"

namespace dynamo_items::expr {

CondNode resolve_condition(const ParsedCondition& parsed, ExpressionContext& ctx, std::string_view param);
UpdatePlan resolve_update(const ParsedUpdate& parsed, ExpressionContext& ctx);
PathTreeNode resolve_projection(const ParsedProjection& parsed, ExpressionContext& ctx);

// DynamoDB's limits on one expression.
inline constexpr std::size_t kMaxPathDepth = 32;
inline constexpr int kMaxOperators = 300;
inline constexpr std::size_t kMaxInOperands = 100;

}  // namespace dynamo_items::expr
