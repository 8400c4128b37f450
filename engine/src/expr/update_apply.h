// Applying a resolved update to an item, DynamoDB style.
//
// All right-hand sides are evaluated against the item as it was before the
// update; every action addresses the original positions (so "REMOVE a[1],
// a[2]" removes two original elements and "SET a[7] = :v" past the end
// appends), and lists are compacted once all their actions ran. A path whose
// parent is missing, or is not a map (for a key) or a list (for an index),
// is invalid for update. A set emptied by DELETE disappears.
#pragma once

#include <vector>

#include "dynamo_items/attribute_value.h"
#include "expr/ast.h"
#include "expr/path_tree.h"

namespace dynamo_items::expr {

struct UpdatePlan {
  std::vector<UpdateAction> actions;  // resolved, in source order
  PathTreeNode targets;               // action paths; Child::action indexes actions
};

// Returns the updated item; throws Error::validation with DynamoDB's messages.
Item apply_update(const UpdatePlan& plan, const Item& current);

}  // namespace dynamo_items::expr
