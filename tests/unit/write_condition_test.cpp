// Conditional writes: ConditionExpression or legacy Expected (with
// ConditionalOperator) against the current item; a failed check is
// ConditionalCheckFailedException, carrying the old item only when
// ReturnValuesOnConditionCheckFailure is ALL_OLD and an item exists.
#include "ops/write_condition.h"

#include <catch2/catch.hpp>
#include <string>

#include "dynamo_items/error.h"
#include "expr_test_util.h"

using namespace expr_test;
namespace ops = dynamo_items::ops;

namespace {

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

ops::WriteCondition condition_of(const std::string& request_json) {
  const auto req = parse(request_json);
  auto ctx = dynamo_items::expr::ExpressionContext::from_request(req);
  return ops::write_condition(req, ctx);
}

// The error a write answers, or nullopt when the condition holds.
std::optional<Error> failure(const ops::WriteCondition& c, const Item* current) {
  if (c.holds(current)) return std::nullopt;
  return c.failure(current);
}

const Item kItem{{"pk", S("k")}, {"n", N("5")}, {"tag", S("blue")}};

}  // namespace

TEST_CASE("write condition: none means unconditional", "[write_condition]") {
  const auto c = condition_of(R"J({"TableName": "t"})J");
  CHECK(c.condition.empty());
  CHECK_FALSE(c.return_old_on_failure);
  CHECK_FALSE(failure(c, nullptr));
  CHECK_FALSE(failure(c, &kItem));
}

TEST_CASE("write condition: ConditionExpression against the current item", "[write_condition]") {
  const auto c = condition_of(
      R"J({"ConditionExpression": "n < :max AND #t = :t", "ExpressionAttributeNames": {"#t": "tag"},
          "ExpressionAttributeValues": {":max": {"N": "10"}, ":t": {"S": "blue"}}})J");
  CHECK_FALSE(c.condition.empty());
  CHECK_FALSE(failure(c, &kItem));
  Item bigger = kItem;
  bigger["n"] = N("10");
  const auto e = failure(c, &bigger);
  REQUIRE(e);
  CHECK(e->type() == "ConditionalCheckFailedException");
  CHECK(e->message() == "The conditional request failed");
  CHECK(e->http_status() == 400);
  CHECK(e->item == nullptr);  // not asked for
  // No item: the attributes are missing, so the comparison is false.
  CHECK(failure(c, nullptr));

  const auto absent = condition_of(R"J({"ConditionExpression": "attribute_not_exists(pk)"})J");
  CHECK_FALSE(failure(absent, nullptr));
  CHECK(failure(absent, &kItem));
}

TEST_CASE("write condition: ALL_OLD returns the item that failed the check", "[write_condition]") {
  const auto c = condition_of(
      R"J({"ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})J");
  CHECK(c.return_old_on_failure);
  const auto e = failure(c, &kItem);
  REQUIRE(e);
  REQUIRE(e->item != nullptr);
  CHECK(*e->item == kItem);
  // A copy: the caller's item may go away.
  CHECK(e->item.get() != &kItem);

  const auto exists = condition_of(
      R"J({"ConditionExpression": "attribute_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})J");
  const auto no_item = failure(exists, nullptr);
  REQUIRE(no_item);
  CHECK(no_item->item == nullptr);  // nothing to return

  // NONE (or absent) returns nothing.
  const auto none = condition_of(
      R"J({"ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "NONE"})J");
  CHECK_FALSE(none.return_old_on_failure);
  const auto e2 = failure(none, &kItem);
  REQUIRE(e2);
  CHECK(e2->item == nullptr);
}

TEST_CASE("write condition: legacy Expected with ConditionalOperator", "[write_condition]") {
  const auto exists = condition_of(R"J({"Expected": {"tag": {"Value": {"S": "blue"}}}})J");
  CHECK_FALSE(failure(exists, &kItem));
  CHECK(failure(exists, nullptr));

  const auto not_there = condition_of(R"J({"Expected": {"pk": {"Exists": false}}})J");
  CHECK_FALSE(failure(not_there, nullptr));
  CHECK(failure(not_there, &kItem));

  const std::string two =
      R"J("Expected": {"tag": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "red"}]},
                                          "n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "1"}]}})J";
  // AND by default: one false condition fails the write.
  CHECK(failure(condition_of("{" + two + "}"), &kItem));
  CHECK(failure(condition_of("{" + two + R"J(, "ConditionalOperator": "AND"})J"), &kItem));
  CHECK_FALSE(failure(condition_of("{" + two + R"J(, "ConditionalOperator": "OR"})J"), &kItem));
}

TEST_CASE("write condition: errors in the expression are validation errors", "[write_condition]") {
  CHECK(error_of([] {
          condition_of(R"J({"ConditionExpression": "n < "})J");
        }).rfind("Invalid ConditionExpression: Syntax error", 0) == 0);
  CHECK(error_of([] { condition_of(R"J({"ConditionExpression": "n < :v"})J"); }) ==
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
        "attribute "
        "value: :v");
}
