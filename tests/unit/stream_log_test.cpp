// Stream records: sequence numbers and their text, record keys, and that
// DeleteTable leaves no record of the table behind.
#include "storage/layout.h"
#include "streams/stream_log.h"

#include <rapidjson/document.h>

#include <catch2/catch.hpp>

#include "dynamo_items/engine.h"
#include "engine_impl.h"

using namespace dynamo_items;

TEST_CASE("stream sequence numbers: 21 digits, ordered as text, parsed back", "[streams]") {
  CHECK(streams::sequence_text(1) == "100000000000000000001");
  CHECK(streams::sequence_text(42) < streams::sequence_text(1000));
  std::uint64_t seq = 0;
  CHECK(streams::parse_sequence("100000000000000012345", seq));
  CHECK(seq == 12345);
  CHECK_FALSE(streams::parse_sequence("12345", seq));
  CHECK_FALSE(streams::parse_sequence("200000000000000012345", seq));
  CHECK_FALSE(streams::parse_sequence("10000000000000001234x", seq));
  CHECK(storage::stream_record_sequence(storage::stream_record_key(7, 99)) == 99);
  CHECK(storage::stream_record_key(7, 1) < storage::stream_record_key(7, 2));
  CHECK(storage::stream_record_key(7, UINT64_MAX) < storage::stream_prefix(8));
}

TEST_CASE("DeleteTable removes the table's stream records", "[streams]") {
  auto opened = Engine::open({});
  REQUIRE(opened);
  Engine& engine = *opened.value();
  auto run = [&](const char* op, const char* json) {
    rapidjson::Document d;
    d.Parse(json);
    auto r = engine.execute(op, d);
    INFO(op << ": " << (r ? std::string("ok") : r.error().message()));
    REQUIRE(r);
  };
  run("CreateTable", R"({"TableName":"streamed","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
      "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}})");
  run("PutItem", R"({"TableName":"streamed","Item":{"pk":{"S":"a"}}})");
  auto count_records = [&] {
    const std::string lower(1, '\x02'), upper(1, '\x03');
    rocksdb::Slice lo(lower), hi(upper);
    auto it = engine.impl().store.iterator(&lo, &hi);
    int n = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
    return n;
  };
  CHECK(count_records() == 1);
  run("DeleteTable", R"({"TableName":"streamed"})");
  CHECK(count_records() == 0);
}

// One database answers every region: each caller sees ARNs and records of
// its own region and account, and another region's stream ARN names nothing.
TEST_CASE("stream ARNs and awsRegion follow the request context", "[streams]") {
  auto opened = Engine::open({});
  REQUIRE(opened);
  Engine& engine = *opened.value();
  const RequestContext paris{.region = "eu-west-3", .account_id = "123456789012"};
  auto run = [&](const char* op, const std::string& json, const RequestContext& context) {
    rapidjson::Document d;
    d.Parse(json.c_str());
    return engine.execute(op, d, context);
  };
  REQUIRE(run("CreateTable", R"({"TableName":"regional","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
      "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"KEYS_ONLY"}})", {}));
  REQUIRE(run("PutItem", R"({"TableName":"regional","Item":{"pk":{"S":"a"}}})", {}));
  auto described = run("DescribeTable", R"({"TableName":"regional"})", paris);
  REQUIRE(described);
  const std::string arn = described.value()["Table"]["LatestStreamArn"].GetString();
  CHECK(arn.rfind("arn:aws:dynamodb:eu-west-3:123456789012:table/regional/stream/", 0) == 0);
  auto stream = run("DescribeStream", R"({"StreamArn":")" + arn + R"("})", paris);
  REQUIRE(stream);
  const std::string shard = stream.value()["StreamDescription"]["Shards"][0]["ShardId"].GetString();
  auto it = run("GetShardIterator",
                R"({"StreamArn":")" + arn + R"(","ShardId":")" + shard + R"(","ShardIteratorType":"TRIM_HORIZON"})",
                paris);
  REQUIRE(it);
  auto records =
      run("GetRecords", R"({"ShardIterator":")" + std::string(it.value()["ShardIterator"].GetString()) + R"("})", paris);
  REQUIRE(records);
  REQUIRE(records.value()["Records"].Size() == 1);
  // Written by a caller of the default region, read by one in Paris.
  CHECK(std::string(records.value()["Records"][0]["awsRegion"].GetString()) == "eu-west-3");
  auto elsewhere = run("DescribeStream", R"({"StreamArn":")" + arn + R"("})", {});
  REQUIRE_FALSE(elsewhere);
  CHECK(elsewhere.error().type() == "ResourceNotFoundException");
}
