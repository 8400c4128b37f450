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

KeyConditionSpec plan_multi_attribute_keys(const std::vector<KeyTerm>& terms, const QueryKeys& keys,
                                           bool expression) {
  auto find = [&terms](const std::string& name) -> const KeyTerm* {
    for (const auto& t : terms) {
      if (t.attribute == name) return &t;
    }
    return nullptr;
  };
  auto check_type = [](const KeyTerm& t, const catalog::KeyAttribute& k) {
    const bool two = t.condition.op == SortKeyCondition::Op::BETWEEN;
    if (t.condition.first.type() != k.type || (two && t.condition.second.type() != k.type)) {
      invalid_parameter("Condition parameter type does not match schema type");
    }
  };
  KeyConditionSpec spec;
  // Every HASH attribute, in KeySchema order: present, typed, an equality.
  for (const auto& k : keys.hash) {
    const KeyTerm* t = find(k.name);
    if (t == nullptr) throw Error::validation("Query condition missed key schema element: " + k.name);
    check_type(*t, k);
    if (t->condition.op != SortKeyCondition::Op::EQ) throw Error::validation("Query key condition not supported");
    spec.partition_keys.push_back(t->condition.first);
  }
  // A term on no key attribute: as for a one-attribute key, the first RANGE
  // attribute without a condition is what the condition "missed".
  std::size_t last = 0;  // one past the last RANGE attribute with a condition
  for (std::size_t i = 0; i < keys.range.size(); ++i) {
    if (find(keys.range[i].name) != nullptr) last = i + 1;
  }
  for (const auto& t : terms) {
    bool is_key = false;
    for (const auto& k : keys.hash) is_key = is_key || k.name == t.attribute;
    for (const auto& k : keys.range) is_key = is_key || k.name == t.attribute;
    if (is_key) continue;
    for (const auto& k : keys.range) {
      if (find(k.name) == nullptr) throw Error::validation("Query condition missed key schema element: " + k.name);
    }
    throw Error::validation("Query key condition not supported");
  }
  if (last == 0) return spec;
  // Left to right with no gap: every RANGE attribute before the last one
  // named needs an equality.
  std::string lacking;
  for (std::size_t i = 0; i + 1 < last; ++i) {
    const KeyTerm* t = find(keys.range[i].name);
    if (t == nullptr || t->condition.op != SortKeyCondition::Op::EQ) {
      lacking += (lacking.empty() ? "" : ", ") + keys.range[i].name;
    }
  }
  if (!lacking.empty()) {
    throw Error::validation("RANGE key attributes " + lacking +
                            " must have equality conditions specified in the query because a condition is present "
                            "on key attribute " + keys.range[last - 1].name);
  }
  for (std::size_t i = 0; i < last; ++i) {
    const KeyTerm& t = *find(keys.range[i].name);
    if (t.condition.op == SortKeyCondition::Op::BEGINS_WITH && keys.range[i].type == AttrType::N) {
      check_sort_key_condition(t.condition, keys.range[i], expression);
    }
    check_type(t, keys.range[i]);
    check_sort_key_condition(t.condition, keys.range[i], expression);
    if (i + 1 < last || t.condition.op == SortKeyCondition::Op::EQ) {
      spec.sort_prefix.push_back(t.condition.first);
    } else {
      spec.sort_key = t.condition;
    }
  }
  return spec;
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
  auto check_indexable = [](const Cond& c) {
    if (!sort_op(c.op))
      throw Error::validation("Attempted conditional constraint is not an indexable operation");
  };
  if (keys.multi_attribute()) {
    if (conds.empty() || conds.size() > keys.hash.size() + keys.range.size()) {
      throw Error::validation("Conditions can be of length 1 or 2 only");
    }
    std::vector<KeyTerm> terms;
    for (const auto& c : conds) {
      check_indexable(c);
      terms.push_back({c.attr, {*sort_op(c.op), c.values[0], c.values.size() > 1 ? c.values[1] : AttributeValue{}}});
    }
    return plan_multi_attribute_keys(terms, keys, false);
  }
  if (conds.empty() || conds.size() > 2) throw Error::validation("Conditions can be of length 1 or 2 only");
  // Against the key schema in DynamoDB's order: the hash key (present,
  // indexable, typed, EQ), then the range key.
  const catalog::KeyAttribute& hash_key = keys.hash.front();
  const catalog::KeyAttribute* range_key = keys.range.empty() ? nullptr : &keys.range.front();
  if (range_key == nullptr && conds.size() > 1) throw Error::validation("Query key condition not supported");
  const Cond* hash = nullptr;
  const Cond* range = nullptr;
  for (const auto& c : conds) {
    if (c.attr == hash_key.name) hash = &c;
    if (range_key != nullptr && c.attr == range_key->name) range = &c;
  }
  auto check_type = [](const Cond& c, const catalog::KeyAttribute& k) {
    for (const auto& v : c.values) {
      if (v.type() != k.type) invalid_parameter("Condition parameter type does not match schema type");
    }
  };
  if (hash == nullptr)
    throw Error::validation("Query condition missed key schema element: " + hash_key.name);
  check_indexable(*hash);
  check_type(*hash, hash_key);
  if (hash->op != "EQ") throw Error::validation("Query key condition not supported");
  if (conds.size() > 1) {
    if (range == nullptr)
      throw Error::validation("Query condition missed key schema element: " + range_key->name);
    check_indexable(*range);
  }
  KeyConditionSpec spec;
  spec.partition_keys.push_back(hash->values[0]);
  if (range != nullptr) {
    check_type(*range, *range_key);
    SortKeyCondition sk{*sort_op(range->op), range->values[0], range->values.size() > 1 ? range->values[1] : AttributeValue{}};
    check_sort_key_condition(sk, *range_key, false);
    spec.sort_key = std::move(sk);
  }
  return spec;
}

}  // namespace dynamo_items::ops
