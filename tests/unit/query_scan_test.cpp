// Query and Scan through Engine::execute, in memory: reads touch only the key
// range they return (ScannedCount), paging with every Limit in both
// directions, resuming after the named item was deleted, the 1 MB page limit,
// filters, and parallel scan segments that together hold every item once.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
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
  rapidjson::Document d;
  d.Parse(json.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

rapidjson::Document run(Engine& e, const char* op, const std::string& json) {
  auto res = e.execute(op, parse(json));
  if (!res.ok())
    FAIL(std::string(op) + " " + json + " -> " + res.error().type() + ": " + res.error().message());
  return std::move(res.value());
}

std::string run_error(Engine& e, const char* op, const std::string& json) {
  auto res = e.execute(op, parse(json));
  REQUIRE_FALSE(res.ok());
  CHECK(res.error().type() == "ValidationException");
  return res.error().message();
}

std::string json_of(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

void create_table(Engine& e, const std::string& name, bool with_sort_key = true) {
  std::string req =
      R"({"TableName":")" + name +
      R"(","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"})";
  if (with_sort_key) req += R"(,{"AttributeName":"sk","KeyType":"RANGE"})";
  req += R"(],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"})";
  if (with_sort_key) req += R"(,{"AttributeName":"sk","AttributeType":"N"})";
  req += "]}";
  run(e, "CreateTable", req);
}

void put(Engine& e, const std::string& table, const std::string& pk, int sk, const std::string& extra = "") {
  run(e, "PutItem",
      R"({"TableName":")" + table + R"(","Item":{"pk":{"S":")" + pk + R"("},"sk":{"N":")" +
          std::to_string(sk) + "\"}" + extra + "}}");
}

// All pages of a request; `base` is the request without its closing brace.
std::vector<rapidjson::Document> pages(Engine& e, const char* op, const std::string& base) {
  std::vector<rapidjson::Document> out;
  std::string start;
  for (int guard = 0; guard < 100000; ++guard) {
    auto page = run(e, op, base + (start.empty() ? "" : R"(,"ExclusiveStartKey":)" + start) + "}");
    const bool more = page.HasMember("LastEvaluatedKey");
    if (more) start = json_of(page["LastEvaluatedKey"]);
    out.push_back(std::move(page));
    if (!more) return out;
  }
  FAIL("paging does not end");
  return out;
}

std::vector<int> sort_keys(const std::vector<rapidjson::Document>& ps) {
  std::vector<int> out;
  for (const auto& p : ps) {
    for (const auto& it : p["Items"].GetArray()) out.push_back(std::stoi(it["sk"]["N"].GetString()));
  }
  return out;
}

}  // namespace

TEST_CASE("Query reads only the key range it returns", "[query][scale]") {
  auto e = open_memory();
  create_table(*e, "tbl");
  for (int i = 0; i < 5000; ++i) put(*e, "tbl", "big", i);
  for (int i = 0; i < 50; ++i) put(*e, "tbl", "other", i);
  auto range = run(*e, "Query",
                   R"({"TableName":"tbl","KeyConditionExpression":"pk = :p AND sk BETWEEN :a AND :b",)"
                   R"("ExpressionAttributeValues":{":p":{"S":"big"},":a":{"N":"2500"},":b":{"N":"2509"}}})");
  CHECK(range["Count"].GetInt() == 10);
  CHECK(range["ScannedCount"].GetInt() == 10);
  auto tail =
      run(*e, "Query",
          R"({"TableName":"tbl","KeyConditionExpression":"pk = :p AND sk > :a","Limit":10,)"
          R"("ScanIndexForward":false,"ExpressionAttributeValues":{":p":{"S":"big"},":a":{"N":"0"}}})");
  CHECK(tail["ScannedCount"].GetInt() == 10);
  CHECK(std::string(tail["Items"][0]["sk"]["N"].GetString()) == "4999");
  auto other = run(*e, "Query",
                   R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","Select":"COUNT",)"
                   R"("ExpressionAttributeValues":{":p":{"S":"other"}}})");
  CHECK(other["Count"].GetInt() == 50);
  CHECK(other["ScannedCount"].GetInt() == 50);
}

TEST_CASE("Query paging: every Limit, both directions, items exactly once", "[query][paging]") {
  auto e = open_memory();
  create_table(*e, "tbl");
  const int n = 40;
  for (int i = 0; i < n; ++i) put(*e, "tbl", "p", i * 5 - 100);
  put(*e, "tbl", "p0", 0);
  put(*e, "tbl", "pp", 0);
  std::vector<int> forward;
  for (int i = 0; i < n; ++i) forward.push_back(i * 5 - 100);
  std::vector<int> backward(forward.rbegin(), forward.rend());
  for (int limit = 1; limit <= n + 2; ++limit) {
    for (const bool fwd : {true, false}) {
      INFO("Limit " << limit << (fwd ? " forward" : " backward"));
      const std::string base = R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","Limit":)" +
                               std::to_string(limit) + R"(,"ScanIndexForward":)" + (fwd ? "true" : "false") +
                               R"(,"ExpressionAttributeValues":{":p":{"S":"p"}})";
      auto ps = pages(*e, "Query", base);
      CHECK(sort_keys(ps) == (fwd ? forward : backward));
      CHECK(ps.size() == static_cast<std::size_t>(limit <= n ? n / limit + 1 : 1));
      for (std::size_t i = 0; i + 1 < ps.size(); ++i) {
        CHECK(ps[i]["ScannedCount"].GetInt() == limit);
        CHECK(json_of(ps[i]["LastEvaluatedKey"]["sk"]) == json_of(ps[i]["Items"][limit - 1]["sk"]));
      }
    }
  }
}

TEST_CASE("Query and Scan resume after the item the start key names was deleted", "[query][scan][paging]") {
  auto e = open_memory();
  create_table(*e, "tbl");
  for (int i = 0; i < 20; ++i) put(*e, "tbl", "p", i);
  auto first = run(*e, "Query",
                   R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","Limit":5,)"
                   R"("ExpressionAttributeValues":{":p":{"S":"p"}}})");
  REQUIRE(first.HasMember("LastEvaluatedKey"));
  const std::string start = json_of(first["LastEvaluatedKey"]);
  run(*e, "DeleteItem", R"({"TableName":"tbl","Key":)" + start + "}");
  run(*e, "DeleteItem", R"({"TableName":"tbl","Key":{"pk":{"S":"p"},"sk":{"N":"5"}}})");
  auto rest = run(*e, "Query",
                  R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","ExclusiveStartKey":)" + start +
                      R"(,"ExpressionAttributeValues":{":p":{"S":"p"}}})");
  CHECK(rest["Count"].GetInt() == 14);
  CHECK(std::string(rest["Items"][0]["sk"]["N"].GetString()) == "6");
  auto back = run(*e, "Query",
                  R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","ScanIndexForward":false,)"
                  R"("ExclusiveStartKey":)" +
                      start + R"(,"ExpressionAttributeValues":{":p":{"S":"p"}}})");
  CHECK(back["Count"].GetInt() == 4);
  CHECK(std::string(back["Items"][0]["sk"]["N"].GetString()) == "3");

  auto scan_first = run(*e, "Scan", R"({"TableName":"tbl","Limit":3})");
  const std::string scan_start = json_of(scan_first["LastEvaluatedKey"]);
  run(*e, "DeleteItem", R"({"TableName":"tbl","Key":)" + scan_start + "}");
  auto scan_rest = run(*e, "Scan", R"({"TableName":"tbl","ExclusiveStartKey":)" + scan_start + "}");
  CHECK(scan_rest["Count"].GetInt() == 15);  // 18 items, 3 read by the first page
}

TEST_CASE("The 1 MB page limit counts the data read, before filter and projection", "[query][scan][paging]") {
  auto e = open_memory();
  create_table(*e, "tbl");
  const std::string payload(100 * 1024, 'x');
  for (int i = 0; i < 25; ++i) put(*e, "tbl", "p", i, R"(,"payload":{"S":")" + payload + "\"}");
  for (const std::string& extra : {std::string(""), std::string(R"(,"Select":"COUNT")"),
                                   std::string(R"x(,"FilterExpression":"attribute_not_exists(payload)")x"),
                                   std::string(R"(,"ProjectionExpression":"sk")")}) {
    INFO(extra);
    auto ps = pages(
        *e, "Query",
        R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}})" +
            extra);
    REQUIRE(ps.size() == 3);
    // Each item is about 100 KB: the item that reaches 1 MB ends the page.
    CHECK(ps[0]["ScannedCount"].GetInt() == 11);
    CHECK(ps[1]["ScannedCount"].GetInt() == 11);
    CHECK(ps[2]["ScannedCount"].GetInt() == 3);
    CHECK_FALSE(ps[2].HasMember("LastEvaluatedKey"));
  }
  auto scan = pages(*e, "Scan", R"({"TableName":"tbl")");
  REQUIRE(scan.size() == 3);
  CHECK(scan[0]["ScannedCount"].GetInt() == 11);
}

TEST_CASE("A page that reaches 1 MB at the last item still names it", "[query][scan][paging]") {
  // DynamoDB returns LastEvaluatedKey whenever the 1 MB limit ends a page,
  // also when nothing follows (the next page is then empty).
  auto e = open_memory();
  create_table(*e, "tbl");
  const std::string payload(105 * 1024, 'x');  // 10 items: 1,075,xxx bytes; 9 items: under 1 MB
  for (int i = 0; i < 10; ++i) put(*e, "tbl", "p", i, R"(,"payload":{"S":")" + payload + "\"}");
  auto ps = pages(
      *e, "Query",
      R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}})");
  REQUIRE(ps.size() == 2);
  CHECK(ps[0]["ScannedCount"].GetInt() == 10);
  CHECK(std::string(ps[0]["LastEvaluatedKey"]["sk"]["N"].GetString()) == "9");
  CHECK(ps[1]["ScannedCount"].GetInt() == 0);
  CHECK_FALSE(ps[1].HasMember("LastEvaluatedKey"));
  auto scan = pages(*e, "Scan", R"({"TableName":"tbl")");
  REQUIRE(scan.size() == 2);
  CHECK(scan[0]["ScannedCount"].GetInt() == 10);
}

TEST_CASE("Filters count after the read; Limit counts before", "[query][filter]") {
  auto e = open_memory();
  create_table(*e, "tbl");
  for (int i = 0; i < 30; ++i)
    put(*e, "tbl", "p", i, R"(,"odd":{"BOOL":)" + std::string(i % 2 ? "true" : "false") + "}");
  auto page = run(*e, "Query",
                  R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","FilterExpression":"odd = :t",)"
                  R"("Limit":7,"ExpressionAttributeValues":{":p":{"S":"p"},":t":{"BOOL":true}}})");
  CHECK(page["Count"].GetInt() == 3);
  CHECK(page["ScannedCount"].GetInt() == 7);
  CHECK(std::string(page["LastEvaluatedKey"]["sk"]["N"].GetString()) == "6");
  auto none =
      run(*e, "Scan", R"x({"TableName":"tbl","FilterExpression":"attribute_exists(nope)","Limit":4})x");
  CHECK(none["Count"].GetInt() == 0);
  CHECK(none["ScannedCount"].GetInt() == 4);
  CHECK(none.HasMember("LastEvaluatedKey"));
}

TEST_CASE("Parallel scan: every TotalSegments from 1 to 16, paged, covers every item once",
          "[scan][segments]") {
  auto e = open_memory();
  create_table(*e, "tbl");
  std::multiset<std::string> all;
  for (int p = 0; p < 120; ++p) {
    for (int k = 0; k <= p % 4; ++k) {
      put(*e, "tbl", "dev" + std::to_string(p), k);
      all.insert("dev" + std::to_string(p) + "/" + std::to_string(k));
    }
  }
  for (int total = 1; total <= 16; ++total) {
    INFO("TotalSegments " << total);
    std::multiset<std::string> seen;
    std::map<std::string, int> segment_of_partition;
    for (int seg = 0; seg < total; ++seg) {
      auto ps = pages(*e, "Scan",
                      R"({"TableName":"tbl","Limit":13,"Segment":)" + std::to_string(seg) +
                          R"(,"TotalSegments":)" + std::to_string(total));
      for (const auto& p : ps) {
        for (const auto& it : p["Items"].GetArray()) {
          const std::string pk = it["pk"]["S"].GetString();
          seen.insert(pk + "/" + it["sk"]["N"].GetString());
          CHECK(segment_of_partition.emplace(pk, seg).first->second == seg);
        }
      }
    }
    CHECK(seen == all);
  }
  // An ExclusiveStartKey must belong to the segment it is used with.
  auto seg0 = run(*e, "Scan", R"({"TableName":"tbl","Segment":0,"TotalSegments":2,"Limit":1})");
  REQUIRE(seg0.HasMember("LastEvaluatedKey"));
  CHECK(run_error(*e, "Scan",
                  R"({"TableName":"tbl","Segment":1,"TotalSegments":2,"ExclusiveStartKey":)" +
                      json_of(seg0["LastEvaluatedKey"]) + "}") ==
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with "
        "correct "
        "Segment. TotalSegments: 2 Segment: 1");
}
