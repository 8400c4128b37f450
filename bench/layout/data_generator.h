// Data generation for the layout benchmark: which partition an operation
// touches (uniform or Zipf skew) and the attribute values, keys and items of
// a layout's item types.
//
// Every value is a pure function of (seed, attribute name, partition, item
// index, version), so the loader and the runner agree on keys without storing
// them, and the same seed gives the same data and the same operations.
// Formats:
//   uuid       36-character version-4 UUID text
//   timestamp  ISO 8601 with microseconds, "2023-08-27T01:10:36.357227";
//              item i is i * interval_seconds after 2023-08-27T00:00:00, so
//              timestamps sort in item order
//   sequence   the item index, zero-padded to `width` digits (a number when it
//              feeds a number key)
//   string     `size` lowercase letters
//   number     an integer in [0, max]
//   enum       one of `values`; bool: true or false
// Attributes with "per": "partition" take the partition index instead of the
// item index, so a device id is the same in the device, its commands and logs.
//
// Thread safety: PartitionChooser and ItemFactory are immutable after
// construction; the random generator passed in is the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "dynamo_items/attribute_value.h"
#include "layout/layout_file.h"

namespace dynamo_items::layout_bench {

using Rng = std::mt19937_64;

// A double in [0, 1) from the top 53 bits: identical on every platform,
// unlike std::uniform_real_distribution.
double uniform01(Rng& rng);
// An integer in [0, n). REQUIRES: n >= 1.
std::int64_t uniform_index(Rng& rng, std::int64_t n);

// Picks a partition in [0, n): uniformly, or by Zipf's law where partition k
// (0-based rank) has probability (1 / (k + 1)^s) / H(n, s). Partition 0 is the
// hottest; its key is a hash like every other, so rank does not show in keys.
class PartitionChooser {
 public:
  PartitionChooser(std::int64_t partitions, Skew skew);
  std::int64_t pick(Rng& rng) const;
  // The exact probability of partition k, for tests and reports.
  double probability(std::int64_t k) const;
  std::int64_t partitions() const { return partitions_; }

 private:
  std::int64_t partitions_;
  std::vector<double> cdf_;  // Zipf only: cdf_[k] = P(partition <= k)
};

class ItemFactory {
 public:
  ItemFactory(const Layout& layout, std::uint64_t seed);

  // An attribute's value; version 0 is the loaded value, others are what an
  // update or overwrite writes.
  AttributeValue value(const AttributeSpec& a, std::int64_t partition, std::int64_t item,
                       std::uint64_t version = 0) const;
  // The value of one key attribute of an item of `type` (version: that of
  // the attribute feeding it, for index keys after an update).
  AttributeValue key_value(const ItemTypeSpec& type, const KeyTemplate& k, KeyType key_type,
                           std::int64_t partition, std::int64_t item, std::uint64_t version = 0) const;
  // The primary key of an item (its table's key attributes only).
  Item key(const ItemTypeSpec& type, std::int64_t partition, std::int64_t item) const;
  // A whole item: declared attributes, key attributes (the table's and those
  // of the indexes the type is in), and padding up to type.item_size bytes.
  Item item(const ItemTypeSpec& type, std::int64_t partition, std::int64_t item,
            std::uint64_t version = 0) const;
  // Identifies the partition an item lives in ("<table>[/<index>]\x1f<partition
  // key text>"), in the table or in one of its indexes, for counting traffic
  // per partition. REQUIRES: the type has keys for `index`.
  std::string partition_id(const ItemTypeSpec& type, std::int64_t partition, std::int64_t item,
                           std::optional<std::size_t> index = std::nullopt) const;

  const Layout& layout() const { return layout_; }

 private:
  const Layout& layout_;
  std::uint64_t seed_;
};

}  // namespace dynamo_items::layout_bench
