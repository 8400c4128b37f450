// The storage layout's key builders and the ordering properties the engine
// relies on: a table's keys are one range (DeleteTable is one DeleteRange), a
// partition's items are one range sorted by sort key (Query is one scan),
// index spaces never overlap the items or each other, hash ranges cut a
// table's items by hash (parallel Scan), and the bytes stay what is on disk.
#include "storage/layout.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "dynamo_items/number.h"
#include "keys/key_codec.h"

using namespace dynamo_items;

namespace {

AttributeValue S(std::string s) { return AttributeValue::string(std::move(s)); }
AttributeValue N(const std::string& s) { return AttributeValue::number(Number::parse(s).to_string()); }
AttributeValue B(std::string s) { return AttributeValue::binary(std::move(s)); }

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// Keys that share prefixes in tricky ways: embedded zero bytes, 0xFF, one
// value a prefix of another, the empty string.
std::vector<AttributeValue> tricky_strings() {
  return {S(""),
          S("a"),
          S(std::string("a\0", 2)),
          S("a\x01"),
          S("ab"),
          S("a\xFF"),
          S(std::string("\0", 1)),
          S("\xFF\xFF"),
          S("b"),
          S(std::string(1024, 'z'))};
}

std::vector<AttributeValue> tricky_numbers() {
  return {N("-1e125"), N("-100"), N("-1"),  N("-0.5"), N("0"),   N("1e-130"),
          N("0.5"),    N("1"),    N("1.5"), N("10"),   N("100"), N("12345678901234567890123456789012345678"),
          N("9.9e125")};
}

// Distinct random binaries, many with zero bytes.
std::vector<AttributeValue> random_binaries(std::mt19937& rng, int n) {
  std::vector<std::string> bytes;
  for (int i = 0; i < n; ++i) {
    std::string b(rng() % 6, '\0');
    for (char& c : b) c = static_cast<char>(rng() % 4 == 0 ? 0 : rng());
    bytes.push_back(b);
  }
  std::sort(bytes.begin(), bytes.end());
  bytes.erase(std::unique(bytes.begin(), bytes.end()), bytes.end());
  std::vector<AttributeValue> out;
  for (auto& b : bytes) out.push_back(B(b));
  return out;
}

}  // namespace

TEST_CASE("layout: exact bytes of every key builder", "[layout]") {
  CHECK(storage::catalog_prefix() == std::string("\x00T", 2));
  CHECK(storage::catalog_key("Music") == std::string("\x00TMusic", 7));
  CHECK(storage::meta_key("next-table-id") == std::string("\x00Mnext-table-id", 15));
  CHECK(storage::table_prefix(0x0102030405060708ULL) ==
        std::string("\x01\x01\x02\x03\x04\x05\x06\x07\x08", 9));
  CHECK(storage::items_prefix(1) == std::string("\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00", 10));
  CHECK(storage::index_prefix(1, 3) == std::string("\x01\x00\x00\x00\x00\x00\x00\x00\x01\x03", 10));

  // enc("a") = 'a' 00 01 and FNV-1a-32 of those three bytes is 0x2ff3dc9f:
  // pinned, because the hash is part of every stored key.
  const std::string enc_a("a\x00\x01", 3);
  REQUIRE(keys::partition_hash(enc_a) == 0x2ff3dc9fu);
  const std::string partition = storage::items_prefix(1) + std::string("\x2f\xf3\xdc\x9f", 4) + enc_a;
  CHECK(storage::partition_prefix(1, S("a")) == partition);
  CHECK(storage::item_key(1, S("a"), nullptr) == partition);
  const AttributeValue sk = N("7");
  CHECK(storage::item_key(1, S("a"), &sk) == partition + keys::encode_key_component(sk));

  const AttributeValue a = S("a");
  const std::string index_partition =
      storage::index_prefix(1, 2) + std::string("\x2f\xf3\xdc\x9f", 4) + enc_a;
  CHECK(storage::index_partition_prefix(1, 2, {&a}) == index_partition);
  const AttributeValue pk = S("p");
  CHECK(storage::index_entry_key(1, 2, {&a}, {&sk}, pk, nullptr) ==
        index_partition + keys::encode_key_component(sk) + keys::encode_key_component(pk));
  CHECK(storage::index_entry_key(1, 2, {&a}, {}, pk, &sk) ==
        index_partition + keys::encode_key_component(pk) + keys::encode_key_component(sk));

  CHECK(storage::hash_range_start(1, 0xA0B0C0D0u) ==
        storage::items_prefix(1) + std::string("\xA0\xB0\xC0\xD0", 4));
  CHECK(storage::index_hash_range_start(1, 4, 0x01u) ==
        storage::index_prefix(1, 4) + std::string("\0\0\0\x01", 4));
}

TEST_CASE("layout: integers are big-endian and read back", "[layout]") {
  std::string out;
  storage::append_u32(out, 0x11223344u);
  CHECK(out == "\x11\x22\x33\x44");
  for (std::uint64_t v : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{255}, std::uint64_t{256},
                          std::uint64_t{1} << 32, std::numeric_limits<std::uint64_t>::max()}) {
    std::string bytes;
    storage::append_u64(bytes, v);
    REQUIRE(bytes.size() == 8);
    CHECK(storage::read_u64(bytes) == v);
    // A u64 followed by more bytes reads only its own eight.
    CHECK(storage::read_u64(bytes + "\xFF\xFF") == v);
  }
}

TEST_CASE("layout: table prefixes sort by id and each table is one range", "[layout]") {
  // Ids that differ only in a high byte or carry across bytes: numeric order
  // must be byte order, or DeleteTable's range would cut into another table.
  const std::vector<std::uint64_t> ids{
      0, 1, 2, 255, 256, 257, 65535, 65536, (1ULL << 32) - 1, 1ULL << 32, (1ULL << 56) + 5, (1ULL << 63)};
  for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
    CHECK(storage::table_prefix(ids[i]) < storage::table_prefix(ids[i + 1]));
  }
  const AttributeValue sk = S(std::string(300, '\xFF'));
  const AttributeValue big_b = B(std::string(100, '\xFF'));
  for (std::uint64_t id : {std::uint64_t{7}, std::uint64_t{255}, std::uint64_t{(1ULL << 32) - 1}}) {
    const std::string lo = storage::table_prefix(id);
    const std::string hi = storage::table_prefix(id + 1);
    const std::vector<std::string> keys_of_table{
        storage::items_prefix(id),
        storage::item_key(id, S(std::string(2000, '\xFF')), &sk),
        storage::item_key(id, N("9.9e125"), nullptr),
        storage::index_prefix(id, 1),
        storage::index_entry_key(id, 255, {&big_b}, {&sk}, S("\xFF"), &sk),
        storage::index_hash_range_start(id, 255, 0xFFFFFFFFu),
        storage::hash_range_start(id, 0xFFFFFFFFu),
    };
    for (const auto& k : keys_of_table) {
      CHECK(starts_with(k, lo));
      CHECK(k >= lo);
      CHECK(k < hi);
    }
  }
}

TEST_CASE("layout: catalog and meta keys never collide with each other or with table keys", "[layout]") {
  const std::string catalog = storage::catalog_prefix();
  CHECK(starts_with(storage::catalog_key("t1"), catalog));
  CHECK_FALSE(starts_with(storage::meta_key("t1"), catalog));
  CHECK(storage::catalog_key("t1") != storage::meta_key("t1"));
  // Catalog entries list in table-name order (ListTables relies on it).
  CHECK(storage::catalog_key("Alpha") < storage::catalog_key("Beta"));
  CHECK(storage::catalog_key("a") < storage::catalog_key("a.b"));
  CHECK(storage::catalog_key("a-b") < storage::catalog_key("a_b"));
  // Everything below 0x01 is metadata; every table key is above it.
  const std::string longest_name(255, 'z');
  CHECK(storage::catalog_key(longest_name) < storage::table_prefix(0));
  CHECK(storage::meta_key(std::string(64, '\xFF')) < storage::table_prefix(0));
  CHECK_FALSE(starts_with(storage::table_prefix(0), catalog));
}

TEST_CASE("layout: item space and index spaces of a table never overlap", "[layout]") {
  const std::uint64_t id = 42;
  std::vector<std::string> spaces{storage::items_prefix(id)};
  for (int no = 1; no <= 255; ++no)
    spaces.push_back(storage::index_prefix(id, static_cast<std::uint8_t>(no)));
  spaces.push_back(storage::items_prefix(id + 1));
  for (std::size_t i = 0; i < spaces.size(); ++i) {
    for (std::size_t j = 0; j < spaces.size(); ++j) {
      if (i == j) continue;
      CHECK_FALSE(starts_with(spaces[i], spaces[j]));
    }
  }
  // Items of a table come before its indexes, index 1 before index 2.
  const AttributeValue big = S(std::string(500, '\xFF'));
  CHECK(storage::item_key(id, big, &big) < storage::index_prefix(id, 1));
  CHECK(storage::index_entry_key(id, 1, {&big}, {&big}, big, &big) < storage::index_prefix(id, 2));
  // Item keys of the table are never in an index space and vice versa.
  const AttributeValue x = S("x");
  const std::string item = storage::item_key(id, x, nullptr);
  const std::string entry = storage::index_entry_key(id, 1, {&x}, {}, x, nullptr);
  CHECK(starts_with(item, storage::items_prefix(id)));
  CHECK_FALSE(starts_with(item, storage::index_prefix(id, 1)));
  CHECK(starts_with(entry, storage::index_prefix(id, 1)));
  CHECK_FALSE(starts_with(entry, storage::items_prefix(id)));
}

TEST_CASE("layout: a partition's items are one contiguous range in sort-key order", "[layout]") {
  std::mt19937 rng(14);
  const std::uint64_t id = 3;
  // A table's key attributes have one type each, so each combination of
  // partition-key type and sort-key type is one table.
  const std::vector<std::vector<AttributeValue>> key_sets{tricky_strings(), tricky_numbers(),
                                                          random_binaries(rng, 30)};
  for (const auto& pks : key_sets) {
    for (const auto& sks : key_sets) {
      struct Entry {
        std::string key;
        std::size_t pk;
        std::size_t sk;
      };
      std::vector<Entry> entries;
      for (std::size_t p = 0; p < pks.size(); ++p) {
        for (std::size_t s = 0; s < sks.size(); ++s)
          entries.push_back({storage::item_key(id, pks[p], &sks[s]), p, s});
      }
      std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
      for (std::size_t i = 1; i < entries.size(); ++i) REQUIRE(entries[i - 1].key != entries[i].key);

      for (std::size_t p = 0; p < pks.size(); ++p) {
        const std::string prefix = storage::partition_prefix(id, pks[p]);
        // Exactly this partition's keys start with its prefix...
        std::vector<std::size_t> positions;
        for (std::size_t i = 0; i < entries.size(); ++i) {
          const bool own = entries[i].pk == p;
          CHECK(starts_with(entries[i].key, prefix) == own);
          if (own) positions.push_back(i);
        }
        // ...and they are adjacent once sorted.
        REQUIRE(positions.size() == sks.size());
        CHECK(positions.back() - positions.front() + 1 == positions.size());
        // Within the partition, order is the sort key's order (numeric for N,
        // unsigned bytes for S and B).
        for (std::size_t k = 1; k < positions.size(); ++k) {
          const AttributeValue& a = sks[entries[positions[k - 1]].sk];
          const AttributeValue& b = sks[entries[positions[k]].sk];
          if (a.type() == AttrType::N) {
            CHECK(Number::parse(a.scalar()) < Number::parse(b.scalar()));
          } else {
            CHECK(a.scalar() < b.scalar());
          }
        }
      }
    }
  }
}

TEST_CASE("layout: a table without a sort key has one key per partition, equal to its prefix", "[layout]") {
  for (const auto& pk : tricky_strings()) {
    CHECK(storage::item_key(9, pk, nullptr) == storage::partition_prefix(9, pk));
  }
  // The same values in different tables give different keys.
  CHECK(storage::item_key(9, S("a"), nullptr) != storage::item_key(10, S("a"), nullptr));
  // S and B with the same bytes share a key encoding; a table's key has one
  // type, so only the table id must tell them apart.
  CHECK(storage::item_key(9, S("a"), nullptr) == storage::item_key(9, B("a"), nullptr));
}

TEST_CASE("layout: hash ranges split a table's items by partition hash", "[layout]") {
  const std::uint64_t id = 5;
  std::mt19937 rng(7);
  const std::vector<std::uint32_t> cuts{0u, 1u, 0x40000000u, 0x80000000u, 0xC0000000u, 0xFFFFFFFFu};
  for (int i = 0; i < 500; ++i) {
    const AttributeValue pk = S("user#" + std::to_string(rng()));
    const AttributeValue sk = N(std::to_string(static_cast<int>(rng() % 1000) - 500));
    const std::string key = storage::item_key(id, pk, &sk);
    const std::uint32_t hash = keys::partition_hash(keys::encode_key_component(pk));
    for (std::uint32_t cut : cuts) {
      const std::string start = storage::hash_range_start(id, cut);
      CHECK((key >= start) == (hash >= cut));
    }
    // Index entries follow the same rule within the index space.
    const std::string entry = storage::index_entry_key(id, 1, {&pk}, {&sk}, S("t"), nullptr);
    for (std::uint32_t cut : cuts) {
      CHECK((entry >= storage::index_hash_range_start(id, 1, cut)) == (hash >= cut));
    }
  }
  // Every hash range start lies inside the table's item space.
  CHECK(storage::hash_range_start(id, 0) > storage::items_prefix(id));
  CHECK(starts_with(storage::hash_range_start(id, 0xFFFFFFFFu), storage::items_prefix(id)));
}

TEST_CASE("layout: an index partition is contiguous, sorted by index sort key then table key", "[layout]") {
  const std::uint64_t id = 11;
  const std::uint8_t index_no = 2;
  const std::vector<AttributeValue> ipks{S("red"), S("green"), S("blue"), S(""), S(std::string("r\0", 2))};
  const std::vector<AttributeValue> isks = tricky_numbers();
  const std::vector<AttributeValue> table_pks{S("a"), S("b"), S(std::string("a\0", 2)), S("ab")};
  struct Entry {
    std::string key;
    std::size_t ipk, isk, pk;
  };
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < ipks.size(); ++i) {
    for (std::size_t s = 0; s < isks.size(); ++s) {
      for (std::size_t p = 0; p < table_pks.size(); ++p) {
        entries.push_back(
            {storage::index_entry_key(id, index_no, {&ipks[i]}, {&isks[s]}, table_pks[p], nullptr), i, s, p});
      }
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
  // Different table items with the same index key stay distinct entries.
  for (std::size_t k = 1; k < entries.size(); ++k) REQUIRE(entries[k - 1].key != entries[k].key);
  for (std::size_t i = 0; i < ipks.size(); ++i) {
    const std::string prefix = storage::index_partition_prefix(id, index_no, {&ipks[i]});
    std::vector<std::size_t> positions;
    for (std::size_t k = 0; k < entries.size(); ++k) {
      CHECK(starts_with(entries[k].key, prefix) == (entries[k].ipk == i));
      if (entries[k].ipk == i) positions.push_back(k);
    }
    REQUIRE(positions.size() == isks.size() * table_pks.size());
    CHECK(positions.back() - positions.front() + 1 == positions.size());
    for (std::size_t k = 1; k < positions.size(); ++k) {
      const Entry& a = entries[positions[k - 1]];
      const Entry& b = entries[positions[k]];
      // isks are listed in ascending numeric order, so index order is list order.
      CHECK(a.isk <= b.isk);
      if (a.isk == b.isk) CHECK(table_pks[a.pk].scalar() < table_pks[b.pk].scalar());
    }
  }
}
