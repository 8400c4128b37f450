// TransactWriteItems / TransactGetItems: all or nothing, reasons per action,
// one operation per item, and atomicity under concurrent transfers.
#include <catch2/catch.hpp>

#include <thread>

#include "dynamo_items/engine.h"

namespace {

struct Tx {
  std::unique_ptr<dynamo_items::Engine> engine;
  Tx() {
    auto e = dynamo_items::Engine::open({});
    REQUIRE(e.ok());
    engine = std::move(e.value());
    ok("CreateTable", R"({"TableName":"acct","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
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
  long balance(const std::string& id) {
    auto r = ok("GetItem", R"({"TableName":"acct","Key":{"id":{"S":")" + id + R"("}}})");
    return r.HasMember("Item") ? std::stol(r["Item"]["n"]["N"].GetString()) : -1;
  }
};

std::string transfer(const std::string& from, const std::string& to, int amount) {
  const std::string a = std::to_string(amount);
  return R"({"TransactItems":[
      {"Update":{"TableName":"acct","Key":{"id":{"S":")" + from + R"("}},"UpdateExpression":"SET n = n - :a",
                 "ConditionExpression":"n >= :a","ExpressionAttributeValues":{":a":{"N":")" + a + R"("}}}},
      {"Update":{"TableName":"acct","Key":{"id":{"S":")" + to + R"("}},"UpdateExpression":"SET n = n + :a",
                 "ExpressionAttributeValues":{":a":{"N":")" + a + R"("}}}}]})";
}

}  // namespace

TEST_CASE("a failed condition cancels every action and names the reason", "[transactions]") {
  Tx t;
  t.ok("PutItem", R"({"TableName":"acct","Item":{"id":{"S":"a"},"n":{"N":"10"}}})");
  t.ok("PutItem", R"({"TableName":"acct","Item":{"id":{"S":"b"},"n":{"N":"0"}}})");
  t.ok("TransactWriteItems", transfer("a", "b", 7));
  CHECK(t.balance("a") == 3);
  CHECK(t.balance("b") == 7);
  auto r = t.run("TransactWriteItems", transfer("a", "b", 5));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().type() == "TransactionCanceledException");
  CHECK(r.error().message() ==
        "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]");
  REQUIRE(r.error().cancellation_reasons.size() == 2);
  CHECK(r.error().cancellation_reasons[0].code == "ConditionalCheckFailed");
  CHECK(t.balance("a") == 3);
  CHECK(t.balance("b") == 7);
}

TEST_CASE("one item may appear only once in a transaction", "[transactions]") {
  Tx t;
  auto r = t.run("TransactWriteItems", transfer("a", "a", 1));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message() == "Transaction request cannot include multiple operations on one item");
}

TEST_CASE("concurrent transfers keep the total and never overdraw", "[transactions]") {
  Tx t;
  for (const char* id : {"x", "y", "z"}) {
    t.ok("PutItem", std::string(R"({"TableName":"acct","Item":{"id":{"S":")") + id + R"("},"n":{"N":"100"}}})");
  }
  std::vector<std::thread> threads;
  const char* ids[] = {"x", "y", "z"};
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 200; ++i) {
        rapidjson::Document req;
        req.Parse(transfer(ids[(w + i) % 3], ids[(w + i + 1) % 3], 1 + i % 7).c_str());
        (void)t.engine->execute("TransactWriteItems", req);
      }
    });
  }
  for (auto& th : threads) th.join();
  const long x = t.balance("x"), y = t.balance("y"), z = t.balance("z");
  CHECK(x + y + z == 300);
  CHECK(x >= 0);
  CHECK(y >= 0);
  CHECK(z >= 0);
  auto got = t.ok("TransactGetItems", R"({"TransactItems":[{"Get":{"TableName":"acct","Key":{"id":{"S":"x"}}}},
                                                            {"Get":{"TableName":"acct","Key":{"id":{"S":"nope"}}}}]})");
  REQUIRE(got["Responses"].Size() == 2);
  CHECK(got["Responses"][0].HasMember("Item"));
  CHECK(got["Responses"][1].ObjectEmpty());
}
