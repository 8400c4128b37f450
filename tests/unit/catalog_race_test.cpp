// Table-level changes raced against each other and against item writes:
// every catalog change is a read-modify-write under the catalog's lock, so
// none undoes another, a change racing DeleteTable cannot bring the table
// back, and a GSI created while writers run ends exactly equal to the table.
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dynamo_items/engine.h"

using dynamo_items::Engine;

namespace {

std::unique_ptr<Engine> open_memory() {
  auto e = Engine::open({});
  REQUIRE(e.ok());
  return std::move(e.value());
}

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document req;
  req.Parse(json.c_str());
  return req;
}

// Catch2's assertion macros are not thread-safe: worker threads report
// through these instead.
struct Outcome {
  std::atomic<int> failures{0};
  std::string first;  // written by the first failure only
  std::atomic<bool> taken{false};
  void fail(const std::string& what) {
    if (!taken.exchange(true)) first = what;
    ++failures;
  }
};

dynamo_items::Result<rapidjson::Document> call(Engine& e, const char* op, const std::string& json) {
  return e.execute(op, parse(json));
}

rapidjson::Document must(Engine& e, const char* op, const std::string& json) {
  auto res = call(e, op, json);
  if (!res.ok()) FAIL(std::string(op) + ": " + res.error().type() + ": " + res.error().message());
  return std::move(res.value());
}

void create_table(Engine& e, const std::string& name) {
  must(e, "CreateTable",
       R"({"TableName":")" + name +
           R"(","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
           R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"BillingMode":"PAY_PER_REQUEST"})");
}

std::string table_arn(Engine& e, const std::string& name) {
  return must(e, "DescribeTable", R"({"TableName":")" + name + R"("})")["Table"]["TableArn"].GetString();
}

// name=value pairs in name order, for comparing items.
std::string canonical(const rapidjson::Value& item) {
  std::map<std::string, std::string> attrs;
  for (const auto& m : item.GetObject()) attrs[m.name.GetString()] = m.value.MemberBegin()->value.GetString();
  std::string out;
  for (const auto& [name, value] : attrs) out += name + "=" + value + ";";
  return out;
}

}  // namespace

TEST_CASE("catalog: concurrent TagResource, UntagResource and UpdateTimeToLive keep every change",
          "[catalog][concurrency]") {
  auto e = open_memory();
  create_table(*e, "tagged");
  const std::string arn = table_arn(*e, "tagged");
  Outcome out;
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) {
        const std::string key = "k" + std::to_string(t) + "_" + std::to_string(i);
        auto r = call(*e, "TagResource",
                      R"({"ResourceArn":")" + arn + R"(","Tags":[{"Key":")" + key + R"(","Value":"v"}]})");
        if (!r.ok()) out.fail("TagResource: " + r.error().message());
        // A tag added then removed by the same thread: another thread's
        // stale copy must not bring it back.
        r = call(*e, "TagResource",
                 R"({"ResourceArn":")" + arn + R"(","Tags":[{"Key":"gone)" + key + R"(","Value":"v"}]})");
        if (!r.ok()) out.fail("TagResource: " + r.error().message());
        r = call(*e, "UntagResource", R"({"ResourceArn":")" + arn + R"(","TagKeys":["gone)" + key + R"("]})");
        if (!r.ok()) out.fail("UntagResource: " + r.error().message());
      }
    });
  }
  threads.emplace_back([&] {
    auto r = call(*e, "UpdateTimeToLive",
                  R"({"TableName":"tagged","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"expires"}})");
    if (!r.ok()) out.fail("UpdateTimeToLive: " + r.error().message());
    r = call(*e, "UpdateContributorInsights", R"({"TableName":"tagged","ContributorInsightsAction":"ENABLE"})");
    if (!r.ok()) out.fail("UpdateContributorInsights: " + r.error().message());
  });
  for (auto& th : threads) th.join();
  INFO(out.first);
  REQUIRE(out.failures == 0);

  auto tags = must(*e, "ListTagsOfResource", R"({"ResourceArn":")" + arn + R"("})");
  std::set<std::string> keys;
  for (const auto& tag : tags["Tags"].GetArray()) keys.insert(tag["Key"].GetString());
  std::set<std::string> expected;
  for (int t = 0; t < 3; ++t) {
    for (int i = 0; i < 15; ++i) expected.insert("k" + std::to_string(t) + "_" + std::to_string(i));
  }
  CHECK(keys == expected);
  auto ttl = must(*e, "DescribeTimeToLive", R"({"TableName":"tagged"})");
  CHECK(std::string(ttl["TimeToLiveDescription"]["TimeToLiveStatus"].GetString()) == "ENABLED");
  auto insights = must(*e, "DescribeContributorInsights", R"({"TableName":"tagged"})");
  CHECK(std::string(insights["ContributorInsightsStatus"].GetString()) == "ENABLED");
}

TEST_CASE("catalog: a change racing DeleteTable never brings the table back", "[catalog][concurrency]") {
  auto e = open_memory();
  for (int round = 0; round < 20; ++round) {
    create_table(*e, "doomed");
    const std::string arn = table_arn(*e, "doomed");
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    threads.emplace_back([&] {
      while (!go) std::this_thread::yield();
      call(*e, "DeleteTable", R"({"TableName":"doomed"})");
    });
    threads.emplace_back([&] {
      while (!go) std::this_thread::yield();
      for (int i = 0; i < 5; ++i) {
        call(*e, "TagResource", R"({"ResourceArn":")" + arn + R"(","Tags":[{"Key":"a","Value":"b"}]})");
      }
    });
    threads.emplace_back([&] {
      while (!go) std::this_thread::yield();
      call(*e, "UpdateTimeToLive",
           R"({"TableName":"doomed","TimeToLiveSpecification":{"Enabled":true,"AttributeName":"x"}})");
      call(*e, "UpdateTable", R"({"TableName":"doomed","BillingMode":"PROVISIONED",)"
                              R"("ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}})");
      call(*e, "PutItem", R"({"TableName":"doomed","Item":{"pk":{"S":"x"}}})");
    });
    go = true;
    for (auto& th : threads) th.join();
    auto described = call(*e, "DescribeTable", R"({"TableName":"doomed"})");
    REQUIRE_FALSE(described.ok());
    CHECK(described.error().type() == "ResourceNotFoundException");
    CHECK(must(*e, "ListTables", "{}")["TableNames"].Empty());
  }
}

TEST_CASE("catalog: indexes created concurrently while items change match the table exactly",
          "[catalog][concurrency][indexes]") {
  auto e = open_memory();
  create_table(*e, "live");
  constexpr int kItems = 150;
  constexpr int kIndexes = 4;
  auto put = [&](int k, int version) {
    std::string item = R"({"pk":{"S":"p)" + std::to_string(k) + "\"}";
    for (int g = 0; g < kIndexes; ++g) {
      // Some items lack some index keys (sparse indexes), and it changes.
      if ((k + version + g) % 3 == 0) continue;
      item += R"(,"g)" + std::to_string(g) + R"(":{"S":"v)" + std::to_string(version) + "\"}";
    }
    item += "}";
    return call(*e, "PutItem", R"({"TableName":"live","Item":)" + item + "}");
  };
  for (int k = 0; k < kItems; ++k) REQUIRE(put(k, 0).ok());

  Outcome out;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      for (int version = 1; !stop; ++version) {
        for (int k = w; k < kItems; k += 2) {
          auto r = put(k, version);
          if (!r.ok()) out.fail("PutItem: " + r.error().message());
        }
      }
    });
  }
  // Two UpdateTables at once, each creating two indexes: each must get index
  // spaces of its own.
  std::vector<std::thread> creators;
  for (int c = 0; c < 2; ++c) {
    creators.emplace_back([&, c] {
      for (int n = 0; n < 2; ++n) {
        const std::string g = "g" + std::to_string(c * 2 + n);
        auto r = call(*e, "UpdateTable",
                      R"({"TableName":"live","AttributeDefinitions":[{"AttributeName":")" + g +
                          R"(","AttributeType":"S"}],"GlobalSecondaryIndexUpdates":[{"Create":{"IndexName":"ix_)" + g +
                          R"(","KeySchema":[{"AttributeName":")" + g +
                          R"(","KeyType":"HASH"}],"Projection":{"ProjectionType":"ALL"}}}]})");
        if (!r.ok()) out.fail("UpdateTable: " + r.error().message());
      }
    });
  }
  for (auto& th : creators) th.join();
  // Let the writers run against the finished indexes too.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop = true;
  for (auto& th : writers) th.join();
  INFO(out.first);
  REQUIRE(out.failures == 0);

  auto table = must(*e, "Scan", R"({"TableName":"live"})");
  REQUIRE(table["Items"].Size() == static_cast<rapidjson::SizeType>(kItems));
  auto described = must(*e, "DescribeTable", R"({"TableName":"live"})");
  REQUIRE(described["Table"]["GlobalSecondaryIndexes"].Size() == static_cast<rapidjson::SizeType>(kIndexes));
  for (int g = 0; g < kIndexes; ++g) {
    const std::string attr = "g" + std::to_string(g);
    // With an ALL projection an entry is the whole item: any stale entry
    // differs from the item in some attribute.
    std::map<std::string, std::string> want, got;
    for (const auto& item : table["Items"].GetArray()) {
      if (item.HasMember(attr.c_str())) want[item["pk"]["S"].GetString()] = canonical(item);
    }
    auto index = must(*e, "Scan", R"({"TableName":"live","IndexName":"ix_)" + attr + R"("})");
    for (const auto& item : index["Items"].GetArray()) {
      const std::string pk = item["pk"]["S"].GetString();
      CHECK(got.count(pk) == 0);  // one entry per item
      got[pk] = canonical(item);
    }
    INFO("index " << attr);
    CHECK(got == want);
  }
}
