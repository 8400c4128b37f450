// Engine operations through Engine::execute, in memory: tables, items,
// batches, Query key ranges and Scan segments.
#include <catch2/catch.hpp>

#include <set>

#include "dynamo_items/engine.h"
#include "engine_test_support.h"

using dynamo_items::Engine;

namespace {

using dynamo_items::testing::run;

std::unique_ptr<Engine> open_memory() { return dynamo_items::testing::open_engine(); }

dynamo_items::Error run_error(Engine& e, const char* op, const std::string& json) {
  rapidjson::Document req;
  req.Parse(json.c_str());
  auto res = e.execute(op, req);
  REQUIRE_FALSE(res.ok());
  return res.error();
}

void create_sorted_table(Engine& e, const char* sk_type = "N") {
  run(e, "CreateTable",
      std::string(R"({"TableName":"tbl","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)") +
          R"({"AttributeName":"sk","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)" +
          R"({"AttributeName":"sk","AttributeType":")" + sk_type + R"("}],"BillingMode":"PAY_PER_REQUEST"})");
}

}  // namespace

TEST_CASE("CreateTable validates and DescribeTable reports the table", "[engine][tables]") {
  auto e = open_memory();
  create_sorted_table(*e);
  auto d = run(*e, "DescribeTable", R"({"TableName":"tbl"})");
  CHECK(std::string(d["Table"]["TableStatus"].GetString()) == "ACTIVE");
  CHECK(d["Table"]["ItemCount"].GetInt64() == 0);
  auto dup = run_error(*e, "CreateTable",
                       R"({"TableName":"tbl","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
                       R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"})");
  CHECK(dup.type() == "ResourceInUseException");
  auto missing = run_error(*e, "DescribeTable", R"({"TableName":"nope"})");
  CHECK(missing.type() == "ResourceNotFoundException");
  CHECK(missing.message() == "Requested resource not found: Table: nope not found");
  auto bad = run_error(*e, "CreateTable", R"({"TableName":"ab"})");
  // Today's DynamoDB reports the name's length as a constraint, in member order.
  CHECK(bad.message() ==
        "3 validation errors detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must "
        "not be null; Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or "
        "equal to 3; Value null at 'keySchema' failed to satisfy constraint: Member must not be null");
}

TEST_CASE("Put, get and delete items with key validation", "[engine][items]") {
  auto e = open_memory();
  create_sorted_table(*e);
  run(*e, "PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"a"},"sk":{"N":"1.50"},"v":{"SS":["x","y"]}}})");
  auto got = run(*e, "GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1.5"}}})");
  REQUIRE(got.HasMember("Item"));
  CHECK(std::string(got["Item"]["sk"]["N"].GetString()) == "1.5");
  auto mismatch = run_error(*e, "PutItem", R"({"TableName":"tbl","Item":{"pk":{"N":"1"},"sk":{"N":"1"}}})");
  CHECK(mismatch.message() == "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
  auto schema = run_error(*e, "GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"a"}}})");
  CHECK(schema.message() == "The provided key element does not match the schema");
  auto old = run(*e, "DeleteItem", R"({"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1.5"}},"ReturnValues":"ALL_OLD"})");
  CHECK(old.HasMember("Attributes"));
  auto gone = run(*e, "GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1.5"}}})");
  CHECK_FALSE(gone.HasMember("Item"));
}

TEST_CASE("Query reads sort-key ranges in numeric order, both directions, with paging", "[engine][query]") {
  auto e = open_memory();
  create_sorted_table(*e);
  const std::vector<std::string> sks = {"-1000", "-2.5", "-0.001", "0", "0.001", "3", "10", "1e20"};
  for (const auto& sk : sks) {
    run(*e, "PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"p"},"sk":{"N":")" + sk + R"("}}})");
    run(*e, "PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"other"},"sk":{"N":")" + sk + R"("}}})");
  }
  auto all = run(*e, "Query", R"({"TableName":"tbl","KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]}}})");
  REQUIRE(all["Count"].GetInt() == 8);
  CHECK(std::string(all["Items"][0]["sk"]["N"].GetString()) == "-1000");
  CHECK(std::string(all["Items"][7]["sk"]["N"].GetString()) == "100000000000000000000");

  auto between = run(*e, "Query",
                     R"({"TableName":"tbl","ScanIndexForward":false,"KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]},)"
                     R"("sk":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"N":"-2.5"},{"N":"3"}]}}})");
  REQUIRE(between["Count"].GetInt() == 5);
  CHECK(std::string(between["Items"][0]["sk"]["N"].GetString()) == "3");
  CHECK(between["ScannedCount"].GetInt() == 5);

  // Page with Limit 3 until done.
  std::vector<std::string> seen;
  std::string start;
  for (int page = 0; page < 10; ++page) {
    std::string req = R"({"TableName":"tbl","Limit":3,"KeyConditions":{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"p"}]}})";
    if (!start.empty()) req += R"(,"ExclusiveStartKey":)" + start;
    req += "}";
    auto res = run(*e, "Query", req);
    for (const auto& it : res["Items"].GetArray()) seen.emplace_back(it["sk"]["N"].GetString());
    if (!res.HasMember("LastEvaluatedKey")) break;
    start = std::string(R"({"pk":{"S":"p"},"sk":{"N":")") + res["LastEvaluatedKey"]["sk"]["N"].GetString() + "\"}}";
  }
  CHECK(seen.size() == 8);
}

TEST_CASE("Parallel scan segments are disjoint and complete", "[engine][scan]") {
  auto e = open_memory();
  create_sorted_table(*e, "S");
  for (int i = 0; i < 200; ++i) {
    run(*e, "PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"p)" + std::to_string(i) + R"("},"sk":{"S":"x"}}})");
  }
  std::multiset<std::string> seen;
  for (int seg = 0; seg < 7; ++seg) {
    auto res = run(*e, "Scan", R"({"TableName":"tbl","Segment":)" + std::to_string(seg) + R"(,"TotalSegments":7})");
    for (const auto& it : res["Items"].GetArray()) seen.insert(it["pk"]["S"].GetString());
  }
  CHECK(seen.size() == 200);
  CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 200);
}

TEST_CASE("a request that is no JSON object is a SerializationException and runs nothing", "[engine][request]") {
  auto e = open_memory();
  for (const char* op : {"ListTables", "CreateTable", "DescribeLimits", "ListSnapshots"}) {
    INFO(op);
    for (const char* body : {"null", "1", "\"x\"", "true", "2.5"}) {
      INFO(body);
      auto err = run_error(*e, op, body);
      CHECK(err.type() == "SerializationException");
      CHECK(err.message().empty());
      std::string out;
      rapidjson::Document req;
      req.Parse(body);
      auto res = e->execute_to(op, req, out);
      REQUIRE_FALSE(res.ok());
      CHECK(res.error().type() == "SerializationException");
      CHECK(out.empty());
    }
    auto err = run_error(*e, op, "[{}]");
    CHECK(err.type() == "SerializationException");
    CHECK(err.message() == "Start of list found where not expected");
  }
  CHECK(run(*e, "ListTables", "{}")["TableNames"].Empty());
}
