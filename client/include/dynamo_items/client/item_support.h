// Non-template support for Item<Model> (item.h): key attributes, request
// building and the wire calls shared by all item types. Internal API: the
// names live in detail:: and may change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "dynamo_items/client/expression.h"
#include "dynamo_items/client/retry.h"
#include "dynamo_items/client/table.h"

namespace dynamo_items::client::detail {

// How one key attribute (pk or sk) of an item type is formed.
struct KeySpec {
  std::string field;      // model field; empty for the constant sort key
  std::string attribute;  // table key attribute ("pk")
  char table_type = 'S';  // the table's type for this key
  char field_kind = 'S';  // the field's scalar kind
  bool prefixed = true;
  std::string prefix;     // "CC#": prefix value and separator; empty if not prefixed
  bool constant = false;  // the constant sort key "A"
  bool python_time = false;  // a time field keyed as Python's str(datetime)
  // A composite key: its fields and their kinds, in order, whose texts are
  // joined by `joiner` (the key's separator). Empty for a one-field key.
  std::vector<std::string> parts{};
  std::vector<char> part_kinds{};
  std::string joiner{};
  // Numbers written so that text order is numeric order ('i' integer, 'f'
  // floating point; 0: as text), for the field or for each part.
  char number = 0;
  std::vector<char> part_numbers{};

  bool composite() const { return !parts.empty(); }
  bool holds(std::string_view name) const {
    if (constant) return false;
    if (!composite()) return name == field;
    for (const auto& p : parts)
      if (p == name) return true;
    return false;
  }
};

// Value-ordered number text, for numbers inside prefixed (text) sort keys,
// where "10" would sort before "9":
//   integers   20 digits, zero-padded ("00000000000000000042"); a negative n
//              is "-" and the 20 digits of 10^20 + n ("-99999999999999999958"
//              for -42), so every negative sorts below every non-negative
//              and below a larger negative.
//   floating   16 hex digits of the IEEE 754 bits, the sign bit set for
//              non-negative numbers and all bits inverted for negative ones.
// number_text() reverses it. `number` is 'i', 'f' or 0 (text unchanged).
std::string ordered_text(char number, std::string text);
std::string number_text(char number, std::string_view ordered);

// A key's bare text from its fields' texts: value-ordered numbers, and a
// composite key's parts joined by its separator.
std::string join_key_parts(const KeySpec& spec, const std::vector<std::string>& texts);

// Time to Live fields: the model writes a time as ISO 8601 text; DynamoDB's
// TTL reads epoch seconds (N). ttl_to_epoch rewrites the attribute in an item
// to be written, ttl_from_epoch gives a copy of a read item with the text
// back; ttl_value is one time's N value. Sub-second parts are dropped.
void ttl_to_epoch(rapidjson::Document& item, const std::string& attribute);
rapidjson::Document ttl_from_epoch(const Json& item, const std::string& attribute);
Json ttl_value(std::string_view iso_text, JsonAllocator& a);

// The key fields' bare texts recovered from a stored key attribute's text
// (the inverse of key_value), as (field, text); empty when the text is not
// of this key (another prefix, too few parts) or the key is constant.
std::vector<std::pair<std::string, std::string>> key_field_texts_of(const KeySpec& spec, std::string_view stored);

// The key attribute value for a field's bare text ({"S": "CC#<text>"}).
Json key_value(const KeySpec& spec, std::string_view text, JsonAllocator& a);
// Checks a caller-supplied key value's kind against a non-prefixed key.
void check_key_kind(const KeySpec& spec, char kind);
// The text of a key attribute in an item (S or N; B as raw bytes), or
// nullopt when the attribute is missing or of another type.
std::optional<std::string> key_attribute_text(const Json& item, const std::string& attribute);

rapidjson::Document request_for(const Table& table);
// Adds ConditionExpression (+ names/values) when `condition` is set.
void add_condition(rapidjson::Document& request, const std::optional<Condition>& condition, ExpressionNames& names);
std::optional<Condition> all_of(std::optional<Condition> a, std::optional<Condition> b);

// BatchWriteItem / BatchGetItem in chunks of 25 / 100 with unprocessed
// entries retried after back-off. write_requests are {"PutRequest": ...} /
// {"DeleteRequest": ...} objects. Throws Throttled when entries are still
// unprocessed after policy.max_attempts.
void batch_write(Transport& transport, const std::string& table, std::vector<rapidjson::Document> write_requests,
                 const RetryPolicy& policy);
std::vector<rapidjson::Document> batch_get(Transport& transport, const std::string& table,
                                           std::vector<rapidjson::Document> keys, bool consistent,
                                           const RetryPolicy& policy);

// Lazily paged Query: fetches the next page when the current one is used up.
class QueryPager {
 public:
  // operation: "Query" or "Scan".
  QueryPager(Transport& transport, rapidjson::Document request, const char* operation = "Query");
  // The next item, or nullptr at the end. Valid until the next call.
  const Json* next();
  // True when next() is known to return nullptr (no item left in the page
  // and DynamoDB said it was the last one).
  bool exhausted() const;

 private:
  Transport* transport_;
  rapidjson::Document request_;
  rapidjson::Document page_;
  const char* operation_;
  rapidjson::SizeType index_ = 0;
  bool started_ = false, last_page_ = false;
};

// Where a query runs: the table or one of its indexes, with an item type's
// key specs there.
struct QueryKeys {
  const IndexSpec* index = nullptr;  // nullptr: the table
  const KeySpec* pk = nullptr;
  const KeySpec* sk = nullptr;       // nullptr: no sort key for the type there
  bool has_sort_key = false;         // the table's or index's key schema has one
  const char* name() const { return index != nullptr ? index->name.c_str() : ""; }
  // Whether items read there hold every attribute (the table, or an index
  // projecting ALL).
  bool whole_items() const { return index == nullptr || index->projection.type == Projection::Type::all; }
};

// What a Query or Scan asks for besides its keys.
struct ReadShape {
  bool forward = true;
  std::optional<int> page_size;
  bool consistent = false;
  std::optional<Condition> where;   // FilterExpression
  std::vector<std::string> select;  // ProjectionExpression: these attributes and the key attributes
  bool count = false;               // Select COUNT
  std::optional<int> segment, total_segments;  // parallel Scan
};

// Cursors: opaque tokens that resume a query after an item, across requests
// and processes. A token holds the item's key attributes (what DynamoDB's
// ExclusiveStartKey takes), as URL-safe base64 of their JSON behind "dic1.".
std::string make_cursor(const Json& item, const std::vector<std::string>& key_attributes);
// The ExclusiveStartKey in a token; throws ValidationError when the token is
// not one or does not hold exactly `key_attributes`.
rapidjson::Document read_cursor(std::string_view token, const std::vector<std::string>& key_attributes);
// The key attributes of a table's items (partition key, then sort key),
// and on an index the index's key attributes after them: what
// LastEvaluatedKey holds there.
std::vector<std::string> key_attributes(const Table& table, const IndexSpec* index = nullptr);
// Sets ExclusiveStartKey in a Query or Scan request.
void set_start_key(rapidjson::Document& request, const Json& key);

// A sort-key range of one item type, and the client-side filter that keeps a
// query within the type's prefix.
struct SortRange {
  enum class Op { kAll, kEq, kBefore, kAtOrBefore, kAfter, kAtOrAfter, kBetween, kBeginsWith } op = Op::kAll;
  std::string low, high;  // bare texts (without prefix)
  char kind = 'S';
};
// A range given by the leading parts of a composite sort key covers every
// key that starts with them: `eq` becomes a prefix match, and inclusive
// upper / exclusive lower bounds extend past all keys with those parts.
SortRange leading_parts_range(SortRange range, const std::string& joiner);
struct SortFilter {
  std::string attribute;
  std::string required_prefix;            // items must start with this
  std::optional<std::string> excluded;    // exclusive bounds drop this one
  bool keep(const Json& item) const;
};
rapidjson::Document build_query(const Table& table, const QueryKeys& keys, std::string_view pk_text,
                                const SortRange& range, const ReadShape& shape, SortFilter& filter);
// A Query on a multi-attribute index: equality on every partition
// attribute (`partition`, an array of attribute values in KeySchema order),
// then the sort attributes left to right: equality on all of `low` but its
// last element, which takes `op` (with `high` for BETWEEN).
rapidjson::Document build_multi_query(const Table& table, const IndexSpec& index, const Json& partition,
                                      const Json& low, const Json& high, SortRange::Op op, const ReadShape& shape);
// The items of one type a query range matches (Select COUNT, every page;
// exclusive bounds corrected with a count of the bound).
std::size_t count_query(const Table& table, const QueryKeys& keys, std::string_view pk_text, const SortRange& range,
                        ReadShape shape);
// A Scan of one item type: its key prefixes (or constant sort key) as a
// filter, with `shape`'s filter, projection, count and segment.
rapidjson::Document build_scan(const Table& table, const QueryKeys& keys, const ReadShape& shape);
// Sums Count over the pages of a COUNT Query or Scan.
std::size_t count_pages(Transport& transport, const char* operation, rapidjson::Document request);

// Which of `sort_keys` an item of a collection belongs to, by its sort key;
// -1 when none. Longer prefixes win; the constant key matches "A".
int match_sort_key(const Json& item, const std::string& sk_attribute, const std::vector<const KeySpec*>& sort_keys);

}  // namespace dynamo_items::client::detail
