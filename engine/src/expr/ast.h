// Expression syntax trees shared by the parser, the resolver and the
// evaluators.
//
// A tree comes out of the parser with placeholders still in it: path
// elements named "#n" (placeholder = true) and value operands naming ":v".
// It depends only on the expression text, so a parsed tree can be cached and
// reused across requests. The resolver (resolve.h) copies it, substituting
// ExpressionAttributeNames/Values and validating types, and the evaluators
// work on the resolved copy.
//
// Plain data, intentionally copyable.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items::expr {

// One step of a document path: a map key (name) or a list index.
struct PathElement {
  // A list index too large for DynamoDB; the parser keeps its digits in name.
  static constexpr std::int64_t kIndexOverflow = -2;

  std::string name;          // map key; "#x" while placeholder is true
  std::int64_t index = -1;   // >= 0 for a list index
  bool placeholder = false;  // name is an ExpressionAttributeNames key

  bool is_index() const { return index >= 0; }
  friend bool operator==(const PathElement& a, const PathElement& b) {
    return a.index == b.index && a.placeholder == b.placeholder && a.name == b.name;
  }
};

using Path = std::vector<PathElement>;

// DynamoDB's rendering of a path in messages: "[a, b, [3]]".
std::string path_to_string(const Path& path);

// Every function and arithmetic operator an operand can call.
enum class Func : std::uint8_t {
  kAttributeExists,
  kAttributeNotExists,
  kAttributeType,
  kBeginsWith,
  kContains,
  kSize,
  kIfNotExists,
  kListAppend,
  kPlus,   // a + b (SET only)
  kMinus,  // a - b (SET only)
};

// The name DynamoDB uses for the function in messages ("size", "+").
const char* func_name(Func f);

struct Operand {
  enum class Kind : std::uint8_t { kPath, kValue, kCall };
  Kind kind = Kind::kPath;
  Path path;                   // kPath
  std::string placeholder;     // kValue: ":v" (empty for legacy literal values)
  AttributeValue value;        // kValue, once resolved
  Func func = Func::kSize;     // kCall
  std::string name;            // kCall: the function name as written
  std::vector<Operand> args;   // kCall
  bool parenthesized = false;  // parser bookkeeping for "redundant parentheses"
};

enum class CompareOp : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
const char* compare_op_symbol(CompareOp op);

struct CondNode {
  enum class Kind : std::uint8_t { kAnd, kOr, kNot, kCompare, kBetween, kIn, kCall };
  Kind kind = Kind::kCall;
  CompareOp op = CompareOp::kEq;   // kCompare
  std::vector<CondNode> children;  // kAnd, kOr (two), kNot (one)
  // kCompare: 2, kBetween: 3 (value, low, high), kIn: 1 + candidates,
  // kCall: one Operand of kind kCall returning a boolean.
  std::vector<Operand> operands;
  bool parenthesized = false;
};

enum class ActionKind : std::uint8_t {
  kSet,
  kRemove,
  kAdd,
  kDelete,
  // Legacy AttributeUpdates actions: top-level only, with their own rules
  // (ADD appends lists, DELETE without a value removes the attribute).
  kLegacyPut,
  kLegacyAdd,
  kLegacyDelete,
};

struct UpdateAction {
  ActionKind kind = ActionKind::kSet;
  Path path;
  Operand value;           // SET: any operand; ADD/DELETE: a value
  bool has_value = false;  // false for REMOVE and legacy DELETE without Value
};

}  // namespace dynamo_items::expr
