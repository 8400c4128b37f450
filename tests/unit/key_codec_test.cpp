// Property tests for the key encoding: for thousands of random values, the
// memcmp order of encodings must equal DynamoDB's order, decoding must invert
// encoding, and concatenated (partition, sort) keys must keep each partition
// contiguous.
#include "keys/key_codec.h"

#include <algorithm>
#include <boost/multiprecision/cpp_dec_float.hpp>
#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "dynamo_items/error.h"
#include "dynamo_items/number.h"

using namespace dynamo_items;

namespace {

int sign(int x) { return (x > 0) - (x < 0); }

// memcmp order, the order RocksDB's default comparator uses.
int bytes_compare(std::string_view a, std::string_view b) {
  const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return sign(c);
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// An independent reference for numeric order: 50-digit decimal floats hold
// every DynamoDB number (at most 38 digits) exactly.
int reference_number_compare(const std::string& a, const std::string& b) {
  using boost::multiprecision::cpp_dec_float_50;
  const cpp_dec_float_50 x(a), y(b);
  return x < y ? -1 : (y < x ? 1 : 0);
}

// DynamoDB's order for a key value of one type: numeric for N, unsigned bytes
// for S (UTF-8) and B.
int dynamo_compare(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttrType::N) return reference_number_compare(a.scalar(), b.scalar());
  return bytes_compare(a.scalar(), b.scalar());
}

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  // Numbers across the whole range: tiny, huge, fractional, negative, with
  // 1..38 significant digits, plus many near-duplicates of common values.
  std::string number_text() {
    switch (uniform(0, 5)) {
      case 0:
        return Number::parse(std::to_string(uniform(-1000, 1000))).to_string();
      case 1:
        return Number::parse(std::to_string(uniform(-50, 50)) + "." + std::to_string(uniform(0, 99)))
            .to_string();
      default:
        break;
    }
    std::string digits;
    const int n = uniform(1, 38);
    for (int i = 0; i < n; ++i) digits.push_back(static_cast<char>('0' + uniform(i == 0 ? 1 : 0, 9)));
    const int exponent = uniform(-129, 126);  // value = 0.digits * 10^exponent
    std::string text =
        (uniform(0, 1) ? "-" : "") + std::string("0.") + digits + "e" + std::to_string(exponent);
    return Number::parse(text).to_string();
  }

  // Bytes biased towards the troublesome ones: 0x00, 0x01, 0xFF.
  std::string bytes() {
    static constexpr unsigned char kAlphabet[] = {0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFE,
                                                  0x02, 'a',  'b',  0x7F, 0x80};
    std::string s;
    const int n = uniform(0, 8);
    for (int i = 0; i < n; ++i)
      s.push_back(static_cast<char>(kAlphabet[uniform(0, static_cast<int>(std::size(kAlphabet)) - 1)]));
    return s;
  }

  AttributeValue value(AttrType t) {
    switch (t) {
      case AttrType::N:
        return AttributeValue::number(number_text());
      case AttrType::S:
        return AttributeValue::string(bytes());
      default:
        return AttributeValue::binary(bytes());
    }
  }

 private:
  std::mt19937_64 rng_;
};

void check_order_and_round_trip(AttrType type, int count, std::uint64_t seed) {
  Generator gen(seed);
  std::vector<AttributeValue> values;
  std::vector<std::string> encoded;
  for (int i = 0; i < count; ++i) {
    values.push_back(gen.value(type));
    encoded.push_back(keys::encode_key_component(values.back()));
  }
  for (int i = 0; i < count; ++i) {
    std::string_view in = encoded[i];
    const AttributeValue back = keys::decode_key_component(in, type);
    REQUIRE(in.empty());
    REQUIRE(back == values[i]);
    // Self-delimiting: decoding stops at the end of the component even
    // when more bytes follow.
    const std::string followed = encoded[i] + "\x00\x01\xFF tail";
    std::string_view in2 = followed;
    REQUIRE(keys::decode_key_component(in2, type) == values[i]);
    REQUIRE(in2 == std::string_view(followed).substr(encoded[i].size()));
  }
  // Order: every pair of a random sample of pairs, plus neighbours after sorting.
  Generator pick(seed + 1);
  for (int k = 0; k < count * 20; ++k) {
    const int i = pick.uniform(0, count - 1), j = pick.uniform(0, count - 1);
    INFO(values[i].scalar() << " vs " << values[j].scalar());
    REQUIRE(bytes_compare(encoded[i], encoded[j]) == dynamo_compare(values[i], values[j]));
  }
  std::vector<int> idx(count);
  for (int i = 0; i < count; ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return bytes_compare(encoded[a], encoded[b]) < 0; });
  for (int k = 1; k < count; ++k) REQUIRE(dynamo_compare(values[idx[k - 1]], values[idx[k]]) <= 0);
}

}  // namespace

TEST_CASE("key codec: N order and round trip (random)", "[key_codec]") {
  check_order_and_round_trip(AttrType::N, 4000, 1);
}

TEST_CASE("key codec: S order and round trip (random, embedded 0x00 and 0xFF)", "[key_codec]") {
  check_order_and_round_trip(AttrType::S, 4000, 2);
}

TEST_CASE("key codec: B order and round trip (random)", "[key_codec]") {
  check_order_and_round_trip(AttrType::B, 4000, 3);
}

TEST_CASE("key codec: concatenated (pk, sk) keep partitions contiguous and sorted", "[key_codec]") {
  for (const AttrType pk_type : {AttrType::S, AttrType::N, AttrType::B}) {
    for (const AttrType sk_type : {AttrType::S, AttrType::N, AttrType::B}) {
      Generator gen(100 + static_cast<int>(pk_type) * 10 + static_cast<int>(sk_type));
      // Few partitions, many sort keys each, so partitions collide a lot.
      std::vector<AttributeValue> partitions;
      for (int i = 0; i < 40; ++i) partitions.push_back(gen.value(pk_type));
      struct Row {
        int pk;
        AttributeValue sk;
        std::string key;
      };
      std::vector<Row> rows;
      for (int i = 0; i < 1500; ++i) {
        Row r{gen.uniform(0, 39), gen.value(sk_type), {}};
        keys::append_key_component(r.key, partitions[r.pk]);
        keys::append_key_component(r.key, r.sk);
        rows.push_back(std::move(r));
      }
      std::sort(rows.begin(), rows.end(),
                [](const Row& a, const Row& b) { return bytes_compare(a.key, b.key) < 0; });
      for (std::size_t k = 1; k < rows.size(); ++k) {
        const Row& a = rows[k - 1];
        const Row& b = rows[k];
        const int pk_order = dynamo_compare(partitions[a.pk], partitions[b.pk]);
        REQUIRE(pk_order <= 0);  // partitions in order, hence contiguous
        if (pk_order == 0) REQUIRE(dynamo_compare(a.sk, b.sk) <= 0);
        // Both components decode back from the concatenation.
        std::string_view in = b.key;
        REQUIRE(keys::decode_key_component(in, pk_type) == partitions[b.pk]);
        REQUIRE(keys::decode_key_component(in, sk_type) == b.sk);
        REQUIRE(in.empty());
      }
    }
  }
}

TEST_CASE("key codec: begins_with range covers exactly the values with the prefix", "[key_codec]") {
  Generator gen(7);
  for (const AttrType type : {AttrType::S, AttrType::B}) {
    for (int k = 0; k < 300; ++k) {
      const AttributeValue prefix = gen.value(type);
      const std::string lower = keys::encode_begins_with_prefix(prefix);
      const std::string upper = keys::prefix_successor(lower);
      for (int i = 0; i < 30; ++i) {
        // Half of the candidates start with the prefix.
        std::string candidate = gen.uniform(0, 1) ? prefix.scalar() + gen.bytes() : gen.bytes();
        const AttributeValue v =
            type == AttrType::S ? AttributeValue::string(candidate) : AttributeValue::binary(candidate);
        const std::string enc = keys::encode_key_component(v);
        const bool in_range =
            bytes_compare(lower, enc) <= 0 && (upper.empty() || bytes_compare(enc, upper) < 0);
        const bool starts = candidate.compare(0, prefix.scalar().size(), prefix.scalar()) == 0;
        REQUIRE(in_range == starts);
      }
    }
  }
}

TEST_CASE("key codec: prefix_successor", "[key_codec]") {
  CHECK(keys::prefix_successor("") == "");
  CHECK(keys::prefix_successor("a") == "b");
  CHECK(keys::prefix_successor(std::string("a\xFF\xFF", 3)) == "b");
  CHECK(keys::prefix_successor(std::string("\xFF\xFF", 2)) == "");
  CHECK(keys::prefix_successor(std::string("a\x00", 2)) == std::string("a\x01", 2));
}

TEST_CASE("key codec: exact bytes are stable", "[key_codec]") {
  // These bytes are on disk; this test fails if the format changes.
  CHECK(keys::encode_key_component(AttributeValue::string("a")) == std::string("a\x00\x01", 3));
  CHECK(keys::encode_key_component(AttributeValue::binary(std::string("\x00", 1))) ==
        std::string("\x00\xFF\x00\x01", 4));
  CHECK(keys::encode_key_component(AttributeValue::number("0")) == std::string("\x02", 1));
  // 12 = 0.12e2: class, 2+129, pair 1+12, terminator.
  CHECK(keys::encode_key_component(AttributeValue::number("12")) == std::string("\x03\x83\x0D\x00", 4));
  CHECK(keys::encode_key_component(AttributeValue::number("-12")) == std::string("\x01\x7C\xF2\xFF", 4));
  // FNV-1a reference values.
  CHECK(keys::partition_hash("") == 0x811c9dc5u);
  CHECK(keys::partition_hash("a") == 0xe40c292cu);
  CHECK(keys::partition_hash("foobar") == 0xbf9cf968u);
}

TEST_CASE("key codec: malformed bytes are internal errors", "[key_codec]") {
  for (const std::string& bad : {std::string("abc"), std::string("a\x00", 2), std::string("a\x00\x05", 3)}) {
    std::string_view in = bad;
    CHECK_THROWS_AS(keys::decode_key_component(in, AttrType::S), Error);
  }
}
