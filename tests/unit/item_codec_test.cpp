#include "storage/item_codec.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "dynamo_items/error.h"

using namespace dynamo_items;

namespace {

// One item with all ten types, nested in maps and lists.
Item sample_item() {
  Item inner;
  inner["s"] = AttributeValue::string("inner");
  inner["ns"] = AttributeValue::number_set({"1", "-2.5", "1000"});
  inner["deeper"] = AttributeValue::list({AttributeValue::map({{"x", AttributeValue::null()}})});

  Item item;
  item["pk"] = AttributeValue::string("user#1");
  item["sk"] = AttributeValue::number("42");
  item["empty_s"] = AttributeValue::string("");
  item["utf8"] = AttributeValue::string("h\xC3\xA9llo \xF0\x9F\x98\x80");
  item["n"] = AttributeValue::number("-0.000123");
  item["b"] = AttributeValue::binary(std::string("\x00\x01\xFF\x80", 4));
  item["empty_b"] = AttributeValue::binary("");
  item["t"] = AttributeValue::boolean(true);
  item["f"] = AttributeValue::boolean(false);
  item["nul"] = AttributeValue::null();
  item["m"] = AttributeValue::map(inner);
  item["empty_m"] = AttributeValue::map({});
  item["l"] = AttributeValue::list({AttributeValue::string("a"), AttributeValue::number("1"),
                                    AttributeValue::list({}), AttributeValue::boolean(true),
                                    AttributeValue::binary_set({"x", std::string("\x00", 1)})});
  item["ss"] = AttributeValue::string_set({"b", "a", "c"});
  item["bs"] = AttributeValue::binary_set({std::string("\x00\x00", 2), "z"});
  item[std::string("name\x00with zero", 14)] =
      AttributeValue::string(std::string(300, 'x'));  // 2-byte varint
  return item;
}

}  // namespace

TEST_CASE("item codec: round trip of all ten types, nested", "[item_codec]") {
  const Item item = sample_item();
  const std::string bytes = storage::encode_item(item);
  const Item back = storage::decode_item(bytes);
  CHECK(back == item);
  // Set member order is preserved (not only set equality).
  CHECK(back.at("ss").set() == std::vector<std::string>{"b", "a", "c"});
  CHECK(back.at("l").list().size() == 5);
  // Appending to an existing buffer writes the same bytes after it.
  std::string out = "prefix";
  storage::encode_item(item, out);
  CHECK(out == "prefix" + bytes);
}

TEST_CASE("item codec: empty item and exact bytes", "[item_codec]") {
  CHECK(storage::encode_item(Item{}) == std::string("\x00", 1));
  CHECK(storage::decode_item(std::string("\x00", 1)).empty());
  Item item;
  item["a"] = AttributeValue::boolean(true);
  item["b"] = AttributeValue::number("12");
  // count 2 | len 1 "a" tag 3 0x01 | len 1 "b" tag 1 len 2 "12"
  CHECK(storage::encode_item(item) == std::string("\x02\x01"
                                                  "a\x03\x01\x01"
                                                  "b\x01\x02"
                                                  "12",
                                                  11));
}

TEST_CASE("item codec: long values use multi-byte varints", "[item_codec]") {
  Item item;
  item["big"] = AttributeValue::binary(std::string(200000, '\xAB'));
  AttributeList many;
  for (int i = 0; i < 1000; ++i) many.push_back(AttributeValue::number(std::to_string(i)));
  item["many"] = AttributeValue::list(std::move(many));
  CHECK(storage::decode_item(storage::encode_item(item)) == item);
}

TEST_CASE("item codec: truncated or corrupt bytes are internal errors, never crashes", "[item_codec]") {
  const std::string bytes = storage::encode_item(sample_item());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    CHECK_THROWS_AS(storage::decode_item(std::string_view(bytes).substr(0, n)), Error);
  }
  CHECK_THROWS_AS(storage::decode_item(bytes + "x"), Error);
  // Random corruption must either decode or throw Error.
  std::mt19937 rng(5);
  for (int k = 0; k < 2000; ++k) {
    std::string corrupt = bytes;
    corrupt[rng() % corrupt.size()] = static_cast<char>(rng());
    try {
      storage::decode_item(corrupt);
    } catch (const Error&) {
    }
  }
  // A huge count with no data behind it.
  CHECK_THROWS_AS(storage::decode_item(std::string("\xFF\xFF\xFF\xFF\x0F", 5)), Error);
  // Unknown tag.
  CHECK_THROWS_AS(storage::decode_item(std::string("\x01\x01"
                                                   "a\x0A",
                                                   4)),
                  Error);
}
