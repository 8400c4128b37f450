#include "expr/resolve.h"

#include <string>

#include "dynamo_items/error.h"
#include "expr/value_ops.h"

namespace dynamo_items::expr {

namespace {

constexpr TypeMask kSizeable = type_bit(AttrType::S) | type_bit(AttrType::B) | type_bit(AttrType::SS) |
                               type_bit(AttrType::NS) | type_bit(AttrType::BS) | type_bit(AttrType::L) |
                               type_bit(AttrType::M);
constexpr TypeMask kSetTypes = type_bit(AttrType::SS) | type_bit(AttrType::NS) | type_bit(AttrType::BS);

// What a function or operator accepts and returns.
struct Signature {
  std::size_t arity;
  TypeMask operand_types;
  TypeMask returns;
  bool distinct_operands;  // the first path may not repeat among the others
};

Signature signature(Func f) {
  const TypeMask boolean = type_bit(AttrType::BOOL);
  switch (f) {
    case Func::kAttributeExists:
    case Func::kAttributeNotExists:
      return {1, kAllTypes, boolean, true};
    case Func::kAttributeType:
      return {2, kAllTypes, boolean, true};
    case Func::kBeginsWith:
      return {2, kOrderedTypes & ~type_bit(AttrType::N), boolean, true};
    case Func::kContains:
      return {2, kAllTypes, boolean, true};
    case Func::kSize:
      return {1, kSizeable, type_bit(AttrType::N), true};
    case Func::kIfNotExists:
      return {2, kAllTypes, kAllTypes, true};
    case Func::kListAppend:
      return {2, type_bit(AttrType::L), type_bit(AttrType::L), false};
    case Func::kPlus:
    case Func::kMinus:
      return {2, type_bit(AttrType::N), type_bit(AttrType::N), false};
  }
  return {0, kAllTypes, kAllTypes, false};
}

bool valid_type_name(const std::string& s) {
  for (int t = 0; t < 10; ++t) {
    if (s == attr_type_name(static_cast<AttrType>(t))) return true;
  }
  return false;
}

class Resolver {
 public:
  Resolver(ExpressionContext& ctx, std::string_view param)
      : ctx_(ctx), prefix_("Invalid " + std::string(param) + ": ") {}

  [[noreturn]] void fail(const std::string& message) const { throw Error::validation(prefix_ + message); }

  Path path(const Path& parsed) {
    if (parsed.size() > kMaxPathDepth) {
      fail("The document path has too many nesting levels; nesting levels: " + std::to_string(parsed.size()));
    }
    Path out = parsed;
    for (PathElement& e : out) {
      if (!e.placeholder) continue;
      const std::string* name = ctx_.name(e.name);
      if (name == nullptr) {
        fail("An expression attribute name used in the document path is not defined; attribute name: " +
             e.name);
      }
      e.name = *name;
      e.placeholder = false;
    }
    return out;
  }

  Operand operand(const Operand& parsed) {
    Operand out;
    out.kind = parsed.kind;
    switch (parsed.kind) {
      case Operand::Kind::kPath:
        out.path = path(parsed.path);
        return out;
      case Operand::Kind::kValue: {
        if (parsed.placeholder.empty()) return parsed;  // a legacy literal
        const AttributeValue* v = ctx_.value(parsed.placeholder);
        if (v == nullptr) {
          fail("An expression attribute value used in expression is not defined; attribute value: " +
               parsed.placeholder);
        }
        out.placeholder = parsed.placeholder;
        out.value = *v;
        return out;
      }
      case Operand::Kind::kCall:
        break;
    }
    out.func = parsed.func;
    out.name = parsed.name;
    out.args.reserve(parsed.args.size());
    for (const Operand& a : parsed.args) out.args.push_back(operand(a));
    check_call(out);
    return out;
  }

  CondNode condition(const CondNode& parsed) {
    CondNode out;
    out.kind = parsed.kind;
    out.op = parsed.op;
    for (const CondNode& c : parsed.children) out.children.push_back(condition(c));
    for (const Operand& o : parsed.operands) out.operands.push_back(operand(o));
    switch (out.kind) {
      case CondNode::Kind::kCompare: {
        const bool equality = out.op == CompareOp::kEq || out.op == CompareOp::kNe;
        check_operator(compare_op_symbol(out.op), out.operands, equality ? kAllTypes : kOrderedTypes, true);
        break;
      }
      case CondNode::Kind::kBetween:
        check_operator("BETWEEN", out.operands, kOrderedTypes, true);
        check_between(out.operands[1], out.operands[2]);
        break;
      case CondNode::Kind::kIn:
        check_operator("IN", out.operands, kAllTypes, true);
        if (out.operands.size() - 1 > kMaxInOperands) {
          fail("The IN operator is provided with too many operands; number of operands: " +
               std::to_string(out.operands.size() - 1));
        }
        break;
      case CondNode::Kind::kCall:
        break;  // counted and checked as an operand
      default:
        count_operator();
        break;
    }
    return out;
  }

  static TypeMask type_of(const Operand& o) {
    switch (o.kind) {
      case Operand::Kind::kPath:
        return kAllTypes;
      case Operand::Kind::kValue:
        return type_bit(o.value.type());
      case Operand::Kind::kCall:
        return signature(o.func).returns;
    }
    return kAllTypes;
  }

 private:
  void count_operator() {
    if (++operators_ > kMaxOperators) {
      fail("The expression contains too many operators; operator count: " + std::to_string(operators_));
    }
  }

  void check_operator(const std::string& name, const std::vector<Operand>& operands, TypeMask allowed,
                      bool distinct) {
    for (const Operand& o : operands) {
      const TypeMask t = type_of(o);
      if ((t & allowed) == 0) {
        fail("Incorrect operand type for operator or function; operator or function: " + name +
             ", operand type: " + type_mask_text(t));
      }
    }
    if (distinct && operands.size() > 1 && operands[0].kind == Operand::Kind::kPath) {
      for (std::size_t i = 1; i < operands.size(); ++i) {
        if (operands[i].kind == Operand::Kind::kPath && operands[i].path == operands[0].path) {
          fail(
              "The first operand must be distinct from the remaining operands for this operator or function; "
              "operator: " +
              name + ", first operand: " + path_to_string(operands[0].path));
        }
      }
    }
    count_operator();
  }

  void check_call(const Operand& call) {
    const Signature sig = signature(call.func);
    const std::string name = func_name(call.func);
    if (call.args.size() != sig.arity) {
      fail("Incorrect number of operands for operator or function; operator or function: " + name +
           ", number of operands: " + std::to_string(call.args.size()));
    }
    check_operator(name, call.args, sig.operand_types, sig.distinct_operands);
    switch (call.func) {
      case Func::kAttributeExists:
      case Func::kAttributeNotExists:
      case Func::kIfNotExists:
        if (call.args[0].kind != Operand::Kind::kPath) {
          fail("Operator or function requires a document path; operator or function: " + name);
        }
        break;
      case Func::kAttributeType: {
        const Operand& t = call.args[1];
        if (t.kind != Operand::Kind::kValue || t.value.type() != AttrType::S) {
          fail("Incorrect operand type for operator or function; operator or function: " + name +
               ", operand type: " + type_mask_text(type_of(t)));
        }
        if (!valid_type_name(t.value.scalar())) {
          fail("Invalid attribute type name found; type: " + t.value.scalar() +
               ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        }
        break;
      }
      default:
        break;
    }
  }

  void check_between(const Operand& low, const Operand& high) const {
    if (low.kind != Operand::Kind::kValue || high.kind != Operand::Kind::kValue) return;
    const std::string bounds = "; lower bound operand: " + quoted_value(low.value) +
                               ", upper bound operand: " + quoted_value(high.value);
    if (low.value.type() != high.value.type()) {
      fail("The BETWEEN operator requires same data type for lower and upper bounds" + bounds);
    }
    if (compare_ordered(low.value, high.value) > 0) {
      fail("The BETWEEN operator requires upper bound to be greater than or equal to lower bound" + bounds);
    }
  }

  ExpressionContext& ctx_;
  std::string prefix_;
  int operators_ = 0;
};

}  // namespace

CondNode resolve_condition(const ParsedCondition& parsed, ExpressionContext& ctx, std::string_view param) {
  Resolver r(ctx, param);
  return r.condition(parsed.root);
}

UpdatePlan resolve_update(const ParsedUpdate& parsed, ExpressionContext& ctx) {
  Resolver r(ctx, "UpdateExpression");
  UpdatePlan plan;
  const std::size_t n = parsed.actions.size();
  plan.actions.resize(n);
  // DynamoDB handles the actions last to first: first every target path
  // (names, overlaps), then every value.
  for (std::size_t i = n; i-- > 0;) {
    UpdateAction& a = plan.actions[i];
    a.kind = parsed.actions[i].kind;
    a.has_value = parsed.actions[i].has_value;
    a.path = r.path(parsed.actions[i].path);
    if (auto err = add_path(plan.targets, a.path, static_cast<int>(i))) r.fail(*err);
  }
  for (std::size_t i = n; i-- > 0;) {
    UpdateAction& a = plan.actions[i];
    if (!a.has_value) continue;
    a.value = r.operand(parsed.actions[i].value);
    if (a.kind != ActionKind::kAdd && a.kind != ActionKind::kDelete) continue;
    const AttrType t = a.value.value.type();
    const bool ok = a.kind == ActionKind::kAdd ? (t == AttrType::N || (type_bit(t) & kSetTypes) != 0)
                                               : (type_bit(t) & kSetTypes) != 0;
    if (!ok) {
      r.fail(std::string("Incorrect operand type for operator or function; operator: ") +
             (a.kind == ActionKind::kAdd ? "ADD" : "DELETE") + ", operand type: " + long_type_name(t));
    }
  }
  return plan;
}

PathTreeNode resolve_projection(const ParsedProjection& parsed, ExpressionContext& ctx) {
  Resolver r(ctx, "ProjectionExpression");
  PathTreeNode tree;
  for (std::size_t i = parsed.paths.size(); i-- > 0;) {
    Path p = r.path(parsed.paths[i]);
    if (auto err = add_path(tree, p)) r.fail(*err);
  }
  return tree;
}

}  // namespace dynamo_items::expr
