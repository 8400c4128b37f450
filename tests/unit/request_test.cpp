// Request member accessors and constraint reporting: JSON types checked the
// way DynamoDB's (Java) front end does, as SerializationException with its
// texts; constraint violations collected and reported as "N validation
// error(s) detected: ..."; table-name and attribute-name rules.
#include "ops/request.h"

#include <catch2/catch.hpp>
#include <limits>
#include <string>

#include "dynamo_items/error.h"

using namespace dynamo_items;
using namespace dynamo_items::ops;

namespace {

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

// "<type>: <message>" of what fn throws, or "<no error>".
template <class Fn>
std::string error_of(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.type() + ": " + e.message();
  }
  return "<no error>";
}

std::string string_member_error(const std::string& value_json) {
  const auto d = parse(R"({"M": )" + value_json + "}");
  return error_of([&] { opt_string(d, "M"); });
}

}  // namespace

TEST_CASE("request: absent and null members read as absent", "[request]") {
  const auto d = parse(R"({"S": "x", "N": null, "E": "", "B": false, "O": {}, "A": []})");
  CHECK(member(d, "missing") == nullptr);
  CHECK(member(d, "N") == nullptr);
  CHECK(member(d, "S") != nullptr);
  CHECK_FALSE(opt_string(d, "N"));
  CHECK_FALSE(opt_bool(d, "N"));
  CHECK_FALSE(opt_int(d, "N"));
  CHECK(opt_object(d, "N") == nullptr);
  CHECK(opt_array(d, "N") == nullptr);
  CHECK(opt_string(d, "S") == std::optional<std::string_view>("x"));
  // An empty string is present.
  REQUIRE(opt_string(d, "E"));
  CHECK(opt_string(d, "E")->empty());
  CHECK(opt_bool(d, "B") == std::optional<bool>(false));
  REQUIRE(opt_object(d, "O") != nullptr);
  CHECK(opt_object(d, "O")->IsObject());
  REQUIRE(opt_array(d, "A") != nullptr);
  CHECK(opt_array(d, "A")->Empty());
  // Member names are case-sensitive.
  CHECK(member(d, "s") == nullptr);
}

TEST_CASE("request: a string member of another JSON type", "[request]") {
  const std::string cannot = "SerializationException: class java.lang.";
  CHECK(string_member_error("true") == cannot + "Boolean can not be converted to an String");
  // Numbers name the Java type they would land in.
  CHECK(string_member_error("5") == cannot + "Short can not be converted to an String");
  CHECK(string_member_error("-32768") == cannot + "Short can not be converted to an String");
  CHECK(string_member_error("32768") == cannot + "Integer can not be converted to an String");
  CHECK(string_member_error("-2147483648") == cannot + "Integer can not be converted to an String");
  CHECK(string_member_error("2147483648") == cannot + "Long can not be converted to an String");
  CHECK(string_member_error("1.5") == cannot + "Double can not be converted to an String");
  CHECK(string_member_error("{}") ==
        "SerializationException: Start of structure or map found where not expected.");
  CHECK(string_member_error("[]") == "SerializationException: Start of list found where not expected");
  // List members and map values use the same rules.
  const auto d = parse(R"({"L": ["a", 1]})");
  CHECK(as_string(d["L"][0]) == "a");
  CHECK(error_of([&] { as_string(d["L"][1]); }) == cannot + "Short can not be converted to an String");
}

TEST_CASE("request: boolean members", "[request]") {
  const auto d =
      parse(R"({"T": true, "S": "true", "s": "yes", "I": 1, "D": 1.5, "d": 0.5, "O": {}, "A": [1]})");
  CHECK(opt_bool(d, "T") == std::optional<bool>(true));
  // Strings are refused, upper-cased in the message, as DynamoDB does.
  CHECK(error_of([&] { opt_bool(d, "S"); }) ==
        "SerializationException: 'TRUE' can not be converted to an Boolean");
  CHECK(error_of([&] { opt_bool(d, "s"); }) ==
        "SerializationException: 'YES' can not be converted to an Boolean");
  CHECK(error_of([&] { opt_bool(d, "I"); }) ==
        "SerializationException: class java.lang.Short can not be converted to an Boolean");
  // DynamoDB takes a fractional number as a boolean: |x| >= 1 is true.
  CHECK(opt_bool(d, "D") == std::optional<bool>(true));
  CHECK(opt_bool(d, "d") == std::optional<bool>(false));
  CHECK(error_of([&] { opt_bool(d, "O"); }) ==
        "SerializationException: Start of structure or map found where not expected.");
  CHECK(error_of([&] { opt_bool(d, "A"); }) ==
        "SerializationException: Start of list found where not expected");
}

TEST_CASE("request: integer members", "[request]") {
  const auto d =
      parse(R"({"I": 25, "Neg": -3, "D": 2.9, "DN": -2.1, "B": true, "S": "5", "O": {}, "A": []})");
  CHECK(opt_int(d, "I") == std::optional<std::int64_t>(25));
  CHECK(opt_int(d, "Neg") == std::optional<std::int64_t>(-3));
  // Fractions are floored, as Java's conversion does.
  CHECK(opt_int(d, "D") == std::optional<std::int64_t>(2));
  CHECK(opt_int(d, "DN") == std::optional<std::int64_t>(-3));
  for (const char* m : {"B", "S"}) {
    const std::string e = error_of([&] { opt_int(d, m); });
    INFO(e);
    CHECK(e.rfind("SerializationException: class java.lang.", 0) == 0);
    CHECK(e.find(m[0] == 'B' ? "Boolean" : "String") != std::string::npos);
  }
  CHECK(error_of([&] { opt_int(d, "O"); }) ==
        "SerializationException: Start of structure or map found where not expected.");
  CHECK(error_of([&] { opt_int(d, "A"); }) ==
        "SerializationException: Start of list found where not expected");
}

TEST_CASE("request: integers beyond 64 bits saturate instead of overflowing", "[request]") {
  // A huge Limit must come out as a huge number (for the max constraints),
  // never as an undefined conversion that can turn it negative.
  const auto d =
      parse(R"({"Big": 1e300, "Small": -1e300, "U": 18446744073709551615, "Edge": 9223372036854775807})");
  CHECK(opt_int(d, "Big") == std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::max()));
  CHECK(opt_int(d, "Small") == std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::min()));
  CHECK(opt_int(d, "U") == std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::max()));
  CHECK(opt_int(d, "Edge") == std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::max()));
}

TEST_CASE("request: object and array members", "[request]") {
  const auto d = parse(R"({"S": "x", "N": 1, "O": {}, "A": []})");
  CHECK(error_of([&] { opt_object(d, "A"); }) ==
        "SerializationException: Start of list found where not expected");
  CHECK(error_of([&] { opt_object(d, "S"); }) == "SerializationException: Expected null");
  CHECK(error_of([&] { opt_object(d, "N"); }) == "SerializationException: Expected null");
  CHECK(error_of([&] { opt_array(d, "O"); }) ==
        "SerializationException: Start of structure or map found where not expected.");
  CHECK(error_of([&] { opt_array(d, "S"); }) == "SerializationException: Expected list or null");
  CHECK(error_of([&] { as_object(d["S"]); }) == "SerializationException: Expected map or null");
  CHECK(error_of([&] { as_object(d["A"]); }) ==
        "SerializationException: Start of list found where not expected");
  CHECK(&as_array(d["A"]) == &d["A"]);
}

TEST_CASE("request: constraint errors are counted and joined", "[request]") {
  ConstraintErrors none;
  CHECK(none.empty());
  CHECK_NOTHROW(none.throw_if_any());

  ConstraintErrors one;
  one.min_value(0, 1, "limit");
  one.min_value(1, 1, "limit");  // at the bound: fine
  one.max_value(std::nullopt, 10, "x");
  CHECK_FALSE(one.empty());
  CHECK(
      error_of([&] { one.throw_if_any(); }) ==
      "ValidationException: 1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
      "Member must have value greater than or equal to 1");

  ConstraintErrors several;
  several.not_null(nullptr, "key");
  several.max_value(1001, 1000, "segment");
  several.enum_value(std::string_view("ALL"), "returnValues", {"NONE", "ALL_OLD"});
  several.enum_value(std::string_view("NONE"), "returnValues", {"NONE", "ALL_OLD"});  // allowed
  several.enum_value(std::nullopt, "returnValues", {"NONE"});                         // absent
  several.min_length(0, 1, "", "expr");
  several.max_length(5, 4, "abcde", "name");
  several.add_unechoed("item", "Map value must satisfy constraint");
  CHECK(
      error_of([&] { several.throw_if_any(); }) ==
      "ValidationException: 6 validation errors detected: "
      "Value null at 'key' failed to satisfy constraint: Member must not be null; "
      "Value '1001' at 'segment' failed to satisfy constraint: Member must have value less than or equal to "
      "1000; "
      "Value 'ALL' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: "
      "[NONE, "
      "ALL_OLD]; "
      "Value '' at 'expr' failed to satisfy constraint: Member must have length greater than or equal to 1; "
      "Value 'abcde' at 'name' failed to satisfy constraint: Member must have length less than or equal to "
      "4; "
      "Value at 'item' failed to satisfy constraint: Map value must satisfy constraint");
}

TEST_CASE("request: table and index names", "[request]") {
  CHECK(matches_name_pattern("Music_2024-v1.0"));
  CHECK_FALSE(matches_name_pattern(""));
  CHECK_FALSE(matches_name_pattern("has space"));
  CHECK_FALSE(matches_name_pattern("slash/no"));
  CHECK_FALSE(matches_name_pattern("caf\xC3\xA9"));

  const std::string pattern = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
  auto table_errors = [](std::optional<std::string_view> name) {
    ConstraintErrors e;
    e.table_name(name, "tableName");
    return error_of([&] { e.throw_if_any(); });
  };
  CHECK(table_errors("abc") == "<no error>");
  CHECK(table_errors(std::nullopt) == "<no error>");  // presence is checked separately
  CHECK(table_errors("ab") ==
        "ValidationException: 1 validation error detected: Value 'ab' at 'tableName' failed "
        "to satisfy constraint: Member must have length greater than or equal to 3");
  CHECK(table_errors("a b") ==
        "ValidationException: 1 validation error detected: Value 'a b' at 'tableName' "
        "failed to satisfy constraint: " +
            pattern);
  // Both rules fail for "": pattern first, then length.
  CHECK(table_errors("") ==
        "ValidationException: 2 validation errors detected: Value '' at 'tableName' failed to "
        "satisfy constraint: " +
            pattern +
            "; Value '' at 'tableName' failed to satisfy "
            "constraint: Member must have length greater than or equal to 3");
  CHECK(table_errors(std::string(255, 't')) == "<no error>");
  CHECK(table_errors(std::string(256, 't')).find("Member must have length less than or equal to 255") !=
        std::string::npos);

  // The item operations' TableName: absence is a constraint; short names are
  // allowed (and simply not found); empty is a length error only.
  auto item_errors = [](std::optional<std::string_view> name) {
    ConstraintErrors e;
    e.item_table_name(name, "tableName");
    return error_of([&] { e.throw_if_any(); });
  };
  CHECK(item_errors("ab") == "<no error>");
  CHECK(item_errors(std::nullopt) ==
        "ValidationException: 1 validation error detected: Value null at 'tableName' "
        "failed to satisfy constraint: Member must not be null");
  CHECK(item_errors("") ==
        "ValidationException: 1 validation error detected: Value '' at 'tableName' failed to "
        "satisfy constraint: Member must have length greater than or equal to 1");
  CHECK(item_errors("a*") ==
        "ValidationException: 1 validation error detected: Value 'a*' at 'tableName' failed "
        "to satisfy constraint: " +
            pattern);

  ConstraintErrors idx;
  idx.index_name(std::nullopt, "indexName");
  idx.index_name("ix", "indexName");
  CHECK(error_of([&] { idx.throw_if_any(); }) ==
        "ValidationException: 2 validation errors detected: Value null at 'indexName' failed to satisfy "
        "constraint: "
        "Member must not be null; Value 'ix' at 'indexName' failed to satisfy constraint: Member must have "
        "length "
        "greater than or equal to 3");

  CHECK(error_of([] { check_name_length("ab", "TableName"); }) ==
        "ValidationException: TableName must be at least 3 characters long and at most 255 characters long");
  CHECK(error_of([] { check_name_length(std::string(256, 'x'), "TableName"); }) ==
        "ValidationException: TableName must be at least 3 characters long and at most 255 characters long");
  CHECK(error_of([] { check_name_length(std::nullopt, "TableName"); }) == "<no error>");
  CHECK(error_of([] { check_name_length("abc", "TableName"); }) == "<no error>");
}

TEST_CASE("request: required TableName", "[request]") {
  CHECK(required_table_name(parse(R"({"TableName": "Music"})")) == "Music");
  CHECK(error_of([] { required_table_name(parse(R"({})")); }) ==
        "ValidationException: The parameter 'TableName' is required but was not present in the request");
  CHECK(error_of([] { required_table_name(parse(R"({"TableName": null})")); }) ==
        "ValidationException: The parameter 'TableName' is required but was not present in the request");
  CHECK(error_of([] { required_table_name(parse(R"({"TableName": 12})")); }) ==
        "SerializationException: class java.lang.Short can not be converted to an String");
  CHECK(error_of([] {
          required_table_name(parse(R"({"TableName": "x"})"));
        }).find("Member must have length greater than or equal to 3") != std::string::npos);
}

TEST_CASE("request: AttributesToGet and the capacity enums", "[request]") {
  CHECK(error_of([] { check_attributes_to_get(nullptr); }) == "<no error>");
  const auto ok = parse(R"(["a", "b", "A"])");
  CHECK(error_of([&] { check_attributes_to_get(&ok); }) == "<no error>");
  const auto dup = parse(R"(["a", "b", "a"])");
  CHECK(
      error_of([&] { check_attributes_to_get(&dup); }) ==
      "ValidationException: One or more parameter values were invalid: Duplicate value in attribute name: a");
  const auto typed = parse(R"(["a", true])");
  CHECK(error_of([&] { check_attributes_to_get(&typed); }) ==
        "SerializationException: class java.lang.Boolean can not be converted to an String");

  ConstraintErrors e;
  check_return_capacity_enums(
      parse(R"({"ReturnConsumedCapacity": "ALL", "ReturnItemCollectionMetrics": "SIZE"})"), e);
  check_return_capacity_enums(
      parse(R"({"ReturnConsumedCapacity": "INDEXES", "ReturnItemCollectionMetrics": "x"})"), e);
  CHECK(
      error_of([&] { e.throw_if_any(); }) ==
      "ValidationException: 2 validation errors detected: Value 'ALL' at 'returnConsumedCapacity' failed to "
      "satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value 'x' at "
      "'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: "
      "[SIZE, "
      "NONE]");
  CHECK(error_of([] { invalid_parameter("why"); }) ==
        "ValidationException: One or more parameter values were invalid: why");
}
