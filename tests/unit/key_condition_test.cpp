// Query key conditions, from KeyConditionExpression and from the legacy
// KeyConditions map: reduced to partition-key equality plus at most one
// sort-key condition, with DynamoDB's messages, in DynamoDB's order, for
// everything else.
#include "ops/key_condition.h"

#include <catch2/catch.hpp>
#include <string>

#include "dynamo_items/error.h"
#include "expr_test_util.h"

using namespace expr_test;
using dynamo_items::AttrType;
using dynamo_items::ops::KeyConditionSpec;
using dynamo_items::ops::QueryKeys;
using dynamo_items::ops::SortKeyCondition;
namespace ops = dynamo_items::ops;

namespace {

// Functions rather than globals: GCC 12 warns (-Wmaybe-uninitialized) on
// namespace-scope aggregates of strings.
QueryKeys hash_range() { return {{{"pk", AttrType::S}}, {{"sk", AttrType::N}}}; }
QueryKeys hash_only() { return {{{"pk", AttrType::S}}, {}}; }
QueryKeys binary_range() { return {{{"pk", AttrType::S}}, {{"sk", AttrType::B}}}; }

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

KeyConditionSpec expression(const std::string& text, Values values, const QueryKeys& keys = hash_range(),
                            Names names = {}) {
  rapidjson::Document req(rapidjson::kObjectType);
  req.AddMember("KeyConditionExpression", rapidjson::Value(text.c_str(), req.GetAllocator()),
                req.GetAllocator());
  dynamo_items::expr::ExpressionContext ctx(std::move(names), std::move(values));
  return ops::key_condition_expression(req, ctx, keys);
}

std::string expression_error(const std::string& text, Values values, const QueryKeys& keys = hash_range()) {
  return error_of([&] { expression(text, std::move(values), keys); });
}

std::string legacy_error(const std::string& json, const QueryKeys& keys = hash_range()) {
  return error_of([&] { ops::legacy_key_conditions(parse(json), keys); });
}

const Values kPkAndNumbers{{":p", S("user")}, {":a", N("1")}, {":b", N("5")}, {":s", S("x")}};

}  // namespace

TEST_CASE("key condition expression: partition key alone or with one sort-key condition", "[key_condition]") {
  KeyConditionSpec spec = expression("pk = :p", kPkAndNumbers);
  CHECK(spec.partition_key() == S("user"));
  CHECK_FALSE(spec.sort_key);

  using Op = SortKeyCondition::Op;
  const std::vector<std::pair<std::string, Op>> ops_of{
      {"pk = :p AND sk = :a", Op::EQ},
      {"pk = :p AND sk < :a", Op::LT},
      {"pk = :p AND sk <= :a", Op::LE},
      {"pk = :p AND sk > :a", Op::GT},
      {"pk = :p AND sk >= :a", Op::GE},
      // The value may come first; the operator is mirrored.
      {"pk = :p AND :a < sk", Op::GT},
      {"pk = :p AND :a >= sk", Op::LE},
      // Either order of the two conditions; parentheses are fine.
      {"sk > :a AND pk = :p", Op::GT},
      {"(pk = :p) AND (sk <= :a)", Op::LE},
      {":p = pk AND sk = :a", Op::EQ},
  };
  for (const auto& [text, op] : ops_of) {
    INFO(text);
    spec = expression(text, kPkAndNumbers);
    CHECK(spec.partition_key() == S("user"));
    REQUIRE(spec.sort_key);
    CHECK(spec.sort_key->op == op);
    CHECK(spec.sort_key->first == N("1"));
  }
  spec = expression("pk = :p AND sk BETWEEN :a AND :b", kPkAndNumbers);
  REQUIRE(spec.sort_key);
  CHECK(spec.sort_key->op == Op::BETWEEN);
  CHECK(spec.sort_key->first == N("1"));
  CHECK(spec.sort_key->second == N("5"));
  spec = expression("pk = :p AND begins_with(#s, :b)", {{":p", S("u")}, {":b", B("\x01")}}, binary_range(),
                    {{"#s", "sk"}});
  REQUIRE(spec.sort_key);
  CHECK(spec.sort_key->op == Op::BEGINS_WITH);
  CHECK(spec.sort_key->first == B("\x01"));
}

TEST_CASE("key condition expression: operators and shapes a key condition may not use", "[key_condition]") {
  const Values v = kPkAndNumbers;
  CHECK(expression_error("pk = :p AND sk <> :a", v) == "Invalid operator used in KeyConditionExpression: <>");
  CHECK(expression_error("pk = :p OR sk = :a", v) == "Invalid operator used in KeyConditionExpression: OR");
  CHECK(expression_error("pk = :p AND NOT sk = :a", v) ==
        "Invalid operator used in KeyConditionExpression: NOT");
  CHECK(expression_error("pk = :p AND sk IN (:a, :b)", v) ==
        "Invalid operator used in KeyConditionExpression: IN");
  CHECK(expression_error("pk = :p AND attribute_exists(sk)", v) ==
        "Invalid operator used in KeyConditionExpression: attribute_exists");
  CHECK(expression_error("pk = :p AND contains(sk, :a)", v) ==
        "Invalid operator used in KeyConditionExpression: contains");
  CHECK(expression_error("pk = :p AND size(sk) = :a", v) ==
        "KeyConditionExpressions cannot contain nested operations");
  CHECK(expression_error("pk = :p AND sk = pk", v) ==
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
  CHECK(expression_error("pk = :p AND :a = :b", v) ==
        "Invalid condition in KeyConditionExpression: No key attribute specified");
  CHECK(expression_error("pk = :p AND sk.x = :a", v) ==
        "KeyConditionExpressions cannot have conditions on nested attributes");
  CHECK(expression_error("pk = :p AND sk[0] = :a", v) ==
        "KeyConditionExpressions cannot have conditions on nested attributes");
  CHECK(
      expression_error("pk = :p AND begins_with(:s, sk)", v) ==
      "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its "
      "first operand");
  CHECK(expression_error("pk = :p AND :a BETWEEN sk AND :b", v) ==
        "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its "
        "first "
        "operand");
  CHECK(expression_error("pk = :p AND sk BETWEEN :a AND pk", v) ==
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
}

TEST_CASE("key condition expression: checked against the key schema", "[key_condition]") {
  const Values v = kPkAndNumbers;
  CHECK(expression_error("pk = :p AND pk = :p", v) ==
        "KeyConditionExpressions must only contain one condition per key");
  CHECK(expression_error("pk = :p AND sk > :a AND x = :b", v) == "Conditions can be of length 1 or 2 only");
  CHECK(expression_error("sk = :a", v) == "Query condition missed key schema element: pk");
  CHECK(expression_error("pk = :p AND qq = :a", v) == "Query condition missed key schema element: sk");
  CHECK(expression_error("pk = :p AND sk = :a", v, hash_only()) == "Query key condition not supported");
  CHECK(expression_error("pk > :p", v) == "Query key condition not supported");
  CHECK(expression_error("begins_with(pk, :p)", v) == "Query key condition not supported");
  CHECK(expression_error("pk = :a", v) ==
        "One or more parameter values were invalid: Condition parameter type does not match schema type");
  CHECK(expression_error("pk = :p AND sk = :s", v) ==
        "One or more parameter values were invalid: Condition parameter type does not match schema type");
  // begins_with on a number sort key is an operand-type error, before the
  // value's type is compared with the schema.
  CHECK(expression_error("pk = :p AND begins_with(sk, :s)", v) ==
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
        "function: "
        "begins_with, operand type: N");
}

TEST_CASE("key condition expression: BETWEEN bounds", "[key_condition]") {
  // Numbers order numerically, not as text.
  CHECK_NOTHROW(
      expression("pk = :p AND sk BETWEEN :a AND :b", {{":p", S("u")}, {":a", N("9")}, {":b", N("10")}}));
  CHECK_NOTHROW(expression("pk = :p AND sk BETWEEN :a AND :a", {{":p", S("u")}, {":a", N("-3")}}));
  const std::string reversed = expression_error("pk = :p AND sk BETWEEN :b AND :a", kPkAndNumbers);
  CHECK(reversed.rfind(
            "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater "
            "than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound "
            "operand: AttributeValue: {N:1}",
            0) == 0);
  const std::string mixed = expression_error("pk = :p AND sk BETWEEN :a AND :s", kPkAndNumbers);
  CHECK(mixed.rfind(
            "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower and "
            "upper bounds",
            0) == 0);
}

TEST_CASE("legacy KeyConditions", "[key_condition]") {
  KeyConditionSpec spec = ops::legacy_key_conditions(
      parse(R"({"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "u"}]},
                "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "2"}]}})"),
      hash_range());
  CHECK(spec.partition_key() == S("u"));
  REQUIRE(spec.sort_key);
  CHECK(spec.sort_key->op == SortKeyCondition::Op::BETWEEN);
  CHECK(spec.sort_key->second == N("2"));
  spec = ops::legacy_key_conditions(
      parse(R"({"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "u"}]}})"), hash_only());
  CHECK_FALSE(spec.sort_key);
  spec = ops::legacy_key_conditions(
      parse(R"({"sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"B": "AQ=="}]},
                "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "u"}]}})"),
      binary_range());
  REQUIRE(spec.sort_key);
  CHECK(spec.sort_key->op == SortKeyCondition::Op::BEGINS_WITH);
  CHECK(spec.sort_key->first == B("\x01"));
}

TEST_CASE("legacy KeyConditions: errors", "[key_condition]") {
  const std::string eq_u = R"("pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "u"}]})";
  CHECK(legacy_error("{}") == "Conditions can be of length 1 or 2 only");
  CHECK(legacy_error(R"({"pk": {"ComparisonOperator": "EQ", "AttributeValueList": []}})") ==
        "One or more parameter values were invalid: Invalid number of argument(s) for the EQ "
        "ComparisonOperator");
  CHECK(legacy_error(R"({"pk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"S": "a"}]}})") ==
        "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN "
        "ComparisonOperator");
  CHECK(legacy_error(R"({"pk": {"ComparisonOperator": "NULL", "AttributeValueList": [{"S": "a"}]}})") ==
        "One or more parameter values were invalid: Invalid number of argument(s) for the NULL "
        "ComparisonOperator");
  CHECK(legacy_error("{" + eq_u + R"(, "sk": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "1"}]},
                                     "x": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "1"}]}})") ==
        "Conditions can be of length 1 or 2 only");
  CHECK(legacy_error(R"({"sk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}})") ==
        "Query condition missed key schema element: pk");
  CHECK(legacy_error("{" + eq_u +
                     R"(, "x": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}})") ==
        "Query condition missed key schema element: sk");
  CHECK(legacy_error(
            "{" + eq_u + R"(, "sk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}})",
            hash_only()) == "Query key condition not supported");
  CHECK(legacy_error(R"({"pk": {"ComparisonOperator": "IN", "AttributeValueList": [{"S": "a"}]}})") ==
        "Attempted conditional constraint is not an indexable operation");
  CHECK(legacy_error(R"({"pk": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "a"}]}})") ==
        "Attempted conditional constraint is not an indexable operation");
  CHECK(legacy_error(R"({"pk": {"ComparisonOperator": "GT", "AttributeValueList": [{"S": "a"}]}})") ==
        "Query key condition not supported");
  CHECK(legacy_error(R"({"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}})") ==
        "One or more parameter values were invalid: Condition parameter type does not match schema type");
  CHECK(legacy_error("{" + eq_u +
                     R"(, "sk": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"N": "1"}]}})") ==
        "Attempted conditional constraint is not an indexable operation");
  CHECK(legacy_error("{" + eq_u +
                     R"(, "sk": {"ComparisonOperator": "LT", "AttributeValueList": [{"S": "1"}]}})") ==
        "One or more parameter values were invalid: Condition parameter type does not match schema type");
  CHECK(
      legacy_error("{" + eq_u +
                   R"(, "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"N": "1"}]}})") ==
      "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N "
      "AttributeValue "
      "type");
  CHECK(
      legacy_error(
          "{" + eq_u +
          R"(, "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "10"}, {"N": "9"}]}})") ==
      "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: "
      "AttributeValue: {N:10}, upper operand: AttributeValue: {N:9}");
}

TEST_CASE("check_sort_key_condition", "[key_condition]") {
  const dynamo_items::catalog::KeyAttribute number{"sk", AttrType::N};
  const dynamo_items::catalog::KeyAttribute string{"sk", AttrType::S};
  using Op = SortKeyCondition::Op;
  CHECK_NOTHROW(ops::check_sort_key_condition({Op::BETWEEN, N("-1"), N("0.5")}, number, true));
  CHECK_NOTHROW(ops::check_sort_key_condition({Op::BEGINS_WITH, S("ab"), {}}, string, true));
  CHECK_NOTHROW(ops::check_sort_key_condition({Op::BETWEEN, S("a"), S("a")}, string, false));
  // Strings by bytes: "B" < "a".
  CHECK_NOTHROW(ops::check_sort_key_condition({Op::BETWEEN, S("B"), S("a")}, string, false));
  CHECK(error_of([&] {
          ops::check_sort_key_condition({Op::BETWEEN, S("b"), S("a")}, string, true);
        }).rfind("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound", 0) == 0);
  CHECK(error_of([&] {
          ops::check_sort_key_condition({Op::BEGINS_WITH, N("1"), {}}, number, true);
        }) ==
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
        "function: "
        "begins_with, operand type: N");
}
