// Layout file: what `dynamo-items bench layout FILE` reads. A layout declares
// tables, item types (key templates built from an attribute and a prefix, and
// the attributes an item carries), the data volume (number of partitions,
// items per collection, item size, skew) and weighted access patterns, each a
// short sequence of requests (get, query, put, update). The JSON format is
// documented in bench/layout/README.md.
//
// Usage:
//   ParsedLayout parsed = parse_layout(json_text);
//   if (!parsed.layout) std::cerr << parsed.error;   // "access_patterns[1].requests[0].op: ..."
//
// The types are plain data: intentionally copyable, no shared state.
// parse_layout() checks everything the runner relies on (names resolve, range
// queries use an ordered sort key, key types match their generators), so a
// parsed Layout can be run without further validation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dynamo_items::layout_bench {

enum class KeyType { kString, kNumber };

struct KeyAttribute {
  std::string name;
  KeyType type = KeyType::kString;
};

enum class Projection { kAll, kKeysOnly, kInclude };

// A global secondary index of a table. Items enter it when their item type
// declares keys for it (IndexKeys), so an index is sparse by construction.
struct IndexSpec {
  std::string name;
  KeyAttribute partition_key;
  std::optional<KeyAttribute> sort_key;
  Projection projection = Projection::kAll;
  std::vector<std::string> non_key_attributes;  // kInclude
};

struct TableSpec {
  std::string name;
  KeyAttribute partition_key;
  std::optional<KeyAttribute> sort_key;
  std::vector<IndexSpec> indexes;
  std::string billing_mode = "PAY_PER_REQUEST";  // or PROVISIONED
  std::int64_t read_capacity = 0;                // PROVISIONED only
  std::int64_t write_capacity = 0;
};

// How an attribute's values are made (see data_generator.h for the formats).
enum class Generator { kUuid, kTimestamp, kSequence, kString, kNumber, kEnum, kBool };

// kPartition: one value per partition (a device id shared by the device, its
// commands and its logs); kItem: one value per item.
enum class Scope { kPartition, kItem };

struct AttributeSpec {
  std::string name;
  Generator generator = Generator::kString;
  Scope scope = Scope::kItem;
  std::size_t size = 16;               // kString: bytes
  int width = 8;                       // kSequence: zero-padded digits
  std::int64_t max = 0;                // kNumber: values in [0, max]
  std::int64_t interval_seconds = 60;  // kTimestamp: time between consecutive items
  std::vector<std::string> values;     // kEnum

  // Values sort in item order (timestamps, sequences), so a sort-key range
  // over consecutive items is one BETWEEN.
  bool ordered() const { return generator == Generator::kTimestamp || generator == Generator::kSequence; }
};

// A key attribute's value: prefix + the value of `attribute`, or `constant`
// when no attribute is named (the seed's "A" sort key of an item without one).
struct KeyTemplate {
  std::string prefix;
  std::string attribute;  // empty: constant
  std::string constant;
};

// The values an item type gives an index's key attributes ("overloading":
// each item type fills the same gsi1pk/gsi1sk with its own prefixes).
struct IndexKeys {
  std::size_t index = 0;  // into the table's indexes
  KeyTemplate partition_key;
  std::optional<KeyTemplate> sort_key;  // present exactly when the index has a sort key
};

struct ItemTypeSpec {
  std::string name;
  std::size_t table = 0;  // index into Layout::tables
  KeyTemplate partition_key;
  std::optional<KeyTemplate> sort_key;  // present exactly when the table has a sort key
  std::vector<IndexKeys> index_keys;    // the indexes this type's items appear in
  std::vector<AttributeSpec> attributes;
  // Volume.
  std::int64_t per_partition = 1;  // items in each partition's collection
  std::size_t item_size = 0;       // padded to this many bytes (DynamoDB's item size); 0: no padding
  std::string padding_attribute = "data";

  const AttributeSpec* attribute(std::string_view name) const;
  const IndexKeys* keys_for_index(std::size_t index) const;
};

enum class SkewKind { kUniform, kZipf };

struct Skew {
  SkewKind kind = SkewKind::kUniform;
  double exponent = 1.0;  // kZipf: P(rank k) proportional to 1 / k^exponent
};

enum class Op { kGet, kQuery, kPut, kUpdate };

// A query's sort-key condition.
enum class SortCondition {
  kNone,        // the whole collection (partition key only)
  kRange,       // N consecutive items of the item type: BETWEEN key(i) AND key(i + N - 1)
  kBeginsWith,  // begins_with(sk, operand)
  kBetween,     // sk BETWEEN operand AND operand2
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
};

struct RequestSpec {
  Op op = Op::kGet;
  std::size_t item_type = 0;         // index into Layout::item_types
  bool consistent = false;           // get, query: strongly consistent read
  std::optional<std::size_t> index;  // query: a secondary index of the item type's table
  // query
  SortCondition condition = SortCondition::kNone;
  std::int64_t range_items = 0;
  std::string operand, operand2;  // literal sort-key values (text of an S or N key)
  std::optional<std::int64_t> limit;
  bool forward = true;
  // put: a new item appended to the collection, or an overwrite of an existing one
  bool new_item = true;
  // update: SET the listed attributes to fresh values, ADD 1 to the listed numbers
  std::vector<std::string> set_attributes;
  std::vector<std::string> add_attributes;
  bool require_exists = false;  // ConditionExpression attribute_exists(partition key)
};

struct AccessPattern {
  std::string name;
  double weight = 1.0;
  std::vector<RequestSpec> requests;  // run in order, all on the same partition
};

struct Layout {
  std::string name;
  std::string description;
  std::vector<TableSpec> tables;
  std::vector<ItemTypeSpec> item_types;
  std::int64_t partitions = 1;
  Skew skew;
  std::vector<AccessPattern> patterns;
};

struct ParsedLayout {
  std::optional<Layout> layout;
  std::string error;  // when !layout: "<member path>: <what is wrong>"
};

ParsedLayout parse_layout(std::string_view json_text);
// Reads and parses a file; the error names the file.
ParsedLayout load_layout_file(const std::string& path);

std::string_view op_name(Op op);

}  // namespace dynamo_items::layout_bench
