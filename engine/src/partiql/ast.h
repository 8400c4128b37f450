// PartiQL syntax tree: what the parser makes of a statement, before any table
// is looked at. Expressions are one node type (Node) whose kind says which
// fields are used; statements are Statement. Trees are built once per
// statement text and read-only afterwards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "partiql/lexer.h"

namespace dynamo_items::partiql {

struct PathStep {
  bool is_index = false;
  std::string name;        // a field (is_index false)
  std::int64_t index = 0;  // a list index (is_index true)
};

enum class NodeKind : std::uint8_t {
  kPath,     // steps (steps[0] names an attribute)
  kString,   // text
  kNumber,   // text: the number as written, sign included
  kBool,     // flag
  kNull,
  kMissing,
  kParam,    // index: the parameter's position, from 0
  kList,     // children
  kTuple,    // children: key, value, key, value, ...
  kBag,      // children
  kCall,     // text: the function name in lower case; children: arguments
  kArith,    // text: "+" or "-"; children: lhs, rhs
  kCompare,  // text: "=", "<>", "<", "<=", ">", ">=" or "like"; children: lhs, rhs
  kBetween,  // flag: NOT BETWEEN; children: operand, low, high
  kIn,       // flag: NOT IN; children: operand, then the members
  kIs,       // flag: IS NOT; text: the type (upper case: MISSING, NULL, ...); children: operand
  kNot,      // children: operand
  kAnd,      // children: lhs, rhs
  kOr,       // children: lhs, rhs
};

struct Node {
  NodeKind kind = NodeKind::kNull;
  Span span;  // the node's main token (a function's name, an operator)
  std::vector<PathStep> steps;
  std::string text;
  bool flag = false;
  std::size_t index = 0;
  std::vector<std::unique_ptr<Node>> children;
};
using NodePtr = std::unique_ptr<Node>;

enum class StatementKind : std::uint8_t { kSelect, kInsert, kUpdate, kDelete, kExists };

struct OrderItem {
  std::string attribute;
  Span span;
  bool descending = false;
};

struct UpdateAction {
  bool remove = false;  // REMOVE path; otherwise SET path = value
  NodePtr path;
  NodePtr value;
};

// RETURNING (ALL | MODIFIED) (OLD | NEW) *
struct Returning {
  bool all = true;
  bool new_values = false;
  std::string text() const {
    return std::string(all ? "ALL" : "MODIFIED") + (new_values ? " NEW" : " OLD") + " *";
  }
};

struct Statement {
  StatementKind kind = StatementKind::kSelect;
  std::string table;
  std::optional<std::string> index;  // SELECT ... FROM "table"."index"
  Span table_span;
  bool select_all = false;           // SELECT *
  std::vector<NodePtr> projection;   // SELECT a, b.c, ...
  NodePtr where;                     // may be null
  std::vector<OrderItem> order_by;
  NodePtr value;                     // INSERT ... VALUE {...}
  std::vector<UpdateAction> actions; // UPDATE ... SET / REMOVE
  std::optional<Returning> returning;
  std::unique_ptr<Statement> exists;  // EXISTS(SELECT ...): the SELECT
  std::size_t parameter_count = 0;    // number of ? in the statement
  bool is_read() const { return kind == StatementKind::kSelect; }
};

}  // namespace dynamo_items::partiql
