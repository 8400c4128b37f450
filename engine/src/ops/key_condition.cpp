#include "ops/key_condition.h"

#include "dynamo_items/error.h"
#include "dynamo_items/number.h"
#include "keys/key_codec.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {

std::size_t expected_args(std::string_view op) {
  if (op == "BETWEEN") return 2;
  if (op == "NULL" || op == "NOT_NULL") return 0;
  return 1;
}

std::optional<SortKeyCondition::Op> sort_op(std::string_view op) {
  using Op = SortKeyCondition::Op;
  if (op == "EQ") return Op::EQ;
  if (op == "LT") return Op::LT;
  if (op == "LE") return Op::LE;
  if (op == "GT") return Op::GT;
  if (op == "GE") return Op::GE;
  if (op == "BETWEEN") return Op::BETWEEN;
  if (op == "BEGINS_WITH") return Op::BEGINS_WITH;
  return std::nullopt;
}

}  // namespace

void check_sort_key_condition(const SortKeyCondition& c, const catalog::KeyAttribute& range, bool expression) {
  if (c.op == SortKeyCondition::Op::BEGINS_WITH && range.type == AttrType::N) {
    if (expression) {
      throw Error::validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
                              "operator or function: begins_with, operand type: N");
    }
    invalid_parameter("ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  }
  if (c.op == SortKeyCondition::Op::BETWEEN &&
      keys::encode_key_component(c.first) > keys::encode_key_component(c.second)) {
    auto show = [](const AttributeValue& v) {
      return "AttributeValue: {" + std::string(attr_type_name(v.type())) + ":" + v.scalar() + "}";
    };
    throw Error::validation(std::string(expression ? "Invalid KeyConditionExpression: " : "") +
                            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
                            "lower operand: " + show(c.first) + ", upper operand: " + show(c.second));
  }
}

KeyConditionSpec legacy_key_conditions(const Json& key_conditions, const QueryKeys& keys) {
  struct Cond {
    std::string attr;
    std::string op;
    std::vector<AttributeValue> values;
  };
  std::vector<Cond> conds;
  for (const auto& [name, c_json] : key_conditions.GetObject()) {
    const Json& c = as_object(c_json);
    Cond cond{std::string(name.GetString(), name.GetStringLength()),
              std::string(opt_string(c, "ComparisonOperator").value_or("")), {}};
    if (const Json* list = opt_array(c, "AttributeValueList")) {
      for (const auto& v : list->GetArray()) cond.values.push_back(json::decode_value(v));
    }
    if (cond.op != "IN" && cond.values.size() != expected_args(cond.op)) {
      invalid_parameter("Invalid number of argument(s) for the " + cond.op + " ComparisonOperator");
    }
    conds.push_back(std::move(cond));
  }
  if (conds.empty() || conds.size() > 2) throw Error::validation("Conditions can be of length 1 or 2 only");
  // Against the key schema in DynamoDB's order: the hash key (present,
  // indexable, typed, EQ), then the range key.
  if (!keys.range && conds.size() > 1) throw Error::validation("Query key condition not supported");
  const Cond* hash = nullptr;
  const Cond* range = nullptr;
  for (const auto& c : conds) {
    if (c.attr == keys.hash.name) hash = &c;
    if (keys.range && c.attr == keys.range->name) range = &c;
  }
  auto check_indexable = [](const Cond& c) {
    if (!sort_op(c.op))
      throw Error::validation("Attempted conditional constraint is not an indexable operation");
  };
  auto check_type = [](const Cond& c, const catalog::KeyAttribute& k) {
    for (const auto& v : c.values) {
      if (v.type() != k.type) invalid_parameter("Condition parameter type does not match schema type");
    }
  };
  if (hash == nullptr)
    throw Error::validation("Query condition missed key schema element: " + keys.hash.name);
  check_indexable(*hash);
  check_type(*hash, keys.hash);
  if (hash->op != "EQ") throw Error::validation("Query key condition not supported");
  if (conds.size() > 1) {
    if (range == nullptr)
      throw Error::validation("Query condition missed key schema element: " + keys.range->name);
    check_indexable(*range);
  }
  KeyConditionSpec spec{hash->values[0], std::nullopt};
  if (range != nullptr) {
    check_type(*range, *keys.range);
    SortKeyCondition sk{*sort_op(range->op), range->values[0], range->values.size() > 1 ? range->values[1] : AttributeValue{}};
    check_sort_key_condition(sk, *keys.range, false);
    spec.sort_key = std::move(sk);
  }
  return spec;
}

}  // namespace dynamo_items::ops
