// Request schemas: member types checked first, in the request's member order
// (SerializationException), then constraints in the table's order, all in
// one ValidationException.
#include <catch2/catch.hpp>

#include "dynamo_items/engine.h"
#include "dynamo_items/error.h"
#include "ops/request_schema.h"

using namespace dynamo_items;
using namespace dynamo_items::ops;

namespace {

const MemberRule kSchema[] = {
    {"AttributesToGet", Shape::kList, false, {}, NameRule::kNone, 1},
    {"ConditionalOperator", Shape::kString, false, {"AND", "OR"}},
    {"Key", Shape::kStructure, true},
    {"Limit", Shape::kLong, false, {}, NameRule::kNone, 1, 100},
    return_consumed_capacity(),
    {"TableName", Shape::kString, true, {}, NameRule::kItemTableName},
};

std::optional<Error> check(const char* json) {
  rapidjson::Document req;
  req.Parse(json);
  REQUIRE(!req.HasParseError());
  try {
    check_request(req, kSchema);
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("request schema: a valid request passes", "[request_schema]") {
  CHECK_FALSE(check(R"({"TableName":"tbl","Key":{},"Limit":5,"ConditionalOperator":"OR","Unknown":1})"));
}

TEST_CASE("request schema: JSON types come first, in the request's member order", "[request_schema]") {
  auto e = check(R"({"Limit":"x","Key":[],"TableName":1})");
  REQUIRE(e);
  CHECK(e->type() == "SerializationException");
  CHECK(e->message() == "class java.lang.String can not be converted to an Long");
  e = check(R"({"Key":[],"Limit":"x"})");
  REQUIRE(e);
  CHECK(e->type() == "SerializationException");
  CHECK(e->message() == "Start of list found where not expected");
}

TEST_CASE("request schema: constraints are reported together, in the table's order", "[request_schema]") {
  auto e = check(R"({"TableName":"a b","ReturnConsumedCapacity":"ALL","Limit":0,"ConditionalOperator":"XOR",)"
                 R"("AttributesToGet":[]})");
  REQUIRE(e);
  CHECK(e->type() == "ValidationException");
  CHECK(e->message() ==
        "6 validation errors detected: "
        "Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1; "
        "Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [AND, OR]; "
        "Value null at 'key' failed to satisfy constraint: Member must not be null; "
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; "
        "Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: "
        "[INDEXES, TOTAL, NONE]; "
        "Value 'a b' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "[a-zA-Z0-9_.-]+");
}
