// The one read loop behind Query and Scan: walks a key range forwards or
// backwards, counts what it reads against Limit and DynamoDB's 1 MB page
// limit, applies the filter after the read, projects, and reports where it
// stopped (LastEvaluatedKey) so any page can be resumed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_schema.h"
#include "dynamo_items/attribute_value.h"
#include "ops/key_range.h"

namespace dynamo_items {
class EngineImpl;
}

namespace dynamo_items::ops {

struct ReadPlan {
  KeyRange range;
  bool forward = true;
  std::optional<std::int64_t> limit;             // items read, before the filter
  std::function<bool(const Item&)> filter;       // empty: keep every item
  std::function<Item(const Item&)> project;      // empty: whole item
  bool count_only = false;                       // Select COUNT: no items kept
};

struct ReadResult {
  // Without a filter or projection the items are kept as stored (item_codec
  // bytes, one after another, each ending at stored_ends[i]) for
  // response_items.h; otherwise decoded, filtered and projected.
  std::string stored_bytes;
  std::vector<std::size_t> stored_ends;
  std::vector<Item> items;
  std::int64_t count = 0;
  std::int64_t scanned_count = 0;
  std::size_t scanned_bytes = 0;                 // DynamoDB item sizes of items read
  std::optional<Item> last_evaluated;            // last item read, when the page stopped early
};

ReadResult run_read(EngineImpl& engine, const ReadPlan& plan);

constexpr std::size_t kMaxPageBytes = 1024 * 1024;

}  // namespace dynamo_items::ops
