// clone_snapshot (dynamo_items/snapshot_clone.h): a snapshot of one Engine put
// into another, as RestoreSnapshot would put it back: items, index entries,
// TTL and stream settings; the two engines independent afterwards; a whole
// snapshot replaces the target's tables; a snapshot replaced during clones
// is cloned as one version or the other, never mixed.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>

#include "dynamo_items/engine.h"
#include "dynamo_items/snapshot_clone.h"
#include "engine_test_support.h"

using dynamo_items::Engine;

namespace {

using dynamo_items::testing::run;

std::unique_ptr<Engine> open_memory() { return dynamo_items::testing::open_engine(); }

void create_table(Engine& e, const std::string& name, bool stream = false) {
  run(e, "CreateTable",
      R"({"TableName":")" + name +
          R"(","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[)"
          R"({"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}],)"
          R"("GlobalSecondaryIndexes":[{"IndexName":"by_g","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],)"
          R"("Projection":{"ProjectionType":"ALL"}}],)" +
          (stream ? R"("StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_IMAGE"},)" : "") +
          R"("BillingMode":"PAY_PER_REQUEST"})");
}

void put(Engine& e, const std::string& table, const std::string& pk) {
  run(e, "PutItem", R"({"TableName":")" + table + R"(","Item":{"pk":{"S":")" + pk + R"("},"g":{"S":"x"}}})");
}

int scan_count(Engine& e, const std::string& table) {
  return run(e, "Scan", R"({"TableName":")" + table + R"(","Select":"COUNT"})")["Count"].GetInt();
}

int index_count(Engine& e, const std::string& table) {
  return run(e, "Query",
             R"({"TableName":")" + table +
                 R"(","IndexName":"by_g","KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"x"}},"Select":"COUNT"})")
      ["Count"].GetInt();
}

std::vector<std::string> tables(Engine& e) {
  std::vector<std::string> out;
  const rapidjson::Document listed = run(e, "ListTables", "{}");  // kept: the array points into it
  for (const auto& t : listed["TableNames"].GetArray()) out.emplace_back(t.GetString());
  return out;
}

}  // namespace

TEST_CASE("a clone holds the snapshot's tables, items and index entries", "[snapshots][clone]") {
  auto source = open_memory();
  create_table(*source, "users", true);
  create_table(*source, "orders");
  for (int i = 0; i < 50; ++i) put(*source, "users", "u" + std::to_string(i));
  put(*source, "orders", "o1");
  run(*source, "UpdateTimeToLive",
      R"({"TableName":"users","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}})");
  REQUIRE(source->save_snapshot("seed").ok());
  put(*source, "users", "after-the-snapshot");

  auto target = open_memory();
  auto cloned = dynamo_items::clone_snapshot(*source, "seed", *target);
  REQUIRE(cloned.ok());
  CHECK(cloned.value().item_count == 51);
  CHECK(cloned.value().tables == std::vector<std::string>{"orders", "users"});
  CHECK(tables(*target) == std::vector<std::string>{"orders", "users"});
  CHECK(scan_count(*target, "users") == 50);
  CHECK(index_count(*target, "users") == 50);
  CHECK(scan_count(*target, "orders") == 1);
  auto ttl = run(*target, "DescribeTimeToLive", R"({"TableName":"users"})");
  CHECK(std::string(ttl["TimeToLiveDescription"]["AttributeName"].GetString()) == "expires");
  auto described = run(*target, "DescribeTable", R"({"TableName":"users"})");
  CHECK(described["Table"]["StreamSpecification"]["StreamEnabled"].GetBool());
  CHECK(described["Table"].HasMember("LatestStreamArn"));
  // The snapshot stays in the source only.
  CHECK(run(*target, "ListSnapshots", "{}")["Snapshots"].Empty());

  // Independent from here on, both ways.
  put(*target, "users", "only-in-the-clone");
  run(*source, "DeleteItem", R"({"TableName":"users","Key":{"pk":{"S":"u1"}}})");
  CHECK(scan_count(*target, "users") == 51);
  CHECK(index_count(*target, "users") == 51);
  CHECK(scan_count(*source, "users") == 50);
  auto got = run(*target, "GetItem", R"({"TableName":"users","Key":{"pk":{"S":"u1"}}})");
  CHECK(got.HasMember("Item"));
  // Cloning again is possible: the snapshot is not used up.
  auto again = open_memory();
  REQUIRE(dynamo_items::clone_snapshot(*source, "seed", *again).ok());
  CHECK(scan_count(*again, "users") == 50);
}

TEST_CASE("a whole snapshot replaces the target's tables, a partial one keeps the others", "[snapshots][clone]") {
  auto source = open_memory();
  create_table(*source, "kept");
  put(*source, "kept", "k1");
  REQUIRE(source->save_snapshot("whole").ok());
  REQUIRE(source->save_snapshot("partial", {"kept"}).ok());

  auto target = open_memory();
  create_table(*target, "kept");
  put(*target, "kept", "old");
  put(*target, "kept", "old2");
  create_table(*target, "mine");
  REQUIRE(dynamo_items::clone_snapshot(*source, "partial", *target).ok());
  CHECK(tables(*target) == std::vector<std::string>{"kept", "mine"});
  CHECK(scan_count(*target, "kept") == 1);
  REQUIRE(dynamo_items::clone_snapshot(*source, "whole", *target).ok());
  CHECK(tables(*target) == std::vector<std::string>{"kept"});
}

TEST_CASE("cloning a missing snapshot is SnapshotNotFoundException and changes nothing", "[snapshots][clone]") {
  auto source = open_memory();
  auto target = open_memory();
  create_table(*target, "mine");
  auto cloned = dynamo_items::clone_snapshot(*source, "nothing", *target);
  REQUIRE_FALSE(cloned.ok());
  CHECK(cloned.error().type() == "SnapshotNotFoundException");
  CHECK(cloned.error().message() == "Snapshot not found: nothing");
  CHECK(tables(*target) == std::vector<std::string>{"mine"});
}

TEST_CASE("cloning into the source itself is a restore", "[snapshots][clone]") {
  auto engine = open_memory();
  create_table(*engine, "tbl");
  put(*engine, "tbl", "a");
  REQUIRE(engine->save_snapshot("s").ok());
  put(*engine, "tbl", "b");
  REQUIRE(dynamo_items::clone_snapshot(*engine, "s", *engine).ok());
  CHECK(scan_count(*engine, "tbl") == 1);
  CHECK(index_count(*engine, "tbl") == 1);
}

TEST_CASE("a snapshot replaced while it is cloned is cloned whole, as one version", "[snapshots][clone]") {
  auto source = open_memory();
  create_table(*source, "tbl");
  for (int i = 0; i < 300; ++i) put(*source, "tbl", "a" + std::to_string(i));
  REQUIRE(source->save_snapshot("moving").ok());
  // While clones run, items go one by one and the snapshot is saved again
  // and again: each version holds a different number of items.
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop && i < 300; ++i) {
      run(*source, "DeleteItem", R"({"TableName":"tbl","Key":{"pk":{"S":"a)" + std::to_string(i) + R"("}}})");
      REQUIRE(source->save_snapshot("moving").ok());
    }
  });
  int clones = 0;
  for (int round = 0; round < 30; ++round) {
    auto target = open_memory();
    auto cloned = dynamo_items::clone_snapshot(*source, "moving", *target);
    if (!cloned.ok()) {
      // Only when the snapshot changed at every look.
      CHECK(cloned.error().type() == "ResourceInUseException");
      continue;
    }
    ++clones;
    // What was copied is what the version it chose says it holds.
    CHECK(scan_count(*target, "tbl") == cloned.value().item_count);
    CHECK(index_count(*target, "tbl") == cloned.value().item_count);
  }
  stop = true;
  writer.join();
  CHECK(clones > 0);
}
