#include "layout/data_generator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "dynamo_items/number.h"
#include "value/item_size.h"

namespace dynamo_items::layout_bench {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// 2023-08-27T00:00:00Z, the day of the seed README's example log.
constexpr std::int64_t kBaseTime = 1693094400;

std::string timestamp_text(std::int64_t index, std::int64_t interval, std::uint64_t h) {
  const std::time_t t = static_cast<std::time_t>(kBaseTime + index * interval);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(h % 1000000));
  return buf;
}

std::string uuid_text(std::uint64_t h) {
  const std::uint64_t l = splitmix64(h);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(h >> 32),
                static_cast<unsigned>((h >> 16) & 0xffff), static_cast<unsigned>(h & 0xfff),
                static_cast<unsigned>(0x8000 | ((l >> 48) & 0x3fff)),
                static_cast<unsigned long long>(l & 0xffffffffffffULL));
  return buf;
}

std::string letters(std::size_t n, std::uint64_t h) {
  std::string s(n, 'a');
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 8 == 0) bits = h = splitmix64(h);
    s[i] = static_cast<char>('a' + (bits & 0xff) % 26);
    bits >>= 8;
  }
  return s;
}

std::string zero_padded(std::int64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  return buf;
}

// The text of a value as it appears inside a string key ("CD#" + text).
std::string key_text(const AttributeValue& v) {
  if (v.type() == AttrType::BOOL) return v.boolean_value() ? "true" : "false";
  return v.scalar();
}

}  // namespace

double uniform01(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

std::int64_t uniform_index(Rng& rng, std::int64_t n) {
  // Lemire's multiply-shift; the bias for n far below 2^64 is negligible here.
  __extension__ using U128 = unsigned __int128;
  return static_cast<std::int64_t>((static_cast<U128>(rng()) * static_cast<std::uint64_t>(n)) >> 64);
}

PartitionChooser::PartitionChooser(std::int64_t partitions, Skew skew) : partitions_(partitions) {
  if (skew.kind != SkewKind::kZipf) return;
  cdf_.resize(static_cast<std::size_t>(partitions));
  double sum = 0.0;
  for (std::int64_t k = 0; k < partitions; ++k) {
    sum += 1.0 / std::pow(static_cast<double>(k + 1), skew.exponent);
    cdf_[static_cast<std::size_t>(k)] = sum;
  }
  for (double& c : cdf_) c /= sum;
  cdf_.back() = 1.0;
}

std::int64_t PartitionChooser::pick(Rng& rng) const {
  if (cdf_.empty()) return uniform_index(rng, partitions_);
  const double u = uniform01(rng);
  auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
  return std::min<std::int64_t>(it - cdf_.begin(), partitions_ - 1);
}

double PartitionChooser::probability(std::int64_t k) const {
  if (k < 0 || k >= partitions_) return 0.0;
  if (cdf_.empty()) return 1.0 / static_cast<double>(partitions_);
  const auto i = static_cast<std::size_t>(k);
  return i == 0 ? cdf_[0] : cdf_[i] - cdf_[i - 1];
}

ItemFactory::ItemFactory(const Layout& layout, std::uint64_t seed) : layout_(layout), seed_(seed) {}

AttributeValue ItemFactory::value(const AttributeSpec& a, std::int64_t partition, std::int64_t item,
                                  std::uint64_t version) const {
  const std::int64_t index = a.scope == Scope::kPartition ? partition : item;
  std::uint64_t h = splitmix64(seed_ ^ fnv1a(a.name));
  h = splitmix64(h ^ static_cast<std::uint64_t>(partition));
  if (a.scope == Scope::kItem) h = splitmix64(h ^ static_cast<std::uint64_t>(item));
  if (version != 0) h = splitmix64(h ^ (version * 0x2545f4914f6cdd1dULL));
  switch (a.generator) {
    case Generator::kUuid:
      return AttributeValue::string(uuid_text(h));
    case Generator::kTimestamp:
      return AttributeValue::string(timestamp_text(index, a.interval_seconds, h));
    case Generator::kSequence:
      return AttributeValue::string(zero_padded(index, a.width));
    case Generator::kString:
      return AttributeValue::string(letters(a.size, h));
    case Generator::kNumber:
      return AttributeValue::number(
          std::to_string(a.max == 0 ? 0 : h % (static_cast<std::uint64_t>(a.max) + 1)));
    case Generator::kEnum:
      return AttributeValue::string(a.values[h % a.values.size()]);
    case Generator::kBool:
      return AttributeValue::boolean((h & 1) != 0);
  }
  return AttributeValue::null();
}

AttributeValue ItemFactory::key_value(const ItemTypeSpec& type, const KeyTemplate& k, KeyType key_type,
                                      std::int64_t partition, std::int64_t item,
                                      std::uint64_t version) const {
  if (k.attribute.empty()) {
    return key_type == KeyType::kNumber ? AttributeValue::number(canonical_number(k.constant))
                                        : AttributeValue::string(k.constant);
  }
  const AttributeSpec& a = *type.attribute(k.attribute);
  if (key_type == KeyType::kNumber) {
    if (a.generator == Generator::kSequence) {
      return AttributeValue::number(std::to_string(a.scope == Scope::kPartition ? partition : item));
    }
    return value(a, partition, item, version);
  }
  return AttributeValue::string(k.prefix + key_text(value(a, partition, item, version)));
}

Item ItemFactory::key(const ItemTypeSpec& type, std::int64_t partition, std::int64_t item) const {
  const TableSpec& table = layout_.tables[type.table];
  Item key;
  key.emplace(table.partition_key.name,
              key_value(type, type.partition_key, table.partition_key.type, partition, item));
  if (table.sort_key) {
    key.emplace(table.sort_key->name, key_value(type, *type.sort_key, table.sort_key->type, partition, item));
  }
  return key;
}

Item ItemFactory::item(const ItemTypeSpec& type, std::int64_t partition, std::int64_t item,
                       std::uint64_t version) const {
  Item out;
  for (const auto& a : type.attributes) {
    // Attributes that feed a key keep their loaded value, or the key would
    // no longer match them.
    const bool feeds_key =
        a.name == type.partition_key.attribute || (type.sort_key && a.name == type.sort_key->attribute);
    out.insert_or_assign(a.name, value(a, partition, item, feeds_key ? 0 : version));
  }
  const TableSpec& table = layout_.tables[type.table];
  for (const IndexKeys& ik : type.index_keys) {
    const IndexSpec& ix = table.indexes[ik.index];
    auto version_of = [&](const KeyTemplate& k) {
      return k.attribute == type.partition_key.attribute ||
                     (type.sort_key && k.attribute == type.sort_key->attribute)
                 ? 0
                 : version;
    };
    out.insert_or_assign(ix.partition_key.name, key_value(type, ik.partition_key, ix.partition_key.type,
                                                          partition, item, version_of(ik.partition_key)));
    if (ix.sort_key) {
      out.insert_or_assign(ix.sort_key->name, key_value(type, *ik.sort_key, ix.sort_key->type, partition,
                                                        item, version_of(*ik.sort_key)));
    }
  }
  for (auto& [name, v] : key(type, partition, item)) out.insert_or_assign(name, std::move(v));
  if (type.item_size > 0) {
    const std::size_t size = item_size(out);
    const std::size_t overhead = type.padding_attribute.size();
    if (type.item_size > size + overhead) {
      out.emplace(type.padding_attribute,
                  AttributeValue::string(std::string(type.item_size - size - overhead, 'x')));
    }
  }
  return out;
}

std::string ItemFactory::partition_id(const ItemTypeSpec& type, std::int64_t partition, std::int64_t item,
                                      std::optional<std::size_t> index) const {
  const TableSpec& table = layout_.tables[type.table];
  if (index) {
    const IndexSpec& ix = table.indexes[*index];
    const IndexKeys& keys = *type.keys_for_index(*index);
    return table.name + "/" + ix.name + '\x1f' +
           key_text(key_value(type, keys.partition_key, ix.partition_key.type, partition, item));
  }
  return table.name + '\x1f' +
         key_text(key_value(type, type.partition_key, table.partition_key.type, partition, item));
}

}  // namespace dynamo_items::layout_bench
