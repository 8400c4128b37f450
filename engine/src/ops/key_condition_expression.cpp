// KeyConditionExpression: parsed and resolved by the expression module, then
// reduced to partition-key equality plus at most one sort-key condition, with
// DynamoDB's messages for everything a key condition may not contain.
#include "dynamo_items/error.h"
#include "expr/ast.h"
#include "keys/key_codec.h"
#include "ops/key_condition.h"

namespace dynamo_items::ops {

namespace {

using expr::CondNode;
using expr::Operand;

[[noreturn]] void invalid_operator(const std::string& op) {
  throw Error::validation("Invalid operator used in KeyConditionExpression: " + op);
}

[[noreturn]] void invalid_condition(const std::string& why) {
  throw Error::validation("Invalid condition in KeyConditionExpression: " + why);
}

[[noreturn]] void nested_operations() {
  throw Error::validation("KeyConditionExpressions cannot contain nested operations");
}

bool is_path(const Operand& o) { return o.kind == Operand::Kind::kPath; }
bool is_call(const Operand& o) { return o.kind == Operand::Kind::kCall; }

// The key attribute a condition operand names; throws for nested paths.
const std::string& attribute_of(const Operand& o) {
  if (o.path.size() != 1 || o.path[0].is_index()) {
    throw Error::validation("KeyConditionExpressions cannot have conditions on nested attributes");
  }
  return o.path[0].name;
}

std::string show(const AttributeValue& v) {
  const bool scalar = v.type() == AttrType::S || v.type() == AttrType::N || v.type() == AttrType::B;
  return "AttributeValue: {" + std::string(attr_type_name(v.type())) + ":" + (scalar ? v.scalar() : "") + "}";
}

// BETWEEN bounds must have one type and be in order (checked before the key
// schema, as DynamoDB does).
void check_between_bounds(const AttributeValue& lo, const AttributeValue& hi) {
  if (lo.type() != hi.type()) {
    throw Error::validation(
        "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower "
        "and upper bounds; lower bound operand: " +
        show(lo) + ", upper bound operand: " + show(hi));
  }
  const bool orderable = lo.type() == AttrType::S || lo.type() == AttrType::N || lo.type() == AttrType::B;
  if (orderable && keys::encode_key_component(lo) > keys::encode_key_component(hi)) {
    throw Error::validation(
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater "
        "than or equal to lower bound; lower bound operand: " +
        show(lo) + ", upper bound operand: " + show(hi));
  }
}

using Leaf = KeyTerm;

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

// One condition of the conjunction, with DynamoDB's structural checks in
// its order (e.g. "b.d > a" is a nested attribute, "b > a.b" two names).
Leaf leaf_of(const CondNode& n) {
  switch (n.kind) {
    case CondNode::Kind::kCompare: {
      if (n.op == expr::CompareOp::kNe) invalid_operator("<>");
      const Operand& a = n.operands[0];
      const Operand& b = n.operands[1];
      if (is_call(a) || is_call(b)) nested_operations();
      if (is_path(a)) attribute_of(a);
      if (is_path(a) && is_path(b)) invalid_condition("Multiple attribute names used in one condition");
      if (!is_path(a) && !is_path(b)) invalid_condition("No key attribute specified");
      const bool path_first = is_path(a);
      const Operand& path = path_first ? a : b;
      const Operand& value = path_first ? b : a;
      return {attribute_of(path), {path_first ? direct(n.op) : mirrored(n.op), value.value, {}}};
    }
    case CondNode::Kind::kBetween: {
      const Operand& key = n.operands[0];
      if (!is_path(key))
        invalid_condition("BETWEEN operator must have the key attribute as its first operand");
      const std::string& attribute = attribute_of(key);
      if (is_path(n.operands[1]) || is_path(n.operands[2])) {
        invalid_condition("Multiple attribute names used in one condition");
      }
      if (is_call(n.operands[1]) || is_call(n.operands[2])) nested_operations();
      check_between_bounds(n.operands[1].value, n.operands[2].value);
      return {attribute, {SortKeyCondition::Op::BETWEEN, n.operands[1].value, n.operands[2].value}};
    }
    case CondNode::Kind::kCall: {
      const Operand& call = n.operands[0];
      if (call.func != expr::Func::kBeginsWith) invalid_operator(call.name);
      if (!is_path(call.args[0])) {
        invalid_condition("begins_with operator must have the key attribute as its first operand");
      }
      const std::string& attribute = attribute_of(call.args[0]);
      if (is_path(call.args[1])) invalid_condition("Multiple attribute names used in one condition");
      if (is_call(call.args[1])) nested_operations();
      return {attribute, {SortKeyCondition::Op::BEGINS_WITH, call.args[1].value, {}}};
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
  // Before the key schema: one condition per attribute, at most two.
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (leaves[i].attribute == leaves[j].attribute) {
        throw Error::validation("KeyConditionExpressions must only contain one condition per key");
      }
    }
  }
  // A multi-attribute key allows a condition per key attribute.
  if (keys.multi_attribute()) {
    if (leaves.size() > keys.hash.size() + keys.range.size()) {
      throw Error::validation("Conditions can be of length 1 or 2 only");
    }
    return plan_multi_attribute_keys(leaves, keys, true);
  }
  if (leaves.size() > 2) throw Error::validation("Conditions can be of length 1 or 2 only");
  // Against the key schema, hash key first.
  const catalog::KeyAttribute& hash_key = keys.hash.front();
  const catalog::KeyAttribute* range_key = keys.range.empty() ? nullptr : &keys.range.front();
  if (range_key == nullptr && leaves.size() > 1) throw Error::validation("Query key condition not supported");
  const Leaf* hash = nullptr;
  const Leaf* range = nullptr;
  for (const auto& l : leaves) {
    if (l.attribute == hash_key.name) hash = &l;
    if (range_key != nullptr && l.attribute == range_key->name) range = &l;
  }
  if (hash == nullptr)
    throw Error::validation("Query condition missed key schema element: " + hash_key.name);
  auto check_type = [](const AttributeValue& v, const catalog::KeyAttribute& k) {
    if (v.type() != k.type) invalid_parameter("Condition parameter type does not match schema type");
  };
  check_type(hash->condition.first, hash_key);
  if (hash->condition.op == SortKeyCondition::Op::BETWEEN) check_type(hash->condition.second, hash_key);
  if (hash->condition.op != SortKeyCondition::Op::EQ)
    throw Error::validation("Query key condition not supported");
  KeyConditionSpec spec;
  spec.partition_keys.push_back(hash->condition.first);
  if (leaves.size() > 1) {
    if (range == nullptr)
      throw Error::validation("Query condition missed key schema element: " + range_key->name);
    if (range->condition.op == SortKeyCondition::Op::BEGINS_WITH && range_key->type == AttrType::N) {
      check_sort_key_condition(range->condition, *range_key, true);
    }
    check_type(range->condition.first, *range_key);
    if (range->condition.op == SortKeyCondition::Op::BETWEEN) check_type(range->condition.second, *range_key);
    check_sort_key_condition(range->condition, *range_key, true);
    spec.sort_key = range->condition;
  }
  return spec;
}

}  // namespace dynamo_items::ops
