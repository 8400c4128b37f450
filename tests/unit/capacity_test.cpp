// Capacity units by the rules and examples of the DynamoDB Developer Guide
// ("Read and write capacity units", "Capacity unit consumption").
#include <catch2/catch.hpp>

#include "dynamo_items/engine.h"
#include "ops/capacity.h"

using dynamo_items::ops::read_capacity_units;
using dynamo_items::ops::write_capacity_units;

TEST_CASE("read units: 4 KB per unit, halved when eventually consistent", "[capacity]") {
  CHECK(read_capacity_units(0, true) == 1.0);         // a missing item still costs the minimum
  CHECK(read_capacity_units(3584, true) == 1.0);      // 3.5 KB -> 1 RCU strongly consistent
  CHECK(read_capacity_units(3584, false) == 0.5);     //        -> 0.5 eventually consistent
  CHECK(read_capacity_units(4096, true) == 1.0);
  CHECK(read_capacity_units(4097, true) == 2.0);
  CHECK(read_capacity_units(10 * 1024, true) == 3.0);   // 10 KB -> 3 RCU
  CHECK(read_capacity_units(10 * 1024, false) == 1.5);
}

TEST_CASE("write units: 1 KB per unit, rounded up", "[capacity]") {
  CHECK(write_capacity_units(0) == 1.0);
  CHECK(write_capacity_units(500) == 1.0);             // 500 bytes -> 1 WCU
  CHECK(write_capacity_units(1024) == 1.0);
  CHECK(write_capacity_units(1025) == 2.0);
  CHECK(write_capacity_units(3584) == 4.0);            // 3.5 KB -> 4 WCU
}

TEST_CASE("Query sums item sizes before rounding and before the filter", "[capacity]") {
  auto opened = dynamo_items::Engine::open({});
  REQUIRE(opened.ok());
  auto& engine = *opened.value();
  auto run = [&](const char* op, const std::string& json) {
    rapidjson::Document req;
    req.Parse(json.c_str());
    auto res = engine.execute(op, req);
    if (!res.ok()) FAIL(res.error().message());
    return std::move(res.value());
  };
  run("CreateTable", R"({"TableName":"cap","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],)"
                     R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],"BillingMode":"PAY_PER_REQUEST"})");
  // Ten items of about 1 KB: one 4 KB unit each if rounded per item, but
  // Query rounds the sum (about 10 KB -> 3 units).
  const std::string payload(1000, 'x');
  for (int i = 0; i < 10; ++i) {
    run("PutItem", R"({"TableName":"cap","Item":{"pk":{"S":"p"},"sk":{"N":")" + std::to_string(i) + R"("},"d":{"S":")" + payload + R"("}}})");
  }
  auto q = run("Query", R"({"TableName":"cap","ConsistentRead":true,"ReturnConsumedCapacity":"TOTAL",)"
                        R"("KeyConditionExpression":"pk = :p","FilterExpression":"d = :none",)"
                        R"("ExpressionAttributeValues":{":p":{"S":"p"},":none":{"S":"-"}}})");
  CHECK(q["Count"].GetInt() == 0);
  CHECK(q["ConsumedCapacity"]["CapacityUnits"].GetDouble() == 3.0);
  auto b = run("BatchGetItem", R"({"ReturnConsumedCapacity":"TOTAL","RequestItems":{"cap":{"Keys":[{"pk":{"S":"p"},"sk":{"N":"1"}},{"pk":{"S":"p"},"sk":{"N":"2"}}]}}})");
  CHECK(b["ConsumedCapacity"][0]["CapacityUnits"].GetDouble() == 1.0);  // 2 x 0.5
}
