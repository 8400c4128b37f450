// Key ranges: turning a Query's key condition (partition key equality plus an
// optional sort-key condition) or a Scan segment into the [lower, upper)
// RocksDB key range that holds exactly the matching items, so reads touch
// only what they return.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items::ops {

struct SortKeyCondition {
  enum class Op { EQ, LT, LE, GT, GE, BETWEEN, BEGINS_WITH };
  Op op = Op::EQ;
  AttributeValue first;
  AttributeValue second;  // BETWEEN's upper bound
};

// Half-open range of storage keys. Empty when lower >= upper.
struct KeyRange {
  std::string lower;
  std::string upper;
  bool empty() const { return lower >= upper; }
};

// REQUIRES: pk and the condition values have the key types of the table.
KeyRange query_range(std::uint64_t table_id, const AttributeValue& pk, const std::optional<SortKeyCondition>& sk);

// The same within any partition whose keys are partition_prefix, then the
// sort key, then possibly more components (index entries end with the table
// key).
KeyRange partition_range(const std::string& partition_prefix, const std::optional<SortKeyCondition>& sk);

// Items of parallel-scan segment `segment` of `total_segments` (hash ranges).
KeyRange scan_range(std::uint64_t table_id, std::uint32_t segment, std::uint32_t total_segments);
// The same in any key space laid out as space_prefix, hash:u32, ... (a table's
// items or one of its indexes).
KeyRange scan_range_in(const std::string& space_prefix, std::uint32_t segment, std::uint32_t total_segments);

// Which segment of total_segments holds the item with this storage key.
std::uint32_t segment_of(std::uint64_t table_id, const std::string& storage_key, std::uint32_t total_segments);

// The smallest key strictly greater than `key` among keys that no other key
// extends (every item key is self-delimiting, so key + 0x00 works).
std::string key_after(const std::string& key);

}  // namespace dynamo_items::ops
