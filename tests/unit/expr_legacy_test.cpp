// Legacy parameters: Expected, QueryFilter/ScanFilter, AttributeUpdates,
// AttributesToGet, and the expression/non-expression mixing rules.
#include <rapidjson/document.h>

#include <catch2/catch.hpp>

#include "expr/legacy.h"
#include "expr_test_util.h"

using namespace expr_test;
namespace expr = dynamo_items::expr;

namespace {

rapidjson::Document json(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

const Item& sample() {
  static const Item item = {{"s", S("hello")},
                            {"n", N("10")},
                            {"ss", SS({"a", "b"})},
                            {"l", L({S("x"), N("1")})},
                            {"t", BOOL(true)}};
  return item;
}

bool expected(const std::string& text, const char* op = nullptr, const Item* item = &sample()) {
  auto d = json(text);
  return expr::expected_condition(d, op ? std::optional<std::string_view>(op) : std::nullopt).matches(item);
}

std::string expected_error(const std::string& text) {
  return error_of([&] { expected(text); });
}

bool filter(const std::string& text, const char* op = nullptr) {
  auto d = json(text);
  return expr::filter_condition(d, op ? std::optional<std::string_view>(op) : std::nullopt, "scanFilter")
      .matches(&sample());
}

std::string filter_error(const std::string& text) {
  return error_of([&] { filter(text); });
}

std::string mix_error(const std::string& request, std::initializer_list<const char*> expressions,
                      std::initializer_list<const char*> legacy) {
  auto d = json(request);
  return error_of([&] { expr::check_expression_parameters(d, expressions, legacy); });
}

Item updated(const std::string& updates, const Item& item) {
  auto d = json(updates);
  return expr::attribute_updates(d).apply(item);
}

const std::string kInvalid = "One or more parameter values were invalid: ";

}  // namespace

TEST_CASE("Expected: Value and Exists") {
  CHECK(expected(R"({"s": {"Value": {"S": "hello"}}})"));
  CHECK(expected(R"({"s": {"Value": {"S": "hello"}, "Exists": true}})"));
  CHECK_FALSE(expected(R"({"s": {"Value": {"S": "bye"}}})"));
  CHECK(expected(R"({"gone": {"Exists": false}})"));
  CHECK_FALSE(expected(R"({"s": {"Exists": false}})"));
  CHECK(expected(R"({"t": {"Value": {"BOOL": true}}, "n": {"Value": {"N": "10"}}})"));
  CHECK_FALSE(expected(R"({"t": {"Value": {"BOOL": true}}, "n": {"Value": {"N": "11"}}})"));
  CHECK(expected(R"({"t": {"Value": {"BOOL": true}}, "n": {"Value": {"N": "11"}}})", "OR"));
  CHECK_FALSE(expected(R"({"s": {"Value": {"S": "hello"}}})", nullptr, nullptr));
  CHECK(expected(R"({"s": {"Exists": false}})", nullptr, nullptr));
  CHECK(expected(R"({})"));
}

TEST_CASE("Expected: validation messages") {
  CHECK(expected_error(R"({"a": {}})") ==
        kInvalid + "Value must be provided when Exists is null for Attribute: a");
  CHECK(expected_error(R"({"a": {"Exists": true}})") ==
        kInvalid + "Value must be provided when Exists is true for Attribute: a");
  CHECK(expected_error(R"({"a": {"Exists": false, "Value": {"S": "a"}}})") ==
        kInvalid + "Value cannot be used when Exists is false for Attribute: a");
  CHECK(expected_error(R"({"a": {"ComparisonOperator": "LT"}})") ==
        kInvalid + "Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a");
  CHECK(expected_error(R"({"a": {"Exists": true, "ComparisonOperator": "LT"}})") ==
        kInvalid + "Exists and ComparisonOperator cannot be used together for Attribute: a");
  CHECK(
      expected_error(
          R"({"a": {"AttributeValueList": [{"S": "a"}], "Value": {"S": "a"}, "ComparisonOperator": "LT"}})") ==
      kInvalid + "Value and AttributeValueList cannot be used together for Attribute: a");
  CHECK(expected_error(R"({"a": {"AttributeValueList": [{"S": "a"}]}})") ==
        kInvalid + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a");
  CHECK(expected_error(R"({"a": {"Exists": true, "AttributeValueList": [{"S": "a"}]}})") ==
        kInvalid + "AttributeValueList can only be used with a ComparisonOperator for Attribute: a");
  CHECK(expected_error(R"({"a": {"AttributeValueList": [], "ComparisonOperator": "EQ"}})") ==
        kInvalid + "Invalid number of argument(s) for the EQ ComparisonOperator");
  CHECK(expected_error(R"({"a": {"AttributeValueList": [{"S": "a"}], "ComparisonOperator": "NULL"}})") ==
        kInvalid + "Invalid number of argument(s) for the NULL ComparisonOperator");
  CHECK(expected_error(R"({"a": {"AttributeValueList": [], "ComparisonOperator": "IN"}})") ==
        kInvalid + "Invalid number of argument(s) for the IN ComparisonOperator");
  CHECK(expected_error(R"({"a": {"Value": {"S": "a"}, "ComparisonOperator": "BETWEEN"}})") ==
        kInvalid + "Invalid number of argument(s) for the BETWEEN ComparisonOperator");
  CHECK(expected_error(
            R"({"a": {"AttributeValueList": [{"S": "b"}, {"S": "a"}], "ComparisonOperator": "BETWEEN"}})") ==
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  CHECK(expected_error(
            R"({"a": {"AttributeValueList": [{"S": "b"}, {"N": "1"}], "ComparisonOperator": "IN"}})") ==
        kInvalid + "AttributeValues inside AttributeValueList must be of same type");
  CHECK(expected_error(R"({"a": {"ComparisonOperator": "XX", "Value": {"S": "a"}}})") ==
        "1 validation error detected: Value 'XX' at 'expected.a.member.comparisonOperator' failed to satisfy "
        "constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, "
        "NOT_NULL, NE, "
        "LE, BEGINS_WITH, GE, CONTAINS]");
  CHECK(error_of([] { expected(R"({"s": {"Exists": false}})", "XOR"); }) ==
        "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: "
        "Member must "
        "satisfy enum value set: [OR, AND]");
}

TEST_CASE("legacy comparison operators") {
  CHECK(filter(R"({"n": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "10"}]}})"));
  CHECK(filter(R"({"n": {"ComparisonOperator": "NE", "AttributeValueList": [{"N": "9"}]}})"));
  CHECK(filter(R"({"gone": {"ComparisonOperator": "NE", "AttributeValueList": [{"N": "9"}]}})"));
  CHECK(filter(R"({"n": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "10"}]}})"));
  CHECK(filter(R"({"n": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "11"}]}})"));
  CHECK(filter(R"({"n": {"ComparisonOperator": "LE", "AttributeValueList": [{"N": "10"}]}})"));
  CHECK(filter(R"({"n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "9"}]}})"));
  CHECK(filter(R"({"n": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "10"}]}})"));
  CHECK_FALSE(filter(R"({"n": {"ComparisonOperator": "GE", "AttributeValueList": [{"S": "1"}]}})"));
  CHECK(filter(R"({"s": {"ComparisonOperator": "NOT_NULL"}})"));
  CHECK(filter(R"({"gone": {"ComparisonOperator": "NULL"}})"));
  CHECK_FALSE(filter(R"({"s": {"ComparisonOperator": "NULL"}})"));
  CHECK(filter(R"({"s": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "ell"}]}})"));
  CHECK(filter(R"({"ss": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "a"}]}})"));
  CHECK(filter(R"({"l": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"N": "1"}]}})"));
  CHECK(filter(R"({"s": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"S": "z"}]}})"));
  CHECK_FALSE(
      filter(R"({"ss": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"S": "a"}]}})"));
  CHECK_FALSE(
      filter(R"({"gone": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"S": "a"}]}})"));
  CHECK(filter(R"({"s": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "he"}]}})"));
  CHECK(filter(R"({"n": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "1"}, {"N": "10"}]}})"));
  CHECK(
      filter(R"({"n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "10"}]}})"));
  CHECK_FALSE(filter(R"({"gone": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}})"));
  CHECK(filter(R"({"s": {"ComparisonOperator": "NULL"}, "n": {"ComparisonOperator": "NOT_NULL"}})", "OR"));
  CHECK_FALSE(
      filter(R"({"s": {"ComparisonOperator": "NULL"}, "n": {"ComparisonOperator": "NOT_NULL"}})", "AND"));
}

TEST_CASE("filters: validation messages") {
  CHECK(filter_error(R"({"a": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"SS": ["a"]}]}})") ==
        kInvalid + "ComparisonOperator CONTAINS is not valid for SS AttributeValue type");
  CHECK(filter_error(R"({"a": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"N": "1"}]}})") ==
        kInvalid + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  CHECK(filter_error(R"({"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"M": {}}]}})") ==
        kInvalid + "ComparisonOperator EQ is not valid for M AttributeValue type");
  CHECK(filter_error(R"({"a": {"ComparisonOperator": "NOT_NULL", "AttributeValueList": [{"S": "a"}]}})") ==
        kInvalid + "Invalid number of argument(s) for the NOT_NULL ComparisonOperator");
  CHECK(
      filter_error(R"({"a": {"AttributeValueList": [{"S": "a"}]}})") ==
      "1 validation error detected: Value null at 'scanFilter.a.member.comparisonOperator' failed to satisfy "
      "constraint: Member must not be null");
}

TEST_CASE("AttributeUpdates: PUT, ADD, DELETE") {
  const Item item = {
      {"k", S("key")}, {"n", N("1")}, {"ss", SS({"a", "b"})}, {"l", L({S("x")})}, {"s", S("v")}};
  CHECK(dump(updated(R"({"s": {"Value": {"S": "w"}}})", item).at("s")) == dump(S("w")));
  CHECK(dump(updated(R"({"s": {"Action": "PUT", "Value": {"N": "2"}}})", item).at("s")) == dump(N("2")));
  CHECK(dump(updated(R"({"n": {"Action": "ADD", "Value": {"N": "3"}}})", item).at("n")) == dump(N("4")));
  CHECK(dump(updated(R"({"m": {"Action": "ADD", "Value": {"N": "3"}}})", item).at("m")) == dump(N("3")));
  CHECK(dump(updated(R"({"ss": {"Action": "ADD", "Value": {"SS": ["c"]}}})", item).at("ss")) ==
        dump(SS({"a", "b", "c"})));
  CHECK(dump(updated(R"({"l": {"Action": "ADD", "Value": {"L": [{"N": "1"}]}}})", item).at("l")) ==
        dump(L({S("x"), N("1")})));
  CHECK(dump(updated(R"({"ss": {"Action": "DELETE", "Value": {"SS": ["a"]}}})", item).at("ss")) ==
        dump(SS({"b"})));
  CHECK(updated(R"({"ss": {"Action": "DELETE", "Value": {"SS": ["a", "b"]}}})", item).count("ss") == 0);
  CHECK(updated(R"({"s": {"Action": "DELETE"}})", item).count("s") == 0);
  CHECK(updated(R"({"gone": {"Action": "DELETE", "Value": {"SS": ["a"]}}})", item).count("gone") == 0);
  CHECK(error_of([&] { updated(R"({"ss": {"Action": "ADD", "Value": {"NS": ["1"]}}})", item); }) ==
        "Type mismatch for attribute to update");
  CHECK(error_of([&] { updated(R"({"n": {"Action": "DELETE", "Value": {"NS": ["1"]}}})", item); }) ==
        "Type mismatch for attribute to update");
  CHECK(error_of([&] { updated(R"({"s": {"Action": "ADD"}})", item); }) ==
        kInvalid + "Only DELETE action is allowed when no attribute value is specified");
  CHECK(error_of([&] { updated(R"({"s": {"Action": "DELETE", "Value": {"S": "1"}}})", item); }) ==
        kInvalid + "DELETE action with value is not supported for the type S");
  CHECK(error_of([&] { updated(R"({"s": {"Action": "ADD", "Value": {"BOOL": true}}})", item); }) ==
        kInvalid + "ADD action is not supported for the type BOOL");
  CHECK(
      error_of([&] { updated(R"({"s": {"Action": "REPLACE", "Value": {"S": "1"}}})", item); }) ==
      "1 validation error detected: Value 'REPLACE' at 'attributeUpdates.s.member.action' failed to satisfy "
      "constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
  auto d = json(R"({"k": {"Value": {"S": "other"}}})");
  CHECK(error_of([&] { expr::attribute_updates(d).check_key_attributes({"k"}); }) ==
        kInvalid + "Cannot update attribute k. This attribute is part of the key");
  auto u = json(R"({"n": {"Action": "ADD", "Value": {"N": "3"}}, "s": {"Action": "DELETE"}})");
  const expr::Update update = expr::attribute_updates(u);
  CHECK(dump(update.updated_attributes(item)) == dump(Item{{"n", N("1")}, {"s", S("v")}}));
  CHECK(dump(update.updated_attributes(update.apply(item))) == dump(Item{{"n", N("4")}}));
}

TEST_CASE("AttributesToGet") {
  auto d = json(R"(["s", "n", "gone"])");
  CHECK(dump(expr::attributes_to_get(d).apply(sample())) == dump(Item{{"s", S("hello")}, {"n", N("10")}}));
  auto dup = json(R"(["s", "s"])");
  CHECK(error_of([&] { expr::attributes_to_get(dup); }) == kInvalid + "Duplicate value in attribute name: s");
}

TEST_CASE("expression and non-expression parameters") {
  CHECK(mix_error(
            R"({"AttributeUpdates": {}, "Expected": {}, "UpdateExpression": "", "ConditionExpression": ""})",
            {"UpdateExpression", "ConditionExpression"}, {"AttributeUpdates", "Expected"}) ==
        "Can not use both expression and non-expression parameters in the same request: Non-expression "
        "parameters: "
        "{AttributeUpdates, Expected} Expression parameters: {UpdateExpression, ConditionExpression}");
  CHECK(mix_error(R"({"ProjectionExpression": "a", "AttributesToGet": ["a"]})", {"ProjectionExpression"},
                  {"AttributesToGet"}) ==
        "Can not use both expression and non-expression parameters in the same request: Non-expression "
        "parameters: "
        "{AttributesToGet} Expression parameters: {ProjectionExpression}");
  CHECK(mix_error(R"({"Expected": {}, "ExpressionAttributeNames": {}})",
                  {"UpdateExpression", "ConditionExpression"}, {"AttributeUpdates", "Expected"}) ==
        "ExpressionAttributeNames can only be specified when using expressions");
  CHECK(mix_error(R"({"Expected": {}, "ExpressionAttributeValues": {}})",
                  {"UpdateExpression", "ConditionExpression"}, {"AttributeUpdates", "Expected"}) ==
        "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and "
        "ConditionExpression are null");
  CHECK(
      mix_error(R"({"ExpressionAttributeValues": {":v": {"S": "x"}}})", {"ConditionExpression"},
                {"Expected"}) ==
      "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null");
  CHECK(mix_error(R"({"ProjectionExpression": "a", "ExpressionAttributeValues": {":v": {"S": "x"}}})",
                  {"ProjectionExpression"}, {"AttributesToGet"}) == "<no error>");
  CHECK(mix_error(R"({"KeyConditions": {}, "FilterExpression": "a = :v"})",
                  {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"},
                  {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"}) ==
        "<no error>");
}

TEST_CASE("ExpressionContext from a request") {
  auto ctx_error = [](const std::string& text) {
    auto d = json(text);
    return error_of([&] { expr::ExpressionContext::from_request(d); });
  };
  CHECK(ctx_error(R"({"ExpressionAttributeNames": {}})") == "ExpressionAttributeNames must not be empty");
  CHECK(ctx_error(R"({"ExpressionAttributeValues": {}})") == "ExpressionAttributeValues must not be empty");
  CHECK(ctx_error(R"({"ExpressionAttributeNames": {"a": "a"}})") ==
        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
  CHECK(ctx_error(R"({"ExpressionAttributeValues": {":b": {"S": "a"}, "b": {"S": "a"}}})") ==
        "ExpressionAttributeValues contains invalid key: Syntax error; key: \"b\"");
  CHECK(ctx_error(R"({"ExpressionAttributeValues": {":b": {"SS": []}}})") ==
        "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An "
        "string set  "
        "may not be empty for key :b");
  auto d = json(
      R"({"ExpressionAttributeNames": {"#a": "x.y"}, "ExpressionAttributeValues": {":v": {"N": "01"}}})");
  expr::ExpressionContext ctx = expr::ExpressionContext::from_request(d);
  const Item item{{"x.y", N("1")}};
  CHECK(expr::parse_condition("#a = :v", ctx).matches(&item));
  CHECK_NOTHROW(ctx.check_all_used());
}
