#include "expr/evaluate.h"

#include <optional>

#include "expr/path_tree.h"
#include "expr/value_ops.h"

namespace dynamo_items::expr {

namespace {

// An operand's value: borrowed from the item or the expression, or computed
// (size()). Empty when the attribute is missing.
class Value {
 public:
  Value() = default;
  explicit Value(const AttributeValue* ref) : ref_(ref) {}
  explicit Value(AttributeValue own) : own_(std::move(own)) {}

  const AttributeValue* get() const { return own_ ? &*own_ : ref_; }

 private:
  const AttributeValue* ref_ = nullptr;
  std::optional<AttributeValue> own_;
};

Value operand_value(const Operand& o, const Item* item) {
  switch (o.kind) {
    case Operand::Kind::kPath:
      return Value(item != nullptr ? lookup_path(*item, o.path) : nullptr);
    case Operand::Kind::kValue:
      return Value(&o.value);
    case Operand::Kind::kCall:
      break;
  }
  // Only size() yields a value inside a condition.
  if (o.func != Func::kSize) return Value();
  Value arg = operand_value(o.args[0], item);
  if (arg.get() == nullptr) return Value();
  auto n = value_size(*arg.get());
  if (!n) return Value();
  return Value(AttributeValue::number(std::to_string(*n)));
}

bool ordered_pair(const AttributeValue* a, const AttributeValue* b) {
  return a != nullptr && b != nullptr && a->type() == b->type() && (type_bit(a->type()) & kOrderedTypes) != 0;
}

bool compare(CompareOp op, const AttributeValue* a, const AttributeValue* b) {
  switch (op) {
    case CompareOp::kEq:
      return a != nullptr && b != nullptr && *a == *b;
    case CompareOp::kNe:
      return !(a != nullptr && b != nullptr && *a == *b);
    default:
      break;
  }
  if (!ordered_pair(a, b)) return false;
  const int c = compare_ordered(*a, *b);
  switch (op) {
    case CompareOp::kLt:
      return c < 0;
    case CompareOp::kLe:
      return c <= 0;
    case CompareOp::kGt:
      return c > 0;
    default:
      return c >= 0;
  }
}

bool call(const Operand& f, const Item* item) {
  switch (f.func) {
    case Func::kAttributeExists:
      return operand_value(f.args[0], item).get() != nullptr;
    case Func::kAttributeNotExists:
      return operand_value(f.args[0], item).get() == nullptr;
    case Func::kAttributeType: {
      Value v = operand_value(f.args[0], item);
      return v.get() != nullptr && attr_type_name(v.get()->type()) == f.args[1].value.scalar();
    }
    case Func::kBeginsWith:
    case Func::kContains: {
      Value a = operand_value(f.args[0], item);
      Value b = operand_value(f.args[1], item);
      if (a.get() == nullptr || b.get() == nullptr) return false;
      return f.func == Func::kContains ? value_contains(*a.get(), *b.get())
                                       : value_begins_with(*a.get(), *b.get());
    }
    default:
      return false;
  }
}

}  // namespace

bool evaluate_condition(const CondNode& node, const Item* item) {
  switch (node.kind) {
    case CondNode::Kind::kAnd:
      return evaluate_condition(node.children[0], item) && evaluate_condition(node.children[1], item);
    case CondNode::Kind::kOr:
      return evaluate_condition(node.children[0], item) || evaluate_condition(node.children[1], item);
    case CondNode::Kind::kNot:
      return !evaluate_condition(node.children[0], item);
    case CondNode::Kind::kCompare: {
      Value a = operand_value(node.operands[0], item);
      Value b = operand_value(node.operands[1], item);
      return compare(node.op, a.get(), b.get());
    }
    case CondNode::Kind::kBetween: {
      Value v = operand_value(node.operands[0], item);
      Value lo = operand_value(node.operands[1], item);
      Value hi = operand_value(node.operands[2], item);
      return ordered_pair(v.get(), lo.get()) && ordered_pair(v.get(), hi.get()) &&
             compare_ordered(*v.get(), *lo.get()) >= 0 && compare_ordered(*v.get(), *hi.get()) <= 0;
    }
    case CondNode::Kind::kIn: {
      Value v = operand_value(node.operands[0], item);
      if (v.get() == nullptr) return false;
      for (std::size_t i = 1; i < node.operands.size(); ++i) {
        Value c = operand_value(node.operands[i], item);
        if (c.get() != nullptr && *c.get() == *v.get()) return true;
      }
      return false;
    }
    case CondNode::Kind::kCall:
      return call(node.operands[0], item);
  }
  return false;
}

}  // namespace dynamo_items::expr
