// KeyConditionExpression: parsed and resolved by the expression module, then
// reduced to partition-key equality plus at most one sort-key condition, with
// DynamoDB's messages for everything a key condition may not contain.
#include "dynamo_items/error.h"
#include "expr/ast.h"
#include "ops/key_condition.h"

namespace dynamo_items::ops {

namespace {

using expr::CondNode;
using expr::Operand;

[[noreturn]] void invalid_operator(const std::string& op) {
  throw Error::validation("Invalid operator used in KeyConditionExpression: " + op);
}

// The key attribute a condition operand names; throws for nested paths.
const std::string& attribute_of(const Operand& o) {
  if (o.kind != Operand::Kind::kPath) throw Error::validation("Query key condition not supported");
  if (o.path.size() != 1 || o.path[0].is_index()) {
    throw Error::validation("KeyConditionExpressions cannot contain nested attributes: " +
                            expr::path_to_string(o.path));
  }
  return o.path[0].name;
}

const AttributeValue& value_of(const Operand& o) {
  if (o.kind != Operand::Kind::kValue) throw Error::validation("Query key condition not supported");
  return o.value;
}

struct Leaf {
  std::string attribute;
  SortKeyCondition condition;
};

SortKeyCondition::Op mirrored(expr::CompareOp op) {
  using Op = SortKeyCondition::Op;
  switch (op) {
    case expr::CompareOp::kLt: return Op::GT;
    case expr::CompareOp::kLe: return Op::GE;
    case expr::CompareOp::kGt: return Op::LT;
    case expr::CompareOp::kGe: return Op::LE;
    default: return Op::EQ;
  }
}

SortKeyCondition::Op direct(expr::CompareOp op) {
  using Op = SortKeyCondition::Op;
  switch (op) {
    case expr::CompareOp::kLt: return Op::LT;
    case expr::CompareOp::kLe: return Op::LE;
    case expr::CompareOp::kGt: return Op::GT;
    case expr::CompareOp::kGe: return Op::GE;
    default: return Op::EQ;
  }
}

Leaf leaf_of(const CondNode& n) {
  switch (n.kind) {
    case CondNode::Kind::kCompare: {
      if (n.op == expr::CompareOp::kNe) invalid_operator("<>");
      const bool path_first = n.operands[0].kind == Operand::Kind::kPath;
      const Operand& path = path_first ? n.operands[0] : n.operands[1];
      const Operand& value = path_first ? n.operands[1] : n.operands[0];
      return {attribute_of(path), {path_first ? direct(n.op) : mirrored(n.op), value_of(value), {}}};
    }
    case CondNode::Kind::kBetween:
      return {attribute_of(n.operands[0]),
              {SortKeyCondition::Op::BETWEEN, value_of(n.operands[1]), value_of(n.operands[2])}};
    case CondNode::Kind::kCall: {
      const Operand& call = n.operands[0];
      if (call.func != expr::Func::kBeginsWith) invalid_operator(call.name);
      return {attribute_of(call.args[0]), {SortKeyCondition::Op::BEGINS_WITH, value_of(call.args[1]), {}}};
    }
    case CondNode::Kind::kIn: invalid_operator("IN");
    case CondNode::Kind::kOr: invalid_operator("OR");
    case CondNode::Kind::kNot: invalid_operator("NOT");
    case CondNode::Kind::kAnd: break;
  }
  throw Error::validation("Query key condition not supported");
}

void collect(const CondNode& n, std::vector<Leaf>& leaves) {
  if (n.kind == CondNode::Kind::kAnd) {
    for (const auto& c : n.children) collect(c, leaves);
    return;
  }
  leaves.push_back(leaf_of(n));
}

}  // namespace

KeyConditionSpec key_condition_expression(const Json& req, expr::ExpressionContext& ctx, const QueryKeys& keys) {
  auto text = opt_string(req, "KeyConditionExpression");
  expr::Condition cond = expr::parse_condition(*text, ctx, "KeyConditionExpression");
  std::vector<Leaf> leaves;
  collect(*cond.root(), leaves);
  if (leaves.size() > 2) {
    throw Error::validation("KeyConditionExpressions must only contain one condition per key");
  }
  const Leaf* hash = nullptr;
  const Leaf* range = nullptr;
  bool other = false;
  for (const auto& l : leaves) {
    const bool is_hash = l.attribute == keys.hash.name;
    const bool is_range = keys.range && l.attribute == keys.range->name;
    if ((is_hash && hash != nullptr) || (is_range && range != nullptr)) {
      throw Error::validation("KeyConditionExpressions must only contain one condition per key");
    }
    if (is_hash) hash = &l;
    if (is_range) range = &l;
    other = other || (!is_hash && !is_range);
  }
  if (hash == nullptr) throw Error::validation("Query condition missed key schema element: " + keys.hash.name);
  if (other) throw Error::validation("Query key condition not supported");
  if (hash->condition.op != SortKeyCondition::Op::EQ) throw Error::validation("Query key condition not supported");
  auto check_type = [](const AttributeValue& v, const catalog::KeyAttribute& k) {
    if (v.type() != k.type) invalid_parameter("Condition parameter type does not match schema type");
  };
  check_type(hash->condition.first, keys.hash);
  KeyConditionSpec spec{hash->condition.first, std::nullopt};
  if (range != nullptr) {
    if (range->condition.op == SortKeyCondition::Op::BEGINS_WITH && keys.range->type == AttrType::N) {
      check_sort_key_condition(range->condition, *keys.range, true);
    }
    check_type(range->condition.first, *keys.range);
    if (range->condition.op == SortKeyCondition::Op::BETWEEN) check_type(range->condition.second, *keys.range);
    check_sort_key_condition(range->condition, *keys.range, true);
    spec.sort_key = range->condition;
  }
  return spec;
}

}  // namespace dynamo_items::ops
