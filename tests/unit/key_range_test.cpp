// Key ranges of Query and Scan (ops/key_range.h), checked property-style:
// for every sort-key operator (EQ LT LE GT GE BETWEEN BEGINS_WITH) on S, N
// and B sort keys (under S, N and B partition keys), a storage key lies in
// query_range(...) exactly when it belongs to the queried table and partition
// and its sort key satisfies the predicate, judged by an independent
// reference (decimal arithmetic for N, unsigned bytes for S and B). Operands
// and candidates mix hand-picked boundaries (0x00/0xFF bytes, the largest,
// smallest, negative and fractional numbers, near-duplicates) with random
// values. Scan segments must tile a table's items exactly and agree with
// segment_of(); key_after() must be the immediate successor among item keys.
#include "ops/key_range.h"

#include <algorithm>
#include <boost/multiprecision/cpp_dec_float.hpp>
#include <catch2/catch.hpp>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "dynamo_items/number.h"
#include "keys/key_codec.h"
#include "storage/layout.h"

using namespace dynamo_items;
using ops::KeyRange;
using ops::SortKeyCondition;
using Op = SortKeyCondition::Op;

namespace {

int sign(int x) { return (x > 0) - (x < 0); }

// memcmp order: RocksDB's default (bytewise) comparator.
int bytes_compare(std::string_view a, std::string_view b) {
  const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return sign(c);
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

bool contains(const KeyRange& r, const std::string& key) {
  return bytes_compare(r.lower, key) <= 0 && bytes_compare(key, r.upper) < 0;
}

// DynamoDB's order for one key type, computed without the key codec.
int reference_compare(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttrType::N) {
    using boost::multiprecision::cpp_dec_float_50;  // exact for 38 significant digits
    const cpp_dec_float_50 x(a.scalar()), y(b.scalar());
    return x < y ? -1 : (y < x ? 1 : 0);
  }
  return bytes_compare(a.scalar(), b.scalar());
}

bool reference_matches(const SortKeyCondition& c, const AttributeValue& sk) {
  switch (c.op) {
    case Op::EQ:
      return reference_compare(sk, c.first) == 0;
    case Op::LT:
      return reference_compare(sk, c.first) < 0;
    case Op::LE:
      return reference_compare(sk, c.first) <= 0;
    case Op::GT:
      return reference_compare(sk, c.first) > 0;
    case Op::GE:
      return reference_compare(sk, c.first) >= 0;
    case Op::BETWEEN:
      return reference_compare(sk, c.first) >= 0 && reference_compare(sk, c.second) <= 0;
    case Op::BEGINS_WITH:
      return sk.scalar().compare(0, c.first.scalar().size(), c.first.scalar()) == 0;
  }
  return false;
}

const char* op_name(Op op) {
  switch (op) {
    case Op::EQ:
      return "EQ";
    case Op::LT:
      return "LT";
    case Op::LE:
      return "LE";
    case Op::GT:
      return "GT";
    case Op::GE:
      return "GE";
    case Op::BETWEEN:
      return "BETWEEN";
    case Op::BEGINS_WITH:
      return "BEGINS_WITH";
  }
  return "?";
}

std::string printable(const AttributeValue& v) {
  if (v.type() == AttrType::N) return v.scalar();
  std::string out;
  static const char* hex = "0123456789abcdef";
  for (const unsigned char c : v.scalar()) {
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

AttributeValue num(const std::string& text) { return AttributeValue::number(canonical_number(text)); }

AttributeValue of_type(AttrType t, std::string bytes) {
  return t == AttrType::S ? AttributeValue::string(std::move(bytes))
                          : AttributeValue::binary(std::move(bytes));
}

class Gen {
 public:
  explicit Gen(std::uint64_t seed) : rng_(seed) {}
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  // 1..8 bytes biased towards the bytes the escaping treats specially.
  std::string bytes(int min_len = 1) {
    static constexpr unsigned char kAlphabet[] = {0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFE,
                                                  0x02, 'a',  'b',  0x7F, 0x80};
    std::string s;
    const int n = uniform(min_len, 8);
    for (int i = 0; i < n; ++i)
      s.push_back(static_cast<char>(kAlphabet[uniform(0, static_cast<int>(std::size(kAlphabet)) - 1)]));
    return s;
  }

  // Numbers over the whole range: small integers, short fractions, and
  // 1..38 significant digits with exponents from tiny to huge.
  std::string number() {
    switch (uniform(0, 4)) {
      case 0:
        return std::to_string(uniform(-20, 20));
      case 1:
        return std::to_string(uniform(-3, 3)) + "." + std::to_string(uniform(0, 99));
      default:
        break;
    }
    std::string digits;
    const int n = uniform(1, 38);
    for (int i = 0; i < n; ++i) digits.push_back(static_cast<char>('0' + uniform(i == 0 ? 1 : 0, 9)));
    return (uniform(0, 1) ? "-" : "") + std::string("0.") + digits + "e" + std::to_string(uniform(-129, 126));
  }

  AttributeValue value(AttrType t) { return t == AttrType::N ? num(number()) : of_type(t, bytes()); }

 private:
  std::mt19937_64 rng_;
};

// Hand-picked numbers: zero, signs, fractions, near-duplicates at 38
// digits, the extremes of DynamoDB's range.
const std::vector<std::string>& interesting_numbers() {
  static const std::vector<std::string> v = {"0",
                                             "1",
                                             "-1",
                                             "2",
                                             "-2",
                                             "10",
                                             "-10",
                                             "100",
                                             "1e2",
                                             "0.1",
                                             "-0.1",
                                             "0.01",
                                             "-0.01",
                                             "0.09",
                                             "-0.09",
                                             "0.9",
                                             "-0.9",
                                             "1.1",
                                             "1.9",
                                             "-1.01",
                                             "9",
                                             "9.1",
                                             "-9.9",
                                             "10.1",
                                             "-10.1",
                                             "99.1",
                                             "-99.1",
                                             "12345678901234567890",
                                             "1.0000000000000000000000000000000000001",
                                             "0.99999999999999999999999999999999999999",
                                             "-1.0000000000000000000000000000000000001",
                                             "-0.99999999999999999999999999999999999999",
                                             "99999999999999999999999999999999999999",
                                             "100000000000000000000000000000000000000",
                                             "1e-130",
                                             "2e-130",
                                             "-1e-130",
                                             "-2e-130",
                                             "1.5e-129",
                                             "-1.5e-129",
                                             "9.9999999999999999999999999999999999999e125",
                                             "-9.9999999999999999999999999999999999999e125",
                                             "1e125",
                                             "-1e125",
                                             "9.9999999999999999999999999999999999998e125",
                                             "5e63",
                                             "-5e-63"};
  return v;
}

// Hand-picked S/B values around the escaping and the successor logic.
const std::vector<std::string>& interesting_bytes() {
  static const std::vector<std::string> v = {"a",
                                             "a\x01",
                                             std::string("a\0", 2),
                                             std::string("a\0\0", 3),
                                             std::string("a\0\xFF", 3),
                                             std::string("a\0\x01", 3),
                                             "a\xFF",
                                             "a\xFF\xFF",
                                             "a\xFE",
                                             "ab",
                                             "aa",
                                             "b",
                                             "\x01",
                                             std::string("\0", 1),
                                             std::string("\0\0", 2),
                                             "\xFF",
                                             "\xFF\xFF",
                                             "\xFF\xFF\xFF",
                                             "\xFE\xFF",
                                             "\x7F",
                                             "\x80",
                                             "A",
                                             "B",
                                             "1",
                                             "10",
                                             "2",
                                             "CD#",
                                             "CD#x",
                                             "CT#2023",
                                             "CCO#1",
                                             "CC#\xFF",
                                             std::string("CC#\0", 4)};
  return v;
}

std::vector<AttributeValue> values_of(AttrType t, Gen& gen, int random_count) {
  std::vector<AttributeValue> out;
  if (t == AttrType::N) {
    for (const auto& n : interesting_numbers()) out.push_back(num(n));
  } else {
    for (const auto& s : interesting_bytes()) out.push_back(of_type(t, s));
  }
  for (int i = 0; i < random_count; ++i) out.push_back(gen.value(t));
  return out;
}

// Values right next to `v` in DynamoDB's order, where such values exist.
std::vector<AttributeValue> neighbours(const AttributeValue& v) {
  std::vector<AttributeValue> out{v};
  if (v.type() == AttrType::N) return out;  // numbers: the interesting list holds near-duplicates
  const std::string& s = v.scalar();
  for (const char c : {'\0', '\x01', '\xFF'}) out.push_back(of_type(v.type(), s + c));
  if (!s.empty()) {
    std::string shorter = s.substr(0, s.size() - 1);
    if (!shorter.empty()) out.push_back(of_type(v.type(), shorter));
    const auto last = static_cast<unsigned char>(s.back());
    if (last > 0) out.push_back(of_type(v.type(), shorter + static_cast<char>(last - 1)));
    if (last < 0xFF) out.push_back(of_type(v.type(), shorter + static_cast<char>(last + 1)));
  }
  return out;
}

constexpr std::uint64_t kTable = 0x0100000000000001ULL;  // neighbours kTable +- 1 must stay outside

struct Fixture {
  AttrType pk_type;
  AttrType sk_type;
  AttributeValue pk;
  std::vector<AttributeValue> other_pks;
  std::vector<AttributeValue> candidates;  // sort keys
};

// Checks one condition against every candidate sort key, in the queried
// partition, in other partitions and in the neighbouring tables.
void check_condition(const Fixture& f, const SortKeyCondition& c) {
  const KeyRange r = ops::query_range(kTable, f.pk, c);
  std::vector<AttributeValue> probes = f.candidates;
  for (const auto& n : neighbours(c.first)) probes.push_back(n);
  if (c.op == Op::BETWEEN) {
    for (const auto& n : neighbours(c.second)) probes.push_back(n);
  }
  for (const auto& sk : probes) {
    if ((sk.type() == AttrType::S || sk.type() == AttrType::B) && sk.scalar().empty())
      continue;  // not a valid key
    const std::string key = storage::item_key(kTable, f.pk, &sk);
    INFO(op_name(c.op) << " " << printable(c.first)
                       << (c.op == Op::BETWEEN ? " AND " + printable(c.second) : "") << " on sort key "
                       << printable(sk));
    REQUIRE(contains(r, key) == reference_matches(c, sk));
    for (const auto& other : f.other_pks) {
      REQUIRE_FALSE(contains(r, storage::item_key(kTable, other, &sk)));
    }
    REQUIRE_FALSE(contains(r, storage::item_key(kTable - 1, f.pk, &sk)));
    REQUIRE_FALSE(contains(r, storage::item_key(kTable + 1, f.pk, &sk)));
  }
}

Fixture make_fixture(AttrType pk_type, AttrType sk_type, std::uint64_t seed) {
  Gen gen(seed);
  Fixture f{pk_type, sk_type, gen.value(pk_type), {}, values_of(sk_type, gen, 150)};
  // Other partitions, including ones whose encoding extends or prefixes ours.
  for (int i = 0; i < 6; ++i) f.other_pks.push_back(gen.value(pk_type));
  if (pk_type == AttrType::N) {
    f.other_pks.push_back(num(f.pk.scalar() == "1" ? "2" : "1"));
  } else {
    f.other_pks.push_back(of_type(pk_type, f.pk.scalar() + std::string(1, '\0')));
    f.other_pks.push_back(of_type(pk_type, f.pk.scalar() + "\x01"));
    if (f.pk.scalar().size() > 1) f.other_pks.push_back(of_type(pk_type, f.pk.scalar().substr(1)));
  }
  f.other_pks.erase(std::remove(f.other_pks.begin(), f.other_pks.end(), f.pk), f.other_pks.end());
  return f;
}

const AttrType kKeyTypes[] = {AttrType::S, AttrType::N, AttrType::B};

}  // namespace

TEST_CASE("query_range: one-operand operators match the reference predicate on every key type",
          "[key_range][query]") {
  for (const AttrType pk_type : kKeyTypes) {
    for (const AttrType sk_type : kKeyTypes) {
      const Fixture f =
          make_fixture(pk_type, sk_type, 11 + 3 * static_cast<int>(pk_type) + static_cast<int>(sk_type));
      Gen gen(99 + static_cast<int>(sk_type));
      std::vector<AttributeValue> operands = values_of(sk_type, gen, 25);
      for (const Op op : {Op::EQ, Op::LT, Op::LE, Op::GT, Op::GE}) {
        for (const auto& operand : operands) check_condition(f, {op, operand, {}});
      }
    }
  }
}

TEST_CASE("query_range: BETWEEN matches the reference predicate, including equal bounds",
          "[key_range][query]") {
  for (const AttrType sk_type : kKeyTypes) {
    const Fixture f = make_fixture(AttrType::S, sk_type, 500 + static_cast<int>(sk_type));
    Gen gen(600 + static_cast<int>(sk_type));
    std::vector<AttributeValue> operands = values_of(sk_type, gen, 10);
    for (std::size_t i = 0; i < operands.size(); i += 2) {
      for (std::size_t j = 0; j < operands.size(); j += 3) {
        const AttributeValue& a = operands[i];
        const AttributeValue& b = operands[j];
        if (reference_compare(a, b) > 0) continue;  // validation rejects reversed bounds
        check_condition(f, {Op::BETWEEN, a, b});
      }
      check_condition(f, {Op::BETWEEN, operands[i], operands[i]});  // lo == hi is EQ
    }
  }
}

TEST_CASE("query_range: begins_with on S and B covers exactly the values with the prefix",
          "[key_range][query]") {
  for (const AttrType pk_type : kKeyTypes) {
    for (const AttrType sk_type : {AttrType::S, AttrType::B}) {
      const Fixture f =
          make_fixture(pk_type, sk_type, 700 + 3 * static_cast<int>(pk_type) + static_cast<int>(sk_type));
      Gen gen(800 + static_cast<int>(sk_type));
      std::vector<AttributeValue> prefixes = values_of(sk_type, gen, 40);
      // Prefixes of the candidates themselves, so that many candidates match.
      for (int i = 0; i < 40; ++i) {
        const std::string& s =
            f.candidates[gen.uniform(0, static_cast<int>(f.candidates.size()) - 1)].scalar();
        prefixes.push_back(of_type(sk_type, s.substr(0, gen.uniform(1, static_cast<int>(s.size())))));
      }
      for (const auto& prefix : prefixes) {
        Fixture g = f;
        for (int i = 0; i < 8; ++i) g.candidates.push_back(of_type(sk_type, prefix.scalar() + gen.bytes(0)));
        check_condition(g, {Op::BEGINS_WITH, prefix, {}});
      }
    }
  }
}

TEST_CASE("query_range: begins_with with 0x00 and 0xFF bytes in the prefix", "[key_range][query]") {
  const AttributeValue pk = AttributeValue::string("p");
  auto in = [&](const std::string& prefix, const std::string& sk) {
    const AttributeValue value = AttributeValue::binary(sk);
    return contains(
        ops::query_range(kTable, pk, SortKeyCondition{Op::BEGINS_WITH, AttributeValue::binary(prefix), {}}),
        storage::item_key(kTable, pk, &value));
  };
  const std::string z(1, '\0');
  CHECK(in(z, z));
  CHECK(in(z, z + z));
  CHECK(in(z, z + "\xFF"));
  CHECK(in(z, z + "\x01"));
  CHECK_FALSE(in(z, "\x01"));
  CHECK(in("a" + z, "a" + z));
  CHECK(in("a" + z, "a" + z + "b"));
  CHECK_FALSE(in("a" + z, "a"));
  CHECK_FALSE(in("a" + z, "a\x01"));
  CHECK(in("\xFF", "\xFF"));
  CHECK(in("\xFF", "\xFF\xFF\xFF"));
  CHECK(in("\xFF", "\xFF" + z));
  CHECK_FALSE(in("\xFF", "\xFE\xFF"));
  CHECK(in("\xFF\xFF", "\xFF\xFF"));
  CHECK_FALSE(in("\xFF\xFF", "\xFF"));
  CHECK_FALSE(in("\xFF\xFF", "\xFF" + z));
  CHECK(in("a\xFF", "a\xFF"));
  CHECK_FALSE(in("a\xFF", "b"));
  CHECK_FALSE(in("a\xFF", "a\xFE\xFF"));
  // A prefix ending in 0xFF must not spill into the next partition.
  const AttributeValue sk = of_type(AttrType::B, "\xFF");
  for (const char* other : {"p\x01", "q", "p\xFF"}) {
    const AttributeValue other_pk = AttributeValue::string(other);
    CHECK_FALSE(contains(ops::query_range(kTable, pk, SortKeyCondition{Op::BEGINS_WITH, sk, {}}),
                         storage::item_key(kTable, other_pk, &sk)));
  }
}

TEST_CASE("query_range: begins_with an empty prefix is the whole partition", "[key_range][query]") {
  Gen gen(31);
  const AttributeValue pk = AttributeValue::number("7");
  const KeyRange all = ops::query_range(kTable, pk, std::nullopt);
  const KeyRange r =
      ops::query_range(kTable, pk, SortKeyCondition{Op::BEGINS_WITH, AttributeValue::string(""), {}});
  for (int i = 0; i < 500; ++i) {
    const AttributeValue sk = gen.value(AttrType::S);
    REQUIRE(contains(r, storage::item_key(kTable, pk, &sk)));
    REQUIRE(contains(all, storage::item_key(kTable, pk, &sk)));
  }
}

TEST_CASE("query_range: without a sort-key condition, exactly the partition", "[key_range][query]") {
  for (const AttrType pk_type : kKeyTypes) {
    for (const AttrType sk_type : kKeyTypes) {
      const Fixture f =
          make_fixture(pk_type, sk_type, 900 + 3 * static_cast<int>(pk_type) + static_cast<int>(sk_type));
      const KeyRange r = ops::query_range(kTable, f.pk, std::nullopt);
      REQUIRE_FALSE(r.empty());
      // Hash-only tables: the item key is the partition prefix itself.
      REQUIRE(contains(r, storage::item_key(kTable, f.pk, nullptr)));
      for (const auto& other : f.other_pks)
        REQUIRE_FALSE(contains(r, storage::item_key(kTable, other, nullptr)));
      for (const auto& sk : f.candidates) {
        REQUIRE(contains(r, storage::item_key(kTable, f.pk, &sk)));
        for (const auto& other : f.other_pks)
          REQUIRE_FALSE(contains(r, storage::item_key(kTable, other, &sk)));
        REQUIRE_FALSE(contains(r, storage::item_key(kTable + 1, f.pk, &sk)));
        REQUIRE_FALSE(contains(r, storage::item_key(kTable - 1, f.pk, &sk)));
      }
    }
  }
}

TEST_CASE("query_range: boundaries and empty ranges", "[key_range][query]") {
  const AttributeValue pk = AttributeValue::string("pk");
  auto key = [&](const AttributeValue& sk) { return storage::item_key(kTable, pk, &sk); };
  auto range = [&](Op op, const AttributeValue& a, const AttributeValue& b = {}) {
    return ops::query_range(kTable, pk, SortKeyCondition{op, a, b});
  };

  SECTION("EQ holds exactly one key") {
    const AttributeValue v = num("-2.5");
    const KeyRange r = range(Op::EQ, v);
    CHECK(r.lower == key(v));
    CHECK(contains(r, key(v)));
    CHECK_FALSE(contains(r, key(num("-2.5000000000000000000000000000000000001"))));
    CHECK_FALSE(contains(r, key(num("-2.4999999999999999999999999999999999999"))));
  }
  SECTION("EQ on equal numbers written differently is the same range") {
    CHECK(range(Op::EQ, num("100")).lower == range(Op::EQ, num("1E+2")).lower);
    CHECK(range(Op::EQ, num("0.50")).lower == range(Op::EQ, num("5e-1")).lower);
  }
  SECTION("LT / LE / GT / GE include or exclude the bound itself") {
    const AttributeValue v = AttributeValue::string("m");
    CHECK_FALSE(contains(range(Op::LT, v), key(v)));
    CHECK(contains(range(Op::LE, v), key(v)));
    CHECK_FALSE(contains(range(Op::GT, v), key(v)));
    CHECK(contains(range(Op::GE, v), key(v)));
    // "m\0" sorts right after "m": in GT, not in LE.
    const AttributeValue next = AttributeValue::string(std::string("m\0", 2));
    CHECK(contains(range(Op::GT, v), key(next)));
    CHECK_FALSE(contains(range(Op::LE, v), key(next)));
  }
  SECTION("BETWEEN includes both bounds") {
    const KeyRange r = range(Op::BETWEEN, num("-1e-130"), num("1e-130"));
    CHECK(contains(r, key(num("-1e-130"))));
    CHECK(contains(r, key(num("0"))));
    CHECK(contains(r, key(num("1e-130"))));
    CHECK_FALSE(contains(r, key(num("2e-130"))));
    CHECK_FALSE(contains(r, key(num("-2e-130"))));
  }
  SECTION("BETWEEN with reversed bounds is empty") {
    CHECK(range(Op::BETWEEN, num("2"), num("1")).empty());
    CHECK(range(Op::BETWEEN, AttributeValue::string("b"), AttributeValue::string("a")).empty());
    CHECK(range(Op::BETWEEN, AttributeValue::string(std::string("a\0", 2)), AttributeValue::string("a"))
              .empty());
    CHECK_FALSE(range(Op::BETWEEN, num("1"), num("1")).empty());
  }
  SECTION("LT the smallest number and GT the largest number select nothing") {
    const AttributeValue smallest = num("-9.9999999999999999999999999999999999999e125");
    const AttributeValue largest = num("9.9999999999999999999999999999999999999e125");
    Gen gen(5);
    for (int i = 0; i < 2000; ++i) {
      const AttributeValue v = gen.value(AttrType::N);
      REQUIRE_FALSE(contains(range(Op::LT, smallest), key(v)));
      REQUIRE_FALSE(contains(range(Op::GT, largest), key(v)));
    }
    CHECK(contains(range(Op::LE, smallest), key(smallest)));
    CHECK(contains(range(Op::GE, largest), key(largest)));
  }
  SECTION("ranges never reach other partitions") {
    const KeyRange whole = ops::query_range(kTable, pk, std::nullopt);
    for (const Op op : {Op::EQ, Op::LT, Op::LE, Op::GT, Op::GE, Op::BEGINS_WITH}) {
      const KeyRange r = range(op, AttributeValue::string("\xFF\xFF"));
      CHECK(bytes_compare(whole.lower, r.lower) <= 0);
      CHECK(bytes_compare(r.upper, whole.upper) <= 0);
    }
  }
}

TEST_CASE("query_range: dynalite's recorded number and binary orders", "[key_range][query]") {
  // Real DynamoDB returned these sort keys in this order (dynalite test/query.js).
  const std::vector<std::string> numbers = {"-99.1", "-10.1", "-9.9", "-9",   "-1.01", "-1",   "-0.9", "-0.1",
                                            "-0.09", "-0.01", "0",    "0.01", "0.09",  "0.1",  "0.9",  "1",
                                            "1.1",   "1.9",   "9",    "9.1",  "10.1",  "10.9", "99.1"};
  const AttributeValue pk = AttributeValue::string("p");
  for (std::size_t i = 1; i < numbers.size(); ++i) {
    const AttributeValue a = num(numbers[i - 1]), b = num(numbers[i]);
    INFO(numbers[i - 1] << " < " << numbers[i]);
    CHECK(bytes_compare(storage::item_key(kTable, pk, &a), storage::item_key(kTable, pk, &b)) < 0);
    CHECK(contains(ops::query_range(kTable, pk, SortKeyCondition{Op::LT, b, {}}),
                   storage::item_key(kTable, pk, &a)));
  }
  // Binary: unsigned bytes (0x11 < 0x22 < 0x24 < 0x32 < 0x4f < 0x70 < 0xd4 ...).
  const std::vector<std::string> binaries = {
      "\x11\x1f\xe3\x2d",     "\x22\xff\xda",     "\x24", "\x32\x30\x34", "\x4f\xb3\x33\x11\x4c",
      "\x70\x07\x91\x85\x91", "\xd4\xfc\xb9\xc4", "\xd6", "\xdb",         "\xea\x98\x95\xb4",
      "\xf4\x59\x22\x38\x7d", "\xf5\x5d"};
  for (std::size_t i = 1; i < binaries.size(); ++i) {
    const AttributeValue a = AttributeValue::binary(binaries[i - 1]), b = AttributeValue::binary(binaries[i]);
    CHECK(bytes_compare(storage::item_key(kTable, pk, &a), storage::item_key(kTable, pk, &b)) < 0);
  }
}

TEST_CASE("key_after: the immediate successor among item keys", "[key_range]") {
  for (const AttrType sk_type : kKeyTypes) {
    Gen gen(40 + static_cast<int>(sk_type));
    const AttributeValue pk = AttributeValue::string("p");
    std::vector<std::string> keys;
    for (const auto& v : values_of(sk_type, gen, 400)) keys.push_back(storage::item_key(kTable, pk, &v));
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return bytes_compare(a, b) < 0; });
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::string after = ops::key_after(keys[i]);
      REQUIRE(bytes_compare(keys[i], after) < 0);
      if (i + 1 < keys.size()) REQUIRE(bytes_compare(after, keys[i + 1]) <= 0);
    }
  }
}

TEST_CASE("scan_range: segments tile the table's items for every TotalSegments", "[key_range][scan]") {
  const std::string items = storage::items_prefix(kTable);
  for (const std::uint32_t total : {1u, 2u, 3u, 4u, 7u, 10u, 16u, 255u, 1000u}) {
    INFO("TotalSegments " << total);
    REQUIRE(ops::scan_range(kTable, 0, total).lower == storage::hash_range_start(kTable, 0));
    REQUIRE(ops::scan_range(kTable, total - 1, total).upper == keys::prefix_successor(items));
    for (std::uint32_t s = 0; s + 1 < total; ++s) {
      REQUIRE(ops::scan_range(kTable, s, total).upper == ops::scan_range(kTable, s + 1, total).lower);
    }
    for (std::uint32_t s = 0; s < total; ++s) REQUIRE_FALSE(ops::scan_range(kTable, s, total).empty());
  }
}

TEST_CASE("scan_range and segment_of agree on every key, at segment boundaries too", "[key_range][scan]") {
  Gen gen(77);
  std::vector<std::string> keys;
  for (int i = 0; i < 3000; ++i) {
    const AttrType t = kKeyTypes[i % 3];
    const AttributeValue pk = gen.value(t);
    const AttributeValue sk = gen.value(AttrType::S);
    keys.push_back(storage::item_key(kTable, pk, i % 2 ? &sk : nullptr));
  }
  for (const std::uint32_t total : {1u, 2u, 3u, 5u, 8u, 10u, 13u, 1000u, 999999u, 1000000u}) {
    INFO("TotalSegments " << total);
    // Synthetic keys at each sampled boundary hash and one below it.
    std::vector<std::uint32_t> segments;
    for (std::uint32_t s = 0; s < std::min<std::uint32_t>(total, 64); ++s) segments.push_back(s);
    for (int i = 0; i < 64 && total > 64; ++i)
      segments.push_back(static_cast<std::uint32_t>(gen.uniform(0, total - 1)));
    segments.push_back(total - 1);
    for (const std::uint32_t s : segments) {
      const KeyRange r = ops::scan_range(kTable, s, total);
      const std::string start = r.lower;  // items_prefix + hash
      REQUIRE(start.size() == storage::items_prefix(kTable).size() + 4);
      const std::string first = start + "x";
      REQUIRE(contains(r, first));
      REQUIRE(ops::segment_of(kTable, first, total) == s);
      std::uint32_t h = 0;
      for (std::size_t i = start.size() - 4; i < start.size(); ++i)
        h = (h << 8) | static_cast<unsigned char>(start[i]);
      // Definition: hash h is in segment floor(h * total / 2^32).
      REQUIRE(static_cast<std::uint32_t>((static_cast<std::uint64_t>(h) * total) >> 32) == s);
      if (h > 0) {
        std::string below = storage::hash_range_start(kTable, h - 1) + "x";
        REQUIRE_FALSE(contains(r, below));
        REQUIRE(ops::segment_of(kTable, below, total) == s - 1);
        REQUIRE(contains(ops::scan_range(kTable, s - 1, total), below));
      }
    }
    for (const auto& k : keys) {
      const std::uint32_t s = ops::segment_of(kTable, k, total);
      REQUIRE(s < total);
      REQUIRE(contains(ops::scan_range(kTable, s, total), k));
      if (s > 0) REQUIRE_FALSE(contains(ops::scan_range(kTable, s - 1, total), k));
      if (s + 1 < total) REQUIRE_FALSE(contains(ops::scan_range(kTable, s + 1, total), k));
    }
  }
}

TEST_CASE("scan_range: never another table, the catalog or index entries", "[key_range][scan]") {
  Gen gen(3);
  const AttributeValue pk = AttributeValue::string("p");
  std::vector<std::string> foreign = {storage::catalog_key("tbl"), storage::meta_key("next_table_id"),
                                      storage::table_prefix(kTable) + "\x01" + std::string(8, '\0'),
                                      storage::table_prefix(kTable) + "\xFF"};
  for (int i = 0; i < 200; ++i) {
    const AttributeValue v = gen.value(AttrType::S);
    foreign.push_back(storage::item_key(kTable - 1, v, &pk));
    foreign.push_back(storage::item_key(kTable + 1, v, nullptr));
  }
  for (const std::uint32_t total : {1u, 2u, 9u, 1000000u}) {
    for (const std::uint32_t s : {0u, total / 2, total - 1}) {
      for (const auto& k : foreign) REQUIRE_FALSE(contains(ops::scan_range(kTable, s, total), k));
    }
  }
}

TEST_CASE("segment_of spreads partitions evenly", "[key_range][scan]") {
  Gen gen(8);
  for (const std::uint32_t total : {2u, 4u, 10u}) {
    std::vector<int> counts(total, 0);
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
      const AttributeValue pk = AttributeValue::string("device#" + std::to_string(i));
      counts[ops::segment_of(kTable, storage::item_key(kTable, pk, nullptr), total)]++;
    }
    for (const int c : counts) {
      INFO("TotalSegments " << total << " count " << c);
      CHECK(c > n / static_cast<int>(total) * 8 / 10);
      CHECK(c < n / static_cast<int>(total) * 12 / 10);
    }
  }
}
