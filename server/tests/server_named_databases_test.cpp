// Databases' named databases (databases.h): clones of the caller's snapshot
// kept per owner, found by name, and dropped at once by delete_database while
// requests that still hold one keep working in it; the engines handed to the
// closing thread are closed by the time the Databases are gone.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dynamo_items/engine.h"
#include "dynamo_items/error.h"
#include "dynamo_items/server/databases.h"

using namespace dynamo_items;
using namespace dynamo_items::server;

namespace {

rapidjson::Document run(Engine& e, const char* op, const std::string& json) {
  rapidjson::Document req;
  req.Parse(json.c_str());
  REQUIRE(!req.HasParseError());
  auto res = e.execute(op, req);
  if (!res.ok()) FAIL(res.error().type() + ": " + res.error().message());
  return std::move(res.value());
}

void seed(Engine& e, int items) {
  run(e, "CreateTable",
      R"({"TableName":"seeded","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
      R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"})");
  for (int i = 0; i < items; ++i) {
    run(e, "PutItem", R"({"TableName":"seeded","Item":{"pk":{"S":"k)" + std::to_string(i) + R"("}}})");
  }
  REQUIRE(e.save_snapshot("seed").ok());
}

int count(Engine& e) { return run(e, "Scan", R"({"TableName":"seeded","Select":"COUNT"})")["Count"].GetInt(); }

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.type() + ": " + e.message();
  }
  return "no error";
}

}  // namespace

TEST_CASE("named databases are clones of a snapshot, per owner", "[server][databases]") {
  auto databases = per_key_databases("");
  Engine& alice = databases->database("AKIDALICE", "us-east-1");
  seed(alice, 30);
  DatabaseDescription made = databases->create_database("AKIDALICE", "us-east-1", "t1", alice, "seed");
  CHECK(made.tables == std::vector<std::string>{"seeded"});
  CHECK(made.item_count == 30);
  std::shared_ptr<Engine> t1 = databases->named_database("AKIDALICE", "us-east-1", "t1");
  CHECK(count(*t1) == 30);
  run(*t1, "PutItem", R"({"TableName":"seeded","Item":{"pk":{"S":"only-in-t1"}}})");
  CHECK(count(*t1) == 31);
  CHECK(count(alice) == 30);
  // Another key, or another region, has none of that name.
  CHECK(error_of([&] { databases->named_database("AKIDBOB", "us-east-1", "t1"); }) ==
        "DatabaseNotFoundException: Database not found: t1");
  CHECK(error_of([&] { databases->named_database("AKIDALICE", "eu-west-1", "t1"); }) ==
        "DatabaseNotFoundException: Database not found: t1");
  CHECK(databases->list_databases("AKIDBOB", "us-east-1").empty());
  // A name that no database can have is the caller's mistake, not a miss.
  CHECK(error_of([&] { databases->named_database("AKIDALICE", "us-east-1", "t1/x"); }) ==
        "ValidationException: 1 validation error detected: Value 't1/x' at 'X-Dynamo-Items-Database' failed to "
        "satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  CHECK(error_of([&] { databases->create_database("AKIDALICE", "us-east-1", "t1", alice, "seed"); }) ==
        "ResourceInUseException: Database already exists: t1");
  CHECK(error_of([&] { databases->create_database("AKIDALICE", "us-east-1", "t2", alice, "nope"); }) ==
        "SnapshotNotFoundException: Snapshot not found: nope");
  REQUIRE(databases->list_databases("AKIDALICE", "us-east-1").size() == 1);
}

TEST_CASE("a deleted database keeps serving the requests that hold it", "[server][databases]") {
  auto opened = Engine::open({});
  REQUIRE(opened.ok());
  std::unique_ptr<Engine> source = std::move(opened.value());
  seed(*source, 10);
  std::shared_ptr<Engine> held;
  {
    auto databases = shared_database(*source);
    databases->create_database("k", "r", "t1", *source, "seed");
    held = databases->named_database("k", "r", "t1");
    CHECK(databases->delete_database("k", "r", "t1").name == "t1");
    CHECK(error_of([&] { databases->named_database("k", "r", "t1"); }) ==
          "DatabaseNotFoundException: Database not found: t1");
    CHECK(error_of([&] { databases->delete_database("k", "r", "t1"); }) ==
          "DatabaseNotFoundException: Database not found: t1");
    // The request that holds it still reads and writes there.
    run(*held, "PutItem", R"({"TableName":"seeded","Item":{"pk":{"S":"late"}}})");
    CHECK(count(*held) == 11);
    // The name is free again: a new clone, from the snapshot.
    databases->create_database("k", "r", "t1", *source, "seed");
    CHECK(count(*databases->named_database("k", "r", "t1")) == 10);
    // Many deletions queue engines for the closing thread; the Databases'
    // destructor joins it with all of them closed.
    for (int i = 0; i < 20; ++i) {
      const std::string name = "many" + std::to_string(i);
      databases->create_database("k", "r", name, *source, "seed");
      databases->delete_database("k", "r", name);
    }
    CHECK(databases->list_databases("k", "r").size() == 1);
  }
  // Still usable after the Databases are gone, until its last holder lets go.
  CHECK(count(*held) == 11);
  CHECK(held.use_count() == 1);
  held.reset();
  CHECK(count(*source) == 10);
}
