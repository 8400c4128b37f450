// PathTree: a set of document paths merged into a tree, as DynamoDB builds
// for a ProjectionExpression and for the targets of an UpdateExpression.
// Adding a path that overlaps one already present (one is a prefix of the
// other) or conflicts with it (a map key and a list index at the same level)
// fails with DynamoDB's message. The tree then drives projection: the same
// shape applied to an item keeps nested maps and lists, with list elements
// compacted in index order.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dynamo_items/attribute_value.h"
#include "expr/ast.h"

namespace dynamo_items::expr {

struct PathTreeNode {
  struct Child {
    PathElement key;
    std::unique_ptr<PathTreeNode> subtree;  // nullptr: a path ends here
    int action = -1;                        // update trees: index of the action
  };
  std::vector<Child> children;  // in insertion order

  const Child* find(const PathElement& key) const;
};

// Adds path to the tree rooted at root. Returns the overlap / conflict
// message (without prefix) when the path cannot be added.
std::optional<std::string> add_path(PathTreeNode& root, const Path& path, int action = -1);

// The parts of item that the tree's paths select.
Item project_item(const PathTreeNode& root, const Item& item);

// Path lookup; nullptr when any step is missing or of the wrong kind.
const AttributeValue* lookup_path(const Item& item, const Path& path);

}  // namespace dynamo_items::expr
