#include "expr/legacy.h"

#include <algorithm>
#include <string>
#include <vector>

#include "dynamo_items/error.h"
#include "expr/ast.h"
#include "expr/path_tree.h"
#include "expr/update_apply.h"
#include "expr/value_ops.h"
#include "ops/item_key.h"
#include "ops/request.h"
#include "value/json_codec.h"

namespace dynamo_items::expr {

namespace {

using Json = rapidjson::Value;

const std::string kInvalid = "One or more parameter values were invalid: ";

std::string key_of(const Json::ConstMemberIterator& m) {
  return {m->name.GetString(), m->name.GetStringLength()};
}

bool present(const Json& obj, const char* name) { return ops::member(obj, name) != nullptr; }

// The legacy comparison operators and what each accepts.
struct LegacyOperator {
  const char* name;
  int min_values, max_values;
  TypeMask types;  // allowed AttributeValueList types
};

constexpr TypeMask kScalarAndSets =
    kOrderedTypes | type_bit(AttrType::SS) | type_bit(AttrType::NS) | type_bit(AttrType::BS);
// EQ and NE also take a BOOL, though the documentation lists only scalars
// and sets (observed on DynamoDB; a map is still refused).
constexpr TypeMask kEqualityTypes = kScalarAndSets | type_bit(AttrType::BOOL);
constexpr int kMany = 1 << 30;

// Enum order as DynamoDB lists it in constraint messages.
constexpr LegacyOperator kOperators[] = {
    {"IN", 1, kMany, kOrderedTypes},
    {"NULL", 0, 0, 0},
    {"BETWEEN", 2, 2, kOrderedTypes},
    {"LT", 1, 1, kOrderedTypes},
    {"NOT_CONTAINS", 1, 1, kOrderedTypes},
    {"EQ", 1, 1, kEqualityTypes},
    {"GT", 1, 1, kOrderedTypes},
    {"NOT_NULL", 0, 0, 0},
    {"NE", 1, 1, kEqualityTypes},
    {"LE", 1, 1, kOrderedTypes},
    {"BEGINS_WITH", 1, 1, type_bit(AttrType::S) | type_bit(AttrType::B)},
    {"GE", 1, 1, kOrderedTypes},
    {"CONTAINS", 1, 1, kOrderedTypes},
};

const LegacyOperator* find_operator(std::string_view name) {
  for (const auto& op : kOperators) {
    if (name == op.name) return &op;
  }
  return nullptr;
}

void check_operator_enum(const Json& conditions, const std::string& param_path) {
  ops::ConstraintErrors errors;
  for (auto m = conditions.MemberBegin(); m != conditions.MemberEnd(); ++m) {
    const Json& c = ops::as_object(m->value);
    const std::string path = param_path + "." + key_of(m) + ".member.comparisonOperator";
    auto op = ops::opt_string(c, "ComparisonOperator");
    if (!op) continue;
    if (find_operator(*op) == nullptr) {
      errors.enum_value(op, path,
                        {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT", "NOT_NULL", "NE", "LE",
                         "BEGINS_WITH", "GE", "CONTAINS"});
    }
  }
  errors.throw_if_any();
}

std::vector<AttributeValue> decode_list(const Json* list) {
  std::vector<AttributeValue> out;
  if (list == nullptr) return out;
  for (const Json& v : ops::as_array(*list).GetArray()) out.push_back(json::decode_value(v));
  return out;
}

// Count, type and range checks shared by Expected and the filters.
void check_values(const LegacyOperator& op, const std::vector<AttributeValue>& values) {
  const int n = static_cast<int>(values.size());
  if (n < op.min_values || n > op.max_values) {
    throw Error::validation(kInvalid + "Invalid number of argument(s) for the " + op.name +
                            " ComparisonOperator");
  }
  for (const AttributeValue& v : values) {
    if (v.type() != values[0].type()) {
      throw Error::validation(kInvalid + "AttributeValues inside AttributeValueList must be of same type");
    }
  }
  for (const AttributeValue& v : values) {
    if ((type_bit(v.type()) & op.types) == 0) {
      throw Error::validation(kInvalid + "ComparisonOperator " + op.name + " is not valid for " +
                              std::string(attr_type_name(v.type())) + " AttributeValue type");
    }
  }
  if (std::string_view(op.name) == "BETWEEN" && compare_ordered(values[0], values[1]) > 0) {
    throw Error::validation(
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  }
}

Operand path_operand(const std::string& name) {
  Operand o;
  o.kind = Operand::Kind::kPath;
  o.path.push_back(PathElement{name, -1, false});
  return o;
}

Operand value_operand(AttributeValue v) {
  Operand o;
  o.kind = Operand::Kind::kValue;
  o.value = std::move(v);
  return o;
}

CondNode call_node(Func f, std::vector<Operand> args) {
  Operand call;
  call.kind = Operand::Kind::kCall;
  call.func = f;
  call.name = func_name(f);
  call.args = std::move(args);
  CondNode n;
  n.kind = CondNode::Kind::kCall;
  n.operands.push_back(std::move(call));
  return n;
}

CondNode combine(CondNode::Kind kind, CondNode a, CondNode b) {
  CondNode n;
  n.kind = kind;
  n.children.push_back(std::move(a));
  n.children.push_back(std::move(b));
  return n;
}

// One legacy comparison as a condition tree.
CondNode comparison(const std::string& attr, std::string_view op, std::vector<AttributeValue> values) {
  CondNode n;
  auto compare = [&](CompareOp cmp) {
    n.kind = CondNode::Kind::kCompare;
    n.op = cmp;
    n.operands.push_back(path_operand(attr));
    n.operands.push_back(value_operand(std::move(values[0])));
    return n;
  };
  if (op == "EQ") return compare(CompareOp::kEq);
  if (op == "NE") return compare(CompareOp::kNe);
  if (op == "LT") return compare(CompareOp::kLt);
  if (op == "LE") return compare(CompareOp::kLe);
  if (op == "GT") return compare(CompareOp::kGt);
  if (op == "GE") return compare(CompareOp::kGe);
  if (op == "NULL") return call_node(Func::kAttributeNotExists, {path_operand(attr)});
  if (op == "NOT_NULL") return call_node(Func::kAttributeExists, {path_operand(attr)});
  if (op == "CONTAINS")
    return call_node(Func::kContains, {path_operand(attr), value_operand(std::move(values[0]))});
  if (op == "BEGINS_WITH")
    return call_node(Func::kBeginsWith, {path_operand(attr), value_operand(std::move(values[0]))});
  if (op == "NOT_CONTAINS") {
    // Absence of the value in an attribute that is there.
    CondNode negated;
    negated.kind = CondNode::Kind::kNot;
    negated.children.push_back(
        call_node(Func::kContains, {path_operand(attr), value_operand(std::move(values[0]))}));
    return combine(CondNode::Kind::kAnd, call_node(Func::kAttributeExists, {path_operand(attr)}),
                   std::move(negated));
  }
  n.kind = op == "IN" ? CondNode::Kind::kIn : CondNode::Kind::kBetween;
  n.operands.push_back(path_operand(attr));
  for (AttributeValue& v : values) n.operands.push_back(value_operand(std::move(v)));
  return n;
}

Condition join(std::vector<CondNode> parts, std::optional<std::string_view> conditional_operator) {
  if (conditional_operator) {
    ops::ConstraintErrors errors;
    errors.enum_value(conditional_operator, "conditionalOperator", {"OR", "AND"});
    errors.throw_if_any();
  }
  if (parts.empty()) return Condition();
  const auto kind =
      conditional_operator && *conditional_operator == "OR" ? CondNode::Kind::kOr : CondNode::Kind::kAnd;
  CondNode root = std::move(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) root = combine(kind, std::move(root), std::move(parts[i]));
  return Condition(std::make_shared<const CondNode>(std::move(root)));
}

}  // namespace

void check_expression_parameters(const Json& request, std::initializer_list<const char*> expression_params,
                                 std::initializer_list<const char*> legacy_params) {
  auto join_present = [&](std::initializer_list<const char*> names, bool skip_key_conditions) {
    std::string out;
    for (const char* n : names) {
      if (!present(request, n)) continue;
      if (skip_key_conditions && std::string_view(n) == "KeyConditions") continue;
      if (!out.empty()) out += ", ";
      out += n;
    }
    return out;
  };
  const std::string expressions = join_present(expression_params, false);
  if (!expressions.empty()) {
    // KeyConditions with a FilterExpression (but no KeyConditionExpression)
    // is reported by Query itself, not as a mix.
    const bool skip = present(request, "KeyConditions") && !present(request, "KeyConditionExpression");
    const std::string legacy = join_present(legacy_params, skip);
    if (!legacy.empty()) {
      throw Error::validation(
          "Can not use both expression and non-expression parameters in the same request: Non-expression "
          "parameters: {" +
          legacy + "} Expression parameters: {" + expressions + "}");
    }
  }
  if (present(request, "ExpressionAttributeNames") && expressions.empty()) {
    throw Error::validation("ExpressionAttributeNames can only be specified when using expressions");
  }
  std::vector<const char*> value_exprs;
  bool any_value_expr = false;
  for (const char* n : expression_params) {
    if (std::string_view(n) == "ProjectionExpression") continue;
    value_exprs.push_back(n);
    any_value_expr = any_value_expr || present(request, n);
  }
  if (present(request, "ExpressionAttributeValues") && !value_exprs.empty() && !any_value_expr) {
    std::string names;
    for (std::size_t i = 0; i < value_exprs.size(); ++i)
      names += (i ? " and " : "") + std::string(value_exprs[i]);
    throw Error::validation("ExpressionAttributeValues can only be specified when using expressions: " +
                            names + (value_exprs.size() > 1 ? " are null" : " is null"));
  }
}

Condition expected_condition(const Json& expected, std::optional<std::string_view> conditional_operator) {
  check_operator_enum(ops::as_object(expected), "expected");
  std::vector<CondNode> parts;
  for (auto m = expected.MemberBegin(); m != expected.MemberEnd(); ++m) {
    const std::string attr = key_of(m);
    const Json& c = ops::as_object(m->value);
    const Json* value = ops::opt_object(c, "Value");
    const Json* list = ops::opt_array(c, "AttributeValueList");
    const auto exists = ops::opt_bool(c, "Exists");
    const auto op_name = ops::opt_string(c, "ComparisonOperator");
    if (value != nullptr && list != nullptr) {
      throw Error::validation(kInvalid +
                              "Value and AttributeValueList cannot be used together for Attribute: " + attr);
    }
    if (op_name) {
      const LegacyOperator& op = *find_operator(*op_name);
      if (exists) {
        throw Error::validation(
            kInvalid + "Exists and ComparisonOperator cannot be used together for Attribute: " + attr);
      }
      if (op.max_values > 0 && value == nullptr && list == nullptr) {
        throw Error::validation(
            kInvalid + "Value or AttributeValueList must be used with ComparisonOperator: " + op.name +
            " for Attribute: " + attr);
      }
      std::vector<AttributeValue> values = decode_list(list);
      if (value != nullptr) values.push_back(json::decode_value(*value));
      check_values(op, values);
      parts.push_back(comparison(attr, op.name, std::move(values)));
      continue;
    }
    if (list != nullptr) {
      throw Error::validation(
          kInvalid + "AttributeValueList can only be used with a ComparisonOperator for Attribute: " + attr);
    }
    const bool must_exist = !exists || *exists;
    if (must_exist && value == nullptr) {
      throw Error::validation(kInvalid + "Value must be provided when Exists is " +
                              (exists ? "true" : "null") + " for Attribute: " + attr);
    }
    if (!must_exist && value != nullptr) {
      throw Error::validation(kInvalid + "Value cannot be used when Exists is false for Attribute: " + attr);
    }
    if (must_exist) {
      parts.push_back(comparison(attr, "EQ", {json::decode_value(*value)}));
    } else {
      parts.push_back(comparison(attr, "NULL", {}));
    }
  }
  return join(std::move(parts), conditional_operator);
}

Condition filter_condition(const Json& filter, std::optional<std::string_view> conditional_operator,
                           const char* param_path) {
  const Json& conditions = ops::as_object(filter);
  {
    ops::ConstraintErrors errors;
    for (auto m = conditions.MemberBegin(); m != conditions.MemberEnd(); ++m) {
      const Json& c = ops::as_object(m->value);
      if (!present(c, "ComparisonOperator")) {
        errors.not_null(nullptr, std::string(param_path) + "." + key_of(m) + ".member.comparisonOperator");
      }
    }
    errors.throw_if_any();
  }
  check_operator_enum(conditions, param_path);
  std::vector<CondNode> parts;
  for (auto m = conditions.MemberBegin(); m != conditions.MemberEnd(); ++m) {
    const Json& c = m->value;
    const LegacyOperator& op = *find_operator(*ops::opt_string(c, "ComparisonOperator"));
    std::vector<AttributeValue> values = decode_list(ops::opt_array(c, "AttributeValueList"));
    check_values(op, values);
    parts.push_back(comparison(key_of(m), op.name, std::move(values)));
  }
  return join(std::move(parts), conditional_operator);
}

Update attribute_updates(const Json& updates) {
  const Json& obj = ops::as_object(updates);
  {
    ops::ConstraintErrors errors;
    for (auto m = obj.MemberBegin(); m != obj.MemberEnd(); ++m) {
      errors.enum_value(ops::opt_string(ops::as_object(m->value), "Action"),
                        "attributeUpdates." + key_of(m) + ".member.action", {"ADD", "PUT", "DELETE"});
    }
    errors.throw_if_any();
    for (auto m = obj.MemberBegin(); m != obj.MemberEnd(); ++m) ops::check_attribute_name(key_of(m));
  }
  auto plan = std::make_shared<UpdatePlan>();
  for (auto m = obj.MemberBegin(); m != obj.MemberEnd(); ++m) {
    const Json& u = m->value;
    const std::string action = std::string(ops::opt_string(u, "Action").value_or("PUT"));
    const Json* value_json = ops::opt_object(u, "Value");
    UpdateAction a;
    a.path.push_back(PathElement{key_of(m), -1, false});
    a.kind = action == "ADD" ? ActionKind::kLegacyAdd
                             : (action == "DELETE" ? ActionKind::kLegacyDelete : ActionKind::kLegacyPut);
    if (value_json == nullptr) {
      if (a.kind != ActionKind::kLegacyDelete) {
        throw Error::validation(kInvalid +
                                "Only DELETE action is allowed when no attribute value is specified");
      }
    } else {
      a.has_value = true;
      a.value = value_operand(json::decode_value(*value_json));
      const AttrType t = a.value.value.type();
      if (a.kind == ActionKind::kLegacyDelete && !a.value.value.is_set()) {
        throw Error::validation(kInvalid + "DELETE action with value is not supported for the type " +
                                std::string(attr_type_name(t)));
      }
      if (a.kind == ActionKind::kLegacyAdd && !a.value.value.is_set() && t != AttrType::N &&
          t != AttrType::L) {
        throw Error::validation(kInvalid + "ADD action is not supported for the type " +
                                std::string(attr_type_name(t)));
      }
    }
    plan->actions.push_back(std::move(a));
  }
  for (std::size_t i = 0; i < plan->actions.size(); ++i)
    add_path(plan->targets, plan->actions[i].path, static_cast<int>(i));
  return Update(std::move(plan));
}

Projection attributes_to_get(const Json& names) {
  auto tree = std::make_shared<PathTreeNode>();
  for (const Json& n : ops::as_array(names).GetArray()) {
    const std::string name(ops::as_string(n));
    ops::check_attribute_name(name);
    if (auto err = add_path(*tree, Path{PathElement{name, -1, false}})) {
      throw Error::validation(kInvalid + "Duplicate value in attribute name: " + name);
    }
  }
  return Projection(std::move(tree));
}

}  // namespace dynamo_items::expr
