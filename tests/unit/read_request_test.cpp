// What Query and Scan share: the members' constraints (all reported together,
// in DynamoDB's order), the Select / AttributesToGet / ProjectionExpression
// rules, ExclusiveStartKey decoding into a storage key, and the response
// (Items, Count, ScannedCount, LastEvaluatedKey).
#include "ops/read_request.h"
#include "ops/read_target.h"

#include <catch2/catch.hpp>
#include <string>

#include "dynamo_items/engine.h"
#include "dynamo_items/error.h"
#include "storage/item_codec.h"
#include "storage/layout.h"

using namespace dynamo_items;
namespace ops = dynamo_items::ops;

namespace {

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

template <class Fn>
std::string error_of(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.type() + ": " + e.message();
  }
  return "<no error>";
}

// Query's request schema (query.cpp), run by the engine: a request naming a
// table that does not exist passes the schema and fails on the table.
std::string constraint_error(const std::string& json) {
  static std::unique_ptr<Engine> engine = Engine::open({}).value();
  rapidjson::Document req = parse(json);
  if (!req.HasMember("TableName")) req.AddMember("TableName", "t", req.GetAllocator());
  auto res = engine->execute("Query", req);
  if (res) return "<no error>";
  const std::string text = res.error().type() + ": " + res.error().message();
  return res.error().type() == "ResourceNotFoundException" ? "<no error>" : text;
}

std::string select_error(const std::string& json, bool has_index = false) {
  return error_of([&] { ops::check_select(parse(json), has_index); });
}

catalog::TableSchema music() {
  catalog::TableSchema t;
  t.name = "Music";
  t.id = 17;
  t.hash = {"artist", AttrType::S};
  t.range = catalog::KeyAttribute{"year", AttrType::N};
  return t;
}

// Scan's ExclusiveStartKey on the table itself (no index).
std::optional<std::string> table_start_key(const rapidjson::Value& req, const catalog::TableSchema& t) {
  return ops::target_start_key(req, t, ops::ReadTarget{});
}

AttributeValue S(std::string s) { return AttributeValue::string(std::move(s)); }
AttributeValue N(std::string s) { return AttributeValue::number(std::move(s)); }

}  // namespace

TEST_CASE("read request: constraints reported together", "[read_request]") {
  CHECK(constraint_error(R"({"TableName": "t", "Limit": 10, "Select": "COUNT", "IndexName": "byYear",
                             "KeyConditionExpression": "k = :k", "ExpressionAttributeValues": {":k": {"S": "x"}}})") ==
        "<no error>");
  CHECK(constraint_error(R"({"Limit": 0})") ==
        "ValidationException: 1 validation error detected: Value '0' at 'limit' failed to satisfy "
        "constraint: Member "
        "must have value greater than or equal to 1");
  CHECK(constraint_error(R"({"Select": "SOME"})") ==
        "ValidationException: 1 validation error detected: Value 'SOME' at 'select' failed to satisfy "
        "constraint: "
        "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
        "ALL_PROJECTED_ATTRIBUTES]");
  // Alphabetical by member: attributesToGet, indexName, limit, returnConsumedCapacity, select.
  CHECK(constraint_error(R"({"Select": "x", "Limit": -5, "AttributesToGet": [], "IndexName": "a",
                             "ReturnConsumedCapacity": "ALL"})") ==
        "ValidationException: 5 validation errors detected: "
        "Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than "
        "or equal "
        "to 1; "
        "Value 'a' at 'indexName' failed to satisfy constraint: Member must have length greater than or "
        "equal to 3; "
        "Value '-5' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to "
        "1; "
        "Value 'ALL' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum "
        "value set: "
        "[INDEXES, TOTAL, NONE]; "
        "Value 'x' at 'select' failed to satisfy constraint: Member must satisfy enum value set: "
        "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
  // Member types are checked as the constraints are collected.
  CHECK(constraint_error(R"({"ConsistentRead": "yes"})") ==
        "SerializationException: 'YES' can not be converted to an Boolean");
  CHECK(constraint_error(R"({"ExclusiveStartKey": []})") ==
        "SerializationException: Start of list found where not expected");
  CHECK(constraint_error(R"({"Limit": "1"})").rfind("SerializationException: class java.lang.String", 0) ==
        0);
}

TEST_CASE("read request: Select with AttributesToGet and ProjectionExpression", "[read_request]") {
  CHECK(select_error("{}") == "<no error>");
  CHECK(ops::check_select(parse(R"({"Select": "COUNT"})"), false));
  CHECK_FALSE(ops::check_select(parse(R"({"Select": "ALL_ATTRIBUTES"})"), false));
  CHECK_FALSE(
      ops::check_select(parse(R"({"Select": "SPECIFIC_ATTRIBUTES", "ProjectionExpression": "a"})"), false));
  CHECK_FALSE(ops::check_select(parse(R"({"Select": "ALL_PROJECTED_ATTRIBUTES"})"), true));
  CHECK_FALSE(ops::check_select(parse(R"({"ProjectionExpression": "a"})"), false));
  CHECK(select_error(R"({"Select": "SPECIFIC_ATTRIBUTES"})") ==
        "ValidationException: Must specify the AttributesToGet or ProjectionExpression when choosing to get "
        "SPECIFIC_ATTRIBUTES");
  CHECK(select_error(R"({"Select": "COUNT", "AttributesToGet": ["a"]})") ==
        "ValidationException: Cannot specify the AttributesToGet when choosing to get only the Count");
  CHECK(select_error(R"({"Select": "COUNT", "ProjectionExpression": "a"})") ==
        "ValidationException: Cannot specify the ProjectionExpression when choosing to get only the Count");
  CHECK(select_error(R"({"Select": "ALL_ATTRIBUTES", "ProjectionExpression": "a"})") ==
        "ValidationException: Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES");
  // The projection rule comes before the index rule.
  CHECK(select_error(R"({"Select": "ALL_PROJECTED_ATTRIBUTES", "AttributesToGet": ["a"]})") ==
        "ValidationException: Cannot specify the AttributesToGet when choosing to get "
        "ALL_PROJECTED_ATTRIBUTES");
  CHECK(select_error(R"({"Select": "ALL_PROJECTED_ATTRIBUTES"})") ==
        "ValidationException: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  // Duplicate AttributesToGet are refused even without Select.
  CHECK(
      select_error(R"({"AttributesToGet": ["a", "a"]})") ==
      "ValidationException: One or more parameter values were invalid: Duplicate value in attribute name: a");
}

TEST_CASE("read request: ExclusiveStartKey becomes the storage key of the table key", "[read_request]") {
  const catalog::TableSchema t = music();
  CHECK_FALSE(table_start_key(parse(R"({"TableName": "Music"})"), t));
  CHECK_FALSE(table_start_key(parse(R"({"ExclusiveStartKey": null})"), t));
  const auto key = table_start_key(
      parse(R"({"ExclusiveStartKey": {"artist": {"S": "Björk"}, "year": {"N": "1993"}}})"), t);
  REQUIRE(key);
  const AttributeValue year = N("1993");
  CHECK(*key == storage::item_key(17, S("Björk"), &year));

  const std::string invalid = "ValidationException: The provided starting key is invalid: ";
  CHECK(error_of([&] {
          table_start_key(parse(R"({"ExclusiveStartKey": {"artist": {"S": "a"}}})"), t);
        }) == invalid + "The provided key element does not match the schema");
  CHECK(error_of([&] {
          table_start_key(
              parse(R"({"ExclusiveStartKey": {"artist": {"S": "a"}, "year": {"S": "1993"}}})"), t);
        }) == invalid + "The provided key element does not match the schema");
  CHECK(error_of([&] {
          table_start_key(
              parse(R"({"ExclusiveStartKey": {"artist": {"S": "a"}, "year": {"N": "1"}, "x": {"S": "y"}}})"),
              t);
        }) == invalid + "The provided key element does not match the schema");
  // A malformed attribute value is reported under the same prefix.
  CHECK(error_of([&] {
          table_start_key(parse(R"({"ExclusiveStartKey": {"artist": {}, "year": {"N": "1"}}})"), t);
        }) ==
        invalid + "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  CHECK(error_of([&] {
          table_start_key(
              parse(R"({"ExclusiveStartKey": {"artist": {"S": "a"}, "year": {"N": "x"}}})"), t);
        }).rfind(invalid, 0) == 0);
}

TEST_CASE("read request: the response", "[read_request]") {
  const catalog::TableSchema t = music();
  ops::ReadResult result;
  const Item stored{{"artist", S("a")}, {"year", N("1")}, {"title", S("stored")}};
  const Item decoded{{"artist", S("b")}, {"year", N("2")}, {"title", S("decoded")}};
  result.stored_bytes = storage::encode_item(stored);
  result.stored_ends = {result.stored_bytes.size()};
  result.items = {decoded};
  result.count = 2;
  result.scanned_count = 5;
  result.last_evaluated = decoded;

  const ops::Response res = ops::read_response(t, result, false);
  REQUIRE(res["Items"].IsArray());
  REQUIRE(res["Items"].Size() == 2);
  // Stored items first, then decoded ones.
  CHECK(std::string(res["Items"][0]["title"]["S"].GetString()) == "stored");
  CHECK(std::string(res["Items"][1]["title"]["S"].GetString()) == "decoded");
  CHECK(res["Count"].GetInt64() == 2);
  CHECK(res["ScannedCount"].GetInt64() == 5);
  // LastEvaluatedKey holds the table key only.
  const auto& last = res["LastEvaluatedKey"];
  CHECK(last.MemberCount() == 2);
  CHECK(std::string(last["artist"]["S"].GetString()) == "b");
  CHECK(std::string(last["year"]["N"].GetString()) == "2");

  // Select=COUNT: no Items member at all; no LastEvaluatedKey when the read
  // finished.
  result.last_evaluated.reset();
  const ops::Response counted = ops::read_response(t, result, true);
  CHECK_FALSE(counted.HasMember("Items"));
  CHECK(counted["Count"].GetInt64() == 2);
  CHECK_FALSE(counted.HasMember("LastEvaluatedKey"));

  // An empty page still has an empty Items array.
  const ops::Response empty = ops::read_response(t, ops::ReadResult{}, false);
  CHECK(empty["Items"].IsArray());
  CHECK(empty["Items"].Empty());
  CHECK(empty["Count"].GetInt64() == 0);
  CHECK(empty["ScannedCount"].GetInt64() == 0);
}
