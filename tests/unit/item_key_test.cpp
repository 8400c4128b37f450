// Item keys: the Key-parameter checks, thrown by storage_key_of_key and
// returned as values by checked_storage_key_of_key, in DynamoDB's words.
#include "ops/item_key.h"

#include <catch2/catch.hpp>
#include <string>

#include "dynamo_items/error.h"
#include "storage/layout.h"

using namespace dynamo_items;

namespace {

catalog::TableSchema table_with_sort_key() {
  catalog::TableSchema s;
  s.name = "t";
  s.id = 7;
  s.hash = {"pk", AttrType::S};
  s.range = catalog::KeyAttribute{"sk", AttrType::N};
  s.attribute_definitions = {s.hash, *s.range};
  return s;
}

Item key(AttributeValue pk, AttributeValue sk) {
  Item k;
  k.emplace("pk", std::move(pk));
  k.emplace("sk", std::move(sk));
  return k;
}

std::string checked_error(const catalog::TableSchema& t, const Item& k) {
  Result<std::string> r = ops::checked_storage_key_of_key(t, k);
  REQUIRE_FALSE(r);
  CHECK(r.error().type() == "ValidationException");
  // The throwing form reports the same error.
  try {
    ops::storage_key_of_key(t, k);
    FAIL("storage_key_of_key accepted a key checked_storage_key_of_key refused");
  } catch (const Error& e) {
    CHECK(e.message() == r.error().message());
  }
  return r.error().message();
}

}  // namespace

TEST_CASE("item key: a valid Key parameter becomes the item's storage key", "[item_key]") {
  const catalog::TableSchema t = table_with_sort_key();
  const Item k = key(AttributeValue::string("a"), AttributeValue::number("1"));
  Result<std::string> r = ops::checked_storage_key_of_key(t, k);
  REQUIRE(r);
  CHECK(r.value() == storage::item_key(7, k.at("pk"), &k.at("sk")));
  CHECK(ops::storage_key_of_key(t, k) == r.value());
}

TEST_CASE("item key: Key parameter errors as values", "[item_key]") {
  const catalog::TableSchema t = table_with_sort_key();
  const std::string mismatch = "The provided key element does not match the schema";

  Item only_pk;
  only_pk.emplace("pk", AttributeValue::string("a"));
  CHECK(checked_error(t, only_pk) == mismatch);
  CHECK(checked_error(t, key(AttributeValue::number("1"), AttributeValue::number("1"))) == mismatch);
  Item extra = key(AttributeValue::string("a"), AttributeValue::number("1"));
  extra.emplace("x", AttributeValue::string("y"));
  CHECK(checked_error(t, extra) == mismatch);

  CHECK(checked_error(t, key(AttributeValue::string(""), AttributeValue::number("1"))) ==
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an "
        "empty string value. Key: pk");
  CHECK(checked_error(t, key(AttributeValue::string(std::string(2049, 'x')), AttributeValue::number("1"))) ==
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 "
        "bytes");
}
