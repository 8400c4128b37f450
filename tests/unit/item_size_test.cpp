// Item sizes by the rules of the developer guide page "DynamoDB item sizes
// and formats".
#include "value/item_size.h"

#include <catch2/catch.hpp>

using namespace dynamo_items;

TEST_CASE("item size: strings are their UTF-8 bytes plus the name", "[item_size]") {
  CHECK(item_size({{"id", AttributeValue::string("abc")}}) == 2 + 3);
  CHECK(item_size({{"s", AttributeValue::string("")}}) == 1);
  // "é" is 2 bytes, the emoji 4.
  CHECK(item_size({{"n\xC3\xA9", AttributeValue::string("\xF0\x9F\x98\x80")}}) == 3 + 4);
}

TEST_CASE("item size: numbers are 1 byte per two significant digits plus 1", "[item_size]") {
  CHECK(attribute_value_size(AttributeValue::number("0")) == 1);
  CHECK(attribute_value_size(AttributeValue::number("7")) == 2);
  CHECK(attribute_value_size(AttributeValue::number("12")) == 2);
  CHECK(attribute_value_size(AttributeValue::number("123")) == 3);
  CHECK(attribute_value_size(AttributeValue::number("12345")) == 4);
  // Leading and trailing zeros are trimmed.
  CHECK(attribute_value_size(AttributeValue::number("1000000")) == 2);
  CHECK(attribute_value_size(AttributeValue::number("0.0001")) == 2);
  CHECK(attribute_value_size(AttributeValue::number("-1.5")) == 2);
  CHECK(attribute_value_size(AttributeValue::number("105")) == 3);
  CHECK(attribute_value_size(AttributeValue::number("10.05")) == 3);
  CHECK(attribute_value_size(AttributeValue::number("12345678901234567890123456789012345678")) == 20);
}

TEST_CASE("item size: binary, boolean and null", "[item_size]") {
  CHECK(attribute_value_size(AttributeValue::binary(std::string(10, '\0'))) == 10);
  CHECK(attribute_value_size(AttributeValue::boolean(true)) == 1);
  CHECK(attribute_value_size(AttributeValue::null()) == 1);
}

TEST_CASE("item size: lists and maps cost 3 bytes plus 1 per element", "[item_size]") {
  CHECK(attribute_value_size(AttributeValue::list({})) == 3);
  CHECK(attribute_value_size(AttributeValue::map({})) == 3);
  CHECK(attribute_value_size(AttributeValue::list({AttributeValue::string("xy")})) == 3 + 1 + 2);
  // Map entries count their names.
  CHECK(attribute_value_size(AttributeValue::map({{"ab", AttributeValue::boolean(false)}})) == 3 + 1 + 2 + 1);
  CHECK(attribute_value_size(AttributeValue::list({AttributeValue::list({AttributeValue::null()})})) ==
        3 + 1 + (3 + 1 + 1));
}

TEST_CASE("item size: sets are the sum of their members", "[item_size]") {
  CHECK(attribute_value_size(AttributeValue::string_set({"a", "bcd"})) == 4);
  CHECK(attribute_value_size(AttributeValue::binary_set({"xx", "y"})) == 3);
  CHECK(attribute_value_size(AttributeValue::number_set({"1", "123"})) == 2 + 3);
}

TEST_CASE("item size: a whole item", "[item_size]") {
  const Item item = {
      {"id", AttributeValue::string("abc")},                        // 2 + 3
      {"n", AttributeValue::number("12345")},                       // 1 + 4
      {"flag", AttributeValue::boolean(true)},                      // 4 + 1
      {"l", AttributeValue::list({AttributeValue::string("xy")})},  // 1 + 6
  };
  CHECK(item_size(item) == 5 + 5 + 5 + 7);
  CHECK(item_size({}) == 0);
  CHECK(kMaxItemSize == 409600);
}
