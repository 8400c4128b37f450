// KeyConditionExpression: parsed with the expression module's parser, then
// reduced to a key condition. (Wired once the expression module lands.)
#include "dynamo_items/error.h"
#include "ops/key_condition.h"

namespace dynamo_items::ops {

KeyConditionSpec key_condition_expression(const Json& req, const QueryKeys& keys) {
  (void)req;
  (void)keys;
  throw Error::validation("KeyConditionExpression is not supported yet; use KeyConditions");
}

}  // namespace dynamo_items::ops
