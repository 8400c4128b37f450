// Rules about which expression and legacy parameters a request may combine,
// shared by every operation that accepts expressions. DynamoDB checks these
// before parsing any expression.
#pragma once

#include <initializer_list>

#include "ops/request.h"

namespace dynamo_items::ops {

// Throws "Can not use both expression and non-expression parameters in the
// same request: Non-expression parameters: {...} Expression parameters: {...}"
// when the request has members of both lists, and "ExpressionAttributeNames can
// only be specified when using expressions" (or ...Values) when it has
// placeholder maps but none of the expression members.
void check_expression_parameters(const Json& req, std::initializer_list<const char*> legacy,
                                 std::initializer_list<const char*> expressions);

}  // namespace dynamo_items::ops
