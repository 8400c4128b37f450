// Time to Live (UpdateTimeToLive/DescribeTimeToLive and the sweeper's rules)
// and table tags.
#include <catch2/catch.hpp>

#include "dynamo_items/engine.h"
#include "engine_impl.h"

namespace {

struct Fixture {
  std::unique_ptr<dynamo_items::Engine> engine;
  Fixture() {
    dynamo_items::EngineOptions options;
    options.ttl_sweep_interval = std::chrono::milliseconds(0);  // the test drives the sweeps
    auto e = dynamo_items::Engine::open(options);
    REQUIRE(e.ok());
    engine = std::move(e.value());
    ok("CreateTable", R"({"TableName":"ttl","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
                         "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}]})");
  }
  dynamo_items::Result<rapidjson::Document> run(const char* op, const std::string& json) {
    rapidjson::Document req;
    req.Parse(json.c_str());
    REQUIRE_FALSE(req.HasParseError());
    return engine->execute(op, req);
  }
  rapidjson::Document ok(const char* op, const std::string& json) {
    auto r = run(op, json);
    if (!r.ok()) FAIL(r.error().type() + ": " + r.error().message());
    return std::move(r.value());
  }
  bool exists(const std::string& id) {
    return ok("GetItem", R"({"TableName":"ttl","Key":{"id":{"S":")" + id + R"("}}})").HasMember("Item");
  }
};

}  // namespace

TEST_CASE("TTL deletes items whose Number attribute is in the recent past", "[ttl]") {
  Fixture f;
  CHECK(std::string(f.ok("DescribeTimeToLive", R"({"TableName":"ttl"})")["TimeToLiveDescription"]["TimeToLiveStatus"]
                        .GetString()) == "DISABLED");
  f.ok("UpdateTimeToLive", R"({"TableName":"ttl","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"exp"}})");
  auto again = f.run("UpdateTimeToLive", R"({"TableName":"ttl","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"exp"}})");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message() == "TimeToLive is already enabled");
  const double now = 2'000'000'000;
  f.ok("PutItem", R"({"TableName":"ttl","Item":{"id":{"S":"past"},"exp":{"N":"1999999000"}}})");
  f.ok("PutItem", R"({"TableName":"ttl","Item":{"id":{"S":"future"},"exp":{"N":"2000001000"}}})");
  f.ok("PutItem", R"({"TableName":"ttl","Item":{"id":{"S":"ancient"},"exp":{"N":"1000"}}})");
  f.ok("PutItem", R"({"TableName":"ttl","Item":{"id":{"S":"text"},"exp":{"S":"1"}}})");
  CHECK(f.engine->impl().ttl.sweep_once(now) == 1);
  CHECK_FALSE(f.exists("past"));
  CHECK(f.exists("future"));
  CHECK(f.exists("ancient"));  // more than five years old: DynamoDB leaves it
  CHECK(f.exists("text"));     // not a Number: never expires
}

TEST_CASE("tags are added, replaced, listed and removed by table ARN", "[tags]") {
  Fixture f;
  const std::string arn = f.ok("DescribeTable", R"({"TableName":"ttl"})")["Table"]["TableArn"].GetString();
  f.ok("TagResource", R"({"ResourceArn":")" + arn + R"(","Tags":[{"Key":"a","Value":"1"},{"Key":"b","Value":"2"}]})");
  f.ok("TagResource", R"({"ResourceArn":")" + arn + R"(","Tags":[{"Key":"a","Value":"3"}]})");
  f.ok("UntagResource", R"({"ResourceArn":")" + arn + R"(","TagKeys":["b"]})");
  auto tags = f.ok("ListTagsOfResource", R"({"ResourceArn":")" + arn + R"("})");
  REQUIRE(tags["Tags"].Size() == 1);
  CHECK(std::string(tags["Tags"][0]["Value"].GetString()) == "3");
  auto missing = f.run("ListTagsOfResource", R"({"ResourceArn":"arn:aws:dynamodb:us-east-1:000000000000:table/nope"})");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().type() == "ResourceNotFoundException");
  // The same table seen from another region or account is not this one.
  auto region = f.run("ListTagsOfResource", R"({"ResourceArn":"arn:aws:dynamodb:eu-west-1:000000000000:table/ttl"})");
  REQUIRE_FALSE(region.ok());
  CHECK(region.error().type() == "ValidationException");
  auto account = f.run("ListTagsOfResource", R"({"ResourceArn":"arn:aws:dynamodb:us-east-1:111111111111:table/ttl"})");
  REQUIRE_FALSE(account.ok());
  CHECK(account.error().type() == "AccessDeniedException");
}

TEST_CASE("ARNs carry the request context's region and account", "[tags]") {
  Fixture f;
  rapidjson::Document req;
  req.Parse(R"({"TableName":"ttl"})");
  auto described = f.engine->execute("DescribeTable", req, {.region = "eu-central-1", .account_id = "123456789012"});
  REQUIRE(described.ok());
  CHECK(std::string(described.value()["Table"]["TableArn"].GetString()) ==
        "arn:aws:dynamodb:eu-central-1:123456789012:table/ttl");
}
