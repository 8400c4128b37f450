// Multi-attribute GSI keys: the index entry key (storage/layout.h) keeps the
// bytes of a one-attribute key and orders multi-attribute keys by their RANGE
// attributes left to right; the catalog reads entries written before
// multi-attribute keys and round-trips new ones; Query planning
// (ops/key_condition.h) accepts the shapes DynamoDB accepts and refuses the
// others with its messages.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <boost/multiprecision/cpp_dec_float.hpp>

#include "catalog/table_schema.h"
#include "dynamo_items/error.h"
#include "keys/key_codec.h"
#include "ops/key_condition.h"
#include "ops/key_range.h"
#include "storage/layout.h"

using namespace dynamo_items;
using ops::KeyTerm;
using ops::SortKeyCondition;
using Op = SortKeyCondition::Op;

namespace {

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.message();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("index entry key: a one-attribute key has the bytes of the original grammar", "[layout][multi]") {
  const AttributeValue ipk = AttributeValue::string("g"), isk = AttributeValue::number("12.5");
  const AttributeValue pk = AttributeValue::string("p"), sk = AttributeValue::binary(std::string("\x00\x01", 2));
  // 0x01 table_id:u64 index_no:u8 hash:u32 enc(ipk) enc(isk) enc(pk) enc(sk), spelled out by hand.
  std::string expected(1, '\x01');
  storage::append_u64(expected, 42);
  expected.push_back('\x03');
  storage::append_u32(expected, keys::partition_hash(keys::encode_key_component(ipk)));
  expected += keys::encode_key_component(ipk) + keys::encode_key_component(isk) + keys::encode_key_component(pk) +
              keys::encode_key_component(sk);
  CHECK(storage::index_entry_key(42, 3, {&ipk}, {&isk}, pk, &sk) == expected);
  CHECK(storage::index_entry_key(42, 3, {&ipk}, {}, pk, nullptr) ==
        storage::index_partition_prefix(42, 3, {&ipk}) + keys::encode_key_component(pk));
}

TEST_CASE("index entry key: the hash covers every HASH attribute, concatenated", "[layout][multi]") {
  const AttributeValue a = AttributeValue::string("ab"), b = AttributeValue::number("7");
  const std::string prefix = storage::index_partition_prefix(1, 1, {&a, &b});
  const std::string enc = keys::encode_key_component(a) + keys::encode_key_component(b);
  std::string expected = storage::index_prefix(1, 1);
  storage::append_u32(expected, keys::partition_hash(enc));
  CHECK(prefix == expected + enc);
  // ("a", "b") and ("ab", "") never collide: components are self-delimiting.
  const AttributeValue x = AttributeValue::string("a"), y = AttributeValue::string("bc");
  CHECK(storage::index_partition_prefix(1, 1, {&x, &y}) != storage::index_partition_prefix(1, 1, {&a, &x}));
}

TEST_CASE("index entry key: entries sort by the RANGE attributes left to right, each by its type", "[layout][multi]") {
  using Dec = boost::multiprecision::cpp_dec_float_50;
  std::mt19937 rng(7);
  const std::vector<std::string> numbers{"-1E+5", "-10.5", "-1", "-0.001", "0", "0.001", "1", "2", "10", "1E+30"};
  const std::vector<std::string> bytes{std::string(), std::string(1, '\0'), std::string("\0\x01", 2), "\x7f",
                                       "\xff", "a", "ab", std::string("a\0", 2)};
  struct Row {
    std::string n, b, s, pk;
    std::string key;
  };
  const AttributeValue h1 = AttributeValue::string("h"), h2 = AttributeValue::number("3");
  std::vector<Row> rows;
  for (int i = 0; i < 400; ++i) {
    Row r{numbers[rng() % numbers.size()], bytes[rng() % bytes.size()], bytes[rng() % bytes.size()],
          "p" + std::to_string(i), {}};
    if (r.b.empty()) r.b = "z";  // key values are never empty
    if (r.s.empty()) r.s = "y";
    const AttributeValue n = AttributeValue::number(r.n), b = AttributeValue::binary(r.b),
                         s = AttributeValue::string(r.s), pk = AttributeValue::string(r.pk);
    r.key = storage::index_entry_key(9, 2, {&h1, &h2}, {&n, &b, &s}, pk, nullptr);
    rows.push_back(std::move(r));
  }
  auto by_key = rows;
  std::sort(by_key.begin(), by_key.end(), [](const Row& x, const Row& y) { return x.key < y.key; });
  auto by_tuple = rows;
  std::sort(by_tuple.begin(), by_tuple.end(), [](const Row& x, const Row& y) {
    const Dec xn(x.n), yn(y.n);
    if (xn != yn) return xn < yn;
    if (x.b != y.b) return x.b < y.b;  // unsigned byte order (std::string compares as unsigned char)
    if (x.s != y.s) return x.s < y.s;
    return keys::encode_key_component(AttributeValue::string(x.pk)) <
           keys::encode_key_component(AttributeValue::string(y.pk));
  });
  for (std::size_t i = 0; i < rows.size(); ++i) CHECK(by_key[i].pk == by_tuple[i].pk);
  // The whole index partition is one range, and so is every RANGE prefix.
  const std::string partition = storage::index_partition_prefix(9, 2, {&h1, &h2});
  const AttributeValue one = AttributeValue::number("1");
  const std::string narrowed = storage::index_sort_prefix(9, 2, {&h1, &h2}, {&one});
  const ops::KeyRange all = ops::partition_range(partition, std::nullopt);
  const ops::KeyRange ones = ops::partition_range(narrowed, std::nullopt);
  for (const Row& r : rows) {
    CHECK((all.lower <= r.key && r.key < all.upper));
    CHECK((ones.lower <= r.key && r.key < ones.upper) == (Dec(r.n) == Dec(1)));
  }
}

TEST_CASE("catalog: an index written before multi-attribute keys reads as one attribute of each kind",
          "[catalog][multi]") {
  const char* old_json =
      R"({"name":"t","id":5,"hash":{"name":"pk","type":"S"},"attributes":[{"name":"pk","type":"S"},)"
      R"({"name":"g","type":"N"},{"name":"r","type":"B"}],"billing":"PAY_PER_REQUEST","rcu":0,"wcu":0,)"
      R"("created":1.5,"indexes":[{"name":"gsi","no":1,"global":true,"hash":{"name":"g","type":"N"},)"
      R"("range":{"name":"r","type":"B"},"projection":"ALL","include":[],"rcu":0,"wcu":0},)"
      R"({"name":"gsi2","no":2,"global":true,"hash":{"name":"g","type":"N"},"projection":"KEYS_ONLY",)"
      R"("include":[],"rcu":0,"wcu":0}]})";
  const catalog::TableSchema s = catalog::parse_schema(old_json);
  REQUIRE(s.indexes.size() == 2);
  CHECK(s.indexes[0].hash_keys.size() == 1);
  CHECK(s.indexes[0].hash_keys[0].name == "g");
  CHECK(s.indexes[0].hash_keys[0].type == AttrType::N);
  REQUIRE(s.indexes[0].range_keys.size() == 1);
  CHECK(s.indexes[0].range_keys[0].type == AttrType::B);
  CHECK(s.indexes[1].range_keys.empty());
  CHECK_FALSE(s.indexes[0].multi_attribute());
  // Written again, a one-attribute index keeps the old fields only.
  CHECK(catalog::serialize_schema(s).find("more_") == std::string::npos);
}

TEST_CASE("catalog: multi-attribute keys round-trip in KeySchema order", "[catalog][multi]") {
  catalog::TableSchema s;
  s.name = "t";
  s.id = 3;
  s.hash = {"pk", AttrType::S};
  catalog::IndexSchema ix;
  ix.name = "gsi";
  ix.index_no = 1;
  ix.hash_keys = {{"h1", AttrType::S}, {"h2", AttrType::N}, {"h3", AttrType::B}, {"h4", AttrType::S}};
  ix.range_keys = {{"r1", AttrType::N}, {"r2", AttrType::B}, {"r3", AttrType::S}, {"r4", AttrType::N}};
  s.indexes.push_back(ix);
  const catalog::TableSchema back = catalog::parse_schema(catalog::serialize_schema(s));
  REQUIRE(back.indexes.size() == 1);
  auto names = [](const std::vector<catalog::KeyAttribute>& keys) {
    std::vector<std::tuple<std::string, AttrType>> out;
    for (const auto& k : keys) out.emplace_back(k.name, k.type);
    return out;
  };
  CHECK(names(back.indexes[0].hash_keys) == names(ix.hash_keys));
  CHECK(names(back.indexes[0].range_keys) == names(ix.range_keys));
  CHECK(back.indexes[0].multi_attribute());
  CHECK(back.indexes[0].is_key_attribute("r3"));
  CHECK_FALSE(back.indexes[0].is_key_attribute("pk"));
}

TEST_CASE("key conditions: multi-attribute planning", "[key_condition][multi]") {
  ops::QueryKeys keys;
  keys.hash = {{"h1", AttrType::S}, {"h2", AttrType::N}};
  keys.range = {{"a", AttrType::S}, {"b", AttrType::N}, {"c", AttrType::S}};
  const auto S = [](const char* v) { return AttributeValue::string(v); };
  const auto N = [](const char* v) { return AttributeValue::number(v); };
  auto term = [](const char* name, Op op, AttributeValue v, AttributeValue w = {}) {
    return KeyTerm{name, SortKeyCondition{op, std::move(v), std::move(w)}};
  };
  const KeyTerm h1 = term("h1", Op::EQ, S("x")), h2 = term("h2", Op::EQ, N("2"));

  SECTION("equality on every HASH attribute, whatever the order of the terms") {
    auto spec = ops::plan_multi_attribute_keys({h2, h1}, keys, true);
    REQUIRE(spec.partition_keys.size() == 2);
    CHECK(spec.partition_keys[0] == S("x"));
    CHECK(spec.partition_keys[1] == N("2"));
    CHECK(spec.sort_prefix.empty());
    CHECK_FALSE(spec.sort_key);
  }
  SECTION("equalities on a prefix, a range condition on the last attribute named") {
    auto spec = ops::plan_multi_attribute_keys({h1, h2, term("a", Op::EQ, S("q")), term("b", Op::GT, N("5"))},
                                               keys, true);
    CHECK(spec.sort_prefix == std::vector<AttributeValue>{S("q")});
    REQUIRE(spec.sort_key);
    CHECK(spec.sort_key->op == Op::GT);
    auto all_equal = ops::plan_multi_attribute_keys(
        {h1, h2, term("a", Op::EQ, S("q")), term("b", Op::EQ, N("5")), term("c", Op::EQ, S("z"))}, keys, true);
    CHECK(all_equal.sort_prefix.size() == 3);
    CHECK_FALSE(all_equal.sort_key);
  }
  SECTION("refusals, in DynamoDB's words") {
    CHECK(message_of([&] { ops::plan_multi_attribute_keys({h1}, keys, true); }) ==
          "Query condition missed key schema element: h2");
    CHECK(message_of([&] { ops::plan_multi_attribute_keys({h1, term("h2", Op::GT, N("1"))}, keys, true); }) ==
          "Query key condition not supported");
    CHECK(message_of([&] { ops::plan_multi_attribute_keys({h1, term("h2", Op::EQ, S("1"))}, keys, true); }) ==
          "One or more parameter values were invalid: Condition parameter type does not match schema type");
    CHECK(message_of([&] { ops::plan_multi_attribute_keys({h1, h2, term("b", Op::EQ, N("1"))}, keys, true); }) ==
          "RANGE key attributes a must have equality conditions specified in the query because a condition is "
          "present on key attribute b");
    CHECK(message_of([&] {
            ops::plan_multi_attribute_keys({h1, h2, term("a", Op::LT, S("1")), term("c", Op::EQ, S("1"))}, keys,
                                           true);
          }) == "RANGE key attributes a, b must have equality conditions specified in the query because a "
                "condition is present on key attribute c");
    CHECK(message_of([&] {
            ops::plan_multi_attribute_keys({h1, h2, term("a", Op::EQ, S("1")), term("zz", Op::EQ, S("1"))}, keys,
                                           true);
          }) == "Query condition missed key schema element: b");
    CHECK(message_of([&] {
            ops::plan_multi_attribute_keys({h1, h2, term("a", Op::EQ, S("q")), term("b", Op::BEGINS_WITH, N("1"))},
                                           keys, true);
          }) == "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
                "function: begins_with, operand type: N");
    CHECK(message_of([&] {
            ops::plan_multi_attribute_keys({h1, h2, term("a", Op::BETWEEN, S("b"), S("a"))}, keys, true);
          }).find("The BETWEEN operator requires upper bound to be greater than or equal to lower bound") !=
          std::string::npos);
  }
}
