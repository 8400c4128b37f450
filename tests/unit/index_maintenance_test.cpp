// Secondary index upkeep: entries follow their items through puts, updates
// and deletes in the same write, sparse items stay out, and index key types
// are validated as DynamoDB does.
#include <catch2/catch.hpp>

#include "dynamo_items/engine.h"

namespace {

struct Fixture {
  std::unique_ptr<dynamo_items::Engine> engine;
  Fixture() {
    auto e = dynamo_items::Engine::open({});
    REQUIRE(e.ok());
    engine = std::move(e.value());
    run("CreateTable",
        R"({"TableName":"idx","BillingMode":"PAY_PER_REQUEST",
            "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
            "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"},
                                    {"AttributeName":"gpk","AttributeType":"S"},{"AttributeName":"lsk","AttributeType":"N"}],
            "GlobalSecondaryIndexes":[{"IndexName":"byG","KeySchema":[{"AttributeName":"gpk","KeyType":"HASH"}],
                                       "Projection":{"ProjectionType":"KEYS_ONLY"}}],
            "LocalSecondaryIndexes":[{"IndexName":"byL","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"lsk","KeyType":"RANGE"}],
                                      "Projection":{"ProjectionType":"ALL"}}]})");
  }
  rapidjson::Document run(const char* op, const std::string& json) {
    rapidjson::Document req;
    req.Parse(json.c_str());
    REQUIRE_FALSE(req.HasParseError());
    auto res = engine->execute(op, req);
    if (!res.ok()) FAIL(res.error().message());
    return std::move(res.value());
  }
  std::string error(const char* op, const std::string& json) {
    rapidjson::Document req;
    req.Parse(json.c_str());
    auto res = engine->execute(op, req);
    REQUIRE_FALSE(res.ok());
    return res.error().message();
  }
  std::pair<std::int64_t, std::int64_t> counts() {
    auto d = run("DescribeTable", R"({"TableName":"idx"})");
    std::int64_t g = 0, l = 0;
    for (const auto& ix : d["Table"]["GlobalSecondaryIndexes"].GetArray()) g = ix["ItemCount"].GetInt64();
    for (const auto& ix : d["Table"]["LocalSecondaryIndexes"].GetArray()) l = ix["ItemCount"].GetInt64();
    return {g, l};
  }
};

}  // namespace

TEST_CASE("index entries follow puts, updates and deletes; sparse items stay out", "[index]") {
  Fixture f;
  f.run("PutItem", R"({"TableName":"idx","Item":{"pk":{"S":"a"},"sk":{"S":"1"},"gpk":{"S":"g"},"lsk":{"N":"5"}}})");
  f.run("PutItem", R"({"TableName":"idx","Item":{"pk":{"S":"a"},"sk":{"S":"2"}}})");
  CHECK(f.counts() == std::pair<std::int64_t, std::int64_t>{1, 1});
  f.run("UpdateItem", R"({"TableName":"idx","Key":{"pk":{"S":"a"},"sk":{"S":"2"}},"UpdateExpression":"SET gpk = :g",
                         "ExpressionAttributeValues":{":g":{"S":"h"}}})");
  CHECK(f.counts() == std::pair<std::int64_t, std::int64_t>{2, 1});
  f.run("UpdateItem", R"({"TableName":"idx","Key":{"pk":{"S":"a"},"sk":{"S":"1"}},"UpdateExpression":"REMOVE lsk"})");
  CHECK(f.counts() == std::pair<std::int64_t, std::int64_t>{2, 0});
  f.run("DeleteItem", R"({"TableName":"idx","Key":{"pk":{"S":"a"},"sk":{"S":"2"}}})");
  CHECK(f.counts() == std::pair<std::int64_t, std::int64_t>{1, 0});
}

TEST_CASE("index key attributes are type-checked", "[index]") {
  Fixture f;
  CHECK(f.error("PutItem", R"({"TableName":"idx","Item":{"pk":{"S":"a"},"sk":{"S":"1"},"gpk":{"N":"1"}}})") ==
        "One or more parameter values were invalid: Type mismatch for Index Key gpk Expected: S Actual: N IndexName: byG");
  CHECK(f.error("PutItem", R"({"TableName":"idx","Item":{"pk":{"S":"a"},"sk":{"S":"1"},"gpk":{"S":""}}})") ==
        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
        "The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byG, IndexKey: gpk");
  CHECK(f.counts() == std::pair<std::int64_t, std::int64_t>{0, 0});
}
