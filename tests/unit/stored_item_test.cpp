// Stored items written as JSON text and measured straight from their bytes
// must agree exactly with the decoded path (json::encode_item + RapidJSON's
// Writer, item_size), and Engine::execute_to with execute() + a Writer.
#include "storage/stored_item.h"

#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "dynamo_items/engine.h"
#include "dynamo_items/error.h"
#include "dynamo_items/string_sink.h"
#include "storage/item_codec.h"
#include "value/item_size.h"
#include "value/json_codec.h"

using namespace dynamo_items;

namespace {

std::string written(const rapidjson::Value& v) {
  std::string out;
  {
    StringSink sink{&out};
    rapidjson::Writer<StringSink> writer(sink);
    v.Accept(writer);
  }  // the sink trims the string when it goes
  return out;
}

std::string decoded_json(const Item& item) {
  rapidjson::Document doc;
  return written(json::encode_item(item, doc.GetAllocator()));
}

std::string stored_json(const Item& item) {
  std::string out = "prefix";  // appends, keeps what is there
  storage::append_stored_item_json(storage::encode_item(item), out);
  REQUIRE(out.substr(0, 6) == "prefix");
  return out.substr(6);
}

std::string every_byte() {
  std::string s;
  for (int c = 1; c < 256; ++c) s.push_back(static_cast<char>(c));
  return s;
}

Item tricky_item() {
  Item inner;
  inner["quote\"d"] = AttributeValue::string("back\\slash \"quoted\" /solidus/");
  inner["ns"] = AttributeValue::number_set({"1", "-2.5", "1000", "0.000123", "1E+30"});
  inner["deeper"] = AttributeValue::list({AttributeValue::map({{"x", AttributeValue::null()}})});
  Item item;
  item["pk"] = AttributeValue::string("user#1");
  item["controls"] = AttributeValue::string(std::string("\x00\x01\b\f\n\r\t\x1f\x20\x7f", 10));
  item["bytes"] = AttributeValue::string(every_byte());  // stored strings are bytes; escaping is by byte
  item["utf8"] = AttributeValue::string("h\xC3\xA9llo \xF0\x9F\x98\x80");
  item["n"] = AttributeValue::number("-12345678901234567890123456789012345678");
  item["b"] = AttributeValue::binary(every_byte());
  item["empty_b"] = AttributeValue::binary("");
  item["empty_s"] = AttributeValue::string("");
  item["t"] = AttributeValue::boolean(true);
  item["f"] = AttributeValue::boolean(false);
  item["nul"] = AttributeValue::null();
  item["m"] = AttributeValue::map(inner);
  item["empty_m"] = AttributeValue::map({});
  item["l"] = AttributeValue::list({AttributeValue::string("a"), AttributeValue::number("1"), AttributeValue::list({}),
                                    AttributeValue::binary_set({"x", std::string("\x00", 1)})});
  item["ss"] = AttributeValue::string_set({"b", "a\n", "c\""});
  item["bs"] = AttributeValue::binary_set({std::string("\x00\x00", 2), "z"});
  item[std::string("name\x00with\tcontrols", 18)] = AttributeValue::string(std::string(300, 'x'));
  return item;
}

// Random values of every type, nested up to `depth`.
AttributeValue random_value(std::mt19937& rng, int depth) {
  auto text = [&](std::size_t max_len) {
    std::string s(rng() % (max_len + 1), ' ');
    for (char& c : s) c = static_cast<char>(rng() % 128);  // ASCII, controls included
    return s;
  };
  auto number = [&] { return std::to_string(static_cast<int>(rng() % 200000) - 100000) + (rng() % 2 ? ".25" : ""); };
  const unsigned kind = rng() % (depth > 0 ? 10 : 7);
  switch (kind) {
    case 0: return AttributeValue::string(text(40));
    case 1: return AttributeValue::number(number());
    case 2: return AttributeValue::binary(text(20));
    case 3: return AttributeValue::boolean(rng() % 2 == 0);
    case 4: return AttributeValue::null();
    case 5: return AttributeValue::string_set({"s" + text(5), "t" + text(5)});
    case 6: return AttributeValue::number_set({number(), "7"});
    case 7: {
      AttributeMap m;
      for (unsigned i = rng() % 4; i > 0; --i) m[text(6)] = random_value(rng, depth - 1);
      return AttributeValue::map(std::move(m));
    }
    case 8: {
      AttributeList l;
      for (unsigned i = rng() % 4; i > 0; --i) l.push_back(random_value(rng, depth - 1));
      return AttributeValue::list(std::move(l));
    }
    default: return AttributeValue::binary_set({"b" + text(4), "c" + text(4)});
  }
}

}  // namespace

TEST_CASE("stored item: JSON text and size agree with the decoded path", "[stored_item]") {
  SECTION("every type, every escape") {
    const Item item = tricky_item();
    CHECK(stored_json(item) == decoded_json(item));
    CHECK(storage::stored_item_size(storage::encode_item(item)) == item_size(item));
  }
  SECTION("strings escaped a word at a time: every byte at every offset of long strings") {
    // The escaping loop checks 8 bytes at once; a byte to escape must be
    // found wherever it sits in the word, and the bytes around it kept.
    for (int byte = 0; byte < 256; ++byte) {
      for (std::size_t at = 0; at < 19; ++at) {
        std::string text(19, 'x');
        text[at] = static_cast<char>(byte);
        text[(at + 7) % 19] = '\x7f';  // DEL and high bytes are not escaped
        text[(at + 11) % 19] = '\xc3';
        Item item;
        item["s"] = AttributeValue::string(text);
        INFO("byte " << byte << " at " << at);
        REQUIRE(stored_json(item) == decoded_json(item));
      }
    }
  }
  SECTION("the empty item") {
    CHECK(stored_json(Item{}) == "{}");
    CHECK(storage::stored_item_size(storage::encode_item(Item{})) == 0);
  }
  SECTION("500 random items") {
    std::mt19937 rng(7);
    for (int i = 0; i < 500; ++i) {
      Item item;
      for (unsigned n = 1 + rng() % 6; n > 0; --n) item["a" + std::to_string(rng() % 50)] = random_value(rng, 3);
      INFO("item " << i);
      REQUIRE(stored_json(item) == decoded_json(item));
      REQUIRE(storage::stored_item_size(storage::encode_item(item)) == item_size(item));
      // Valid JSON that decodes back to the same item.
      const std::string text = stored_json(item);
      rapidjson::Document doc;
      doc.Parse(text.c_str(), text.size());
      REQUIRE_FALSE(doc.HasParseError());
      REQUIRE(json::decode_item(doc) == item);
    }
  }
}

TEST_CASE("stored item: malformed bytes are internal errors", "[stored_item]") {
  const std::string good = storage::encode_item(tricky_item());
  std::string out;
  for (std::size_t cut = 0; cut < good.size(); cut += 7) {
    const std::string truncated = good.substr(0, cut);
    out.clear();
    CHECK_THROWS_AS(storage::append_stored_item_json(truncated, out), Error);
    CHECK_THROWS_AS(storage::stored_item_size(truncated), Error);
  }
  CHECK_THROWS_AS(storage::stored_item_size(good + "x"), Error);
  CHECK_THROWS_AS(storage::append_stored_item_json(std::string("\x01\x01\x01\x0A", 4), out), Error);  // tag 10
}

TEST_CASE("Engine::execute_to writes what execute() returns", "[stored_item][engine]") {
  auto opened = Engine::open({});
  REQUIRE(opened);
  Engine& engine = *opened.value();
  auto parse = [](const std::string& json) {
    rapidjson::Document d;
    d.Parse(json.c_str());
    REQUIRE_FALSE(d.HasParseError());
    return d;
  };
  // Runs a read both ways (so only reads: a write would apply twice).
  auto both = [&](const char* op, const std::string& json, bool ok = true) {
    rapidjson::Document req = parse(json);
    auto doc = engine.execute(op, req);
    std::string text = "kept";
    auto res = engine.execute_to(op, req, text);
    INFO(op << " " << json << " -> " << (doc ? std::string("ok") : doc.error().message()));
    REQUIRE(static_cast<bool>(doc) == ok);
    INFO(op << " " << json << " -> " << (res ? std::string("ok") : res.error().message()));
    REQUIRE(static_cast<bool>(res) == ok);
    if (!doc) {
      CHECK(res.error().type() == doc.error().type());
      CHECK(res.error().message() == doc.error().message());
      CHECK(text == "kept");
      return std::string();
    }
    CHECK(res.value() == text.size() - 4);
    CHECK(text.substr(0, 4) == "kept");
    CHECK(text.substr(4) == written(doc.value()));
    return text.substr(4);
  };
  auto run = [&](const char* op, const std::string& json) { REQUIRE(engine.execute(op, parse(json))); };
  run("CreateTable", R"({"TableName":"tbl","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]})");
  for (int i = 0; i < 12; ++i) {
    run("PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"p"},"sk":{"N":")" + std::to_string(i) +
                        R"("},"s":{"S":"line\nbreak \"q\" \\ \u0001"},"b":{"B":"AAEC"},"m":{"M":{"l":{"L":[{"NULL":true},{"SS":["x","y"]}]}}}}})");
  }
  const std::string get = both("GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"p"},"sk":{"N":"3"}},"ReturnConsumedCapacity":"TOTAL"})");
  CHECK(get.find(R"("Item":{"b":{"B":"AAEC"})") != std::string::npos);
  both("GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"p"},"sk":{"N":"99"}}})");
  both("GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"p"},"sk":{"N":"3"}},"ProjectionExpression":"s, m.l[1]"})");
  both("GetItem", R"({"TableName":"missing","Key":{"pk":{"S":"p"}}})", false);
  const std::string query = both("Query", R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}},"Limit":5,"ReturnConsumedCapacity":"TOTAL"})");
  CHECK(query.find(R"("LastEvaluatedKey":{"pk":{"S":"p"},"sk":{"N":"4"}})") != std::string::npos);
  CHECK(query.find(R"("Count":5)") != std::string::npos);
  both("Query", R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}},"ScanIndexForward":false})");
  both("Query", R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","FilterExpression":"size(s) > :n","ExpressionAttributeValues":{":p":{"S":"p"},":n":{"N":"6"}}})");
  both("Query", R"({"TableName":"tbl","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"p"}},"Select":"COUNT"})");
  both("Scan", R"({"TableName":"tbl","Limit":7})");
  both("Scan", R"({"TableName":"tbl","ProjectionExpression":"sk"})");
  both("BatchGetItem", R"({"RequestItems":{"tbl":{"Keys":[{"pk":{"S":"p"},"sk":{"N":"1"}},{"pk":{"S":"p"},"sk":{"N":"2"}}]}}})");
}

TEST_CASE("Engine::execute_to: a page of more items than fragments decodes the rest", "[stored_item][engine]") {
  auto opened = Engine::open({});
  REQUIRE(opened);
  Engine& engine = *opened.value();
  rapidjson::Document create;
  create.Parse(R"({"TableName":"tiny","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"k","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"k","KeyType":"HASH"}]})");
  REQUIRE(engine.execute("CreateTable", create));
  constexpr int kItems = 70000;  // more than RawItemScope::kMaxFragments, under 1 MB
  for (int i = 0; i < kItems; ++i) {
    REQUIRE(engine.put_item("tiny", Item{{"k", AttributeValue::string("k" + std::to_string(i))}}));
  }
  rapidjson::Document scan;
  scan.Parse(R"({"TableName":"tiny"})");
  auto doc = engine.execute("Scan", scan);
  REQUIRE(doc);
  REQUIRE(doc.value()["Count"].GetInt() == kItems);
  std::string text;
  REQUIRE(engine.execute_to("Scan", scan, text));
  CHECK(text == written(doc.value()));
}
