// Stream records: sequence numbers and their text, record keys, and that
// DeleteTable leaves no record of the table behind.
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
  CHECK(streams::record_sequence(streams::record_key(7, 99)) == 99);
  CHECK(streams::record_key(7, 1) < streams::record_key(7, 2));
  CHECK(streams::record_key(7, UINT64_MAX) < streams::stream_prefix(8));
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
