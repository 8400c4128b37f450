// ReadTarget: what a Query or Scan reads, the table itself or one of its
// secondary indexes, with the key attributes that address it, the key space
// it lives in, and the index rules DynamoDB applies (no consistent reads on
// a GSI, Select ALL_ATTRIBUTES only on a fully projected GSI, an LSI fetching
// unprojected attributes from the table).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/table_schema.h"
#include "ops/key_condition.h"
#include "ops/read_common.h"
#include "ops/request.h"

namespace dynamo_items {
class EngineImpl;
}

namespace dynamo_items::ops {

struct ReadTarget {
  const catalog::IndexSchema* index = nullptr;  // nullptr: the table
  QueryKeys keys;
  std::string space_prefix;                     // items or index entries: prefix, hash, ...
  // An LSI read that must fetch attributes its projection lacks.
  bool fetch_from_table = false;
};

// Throws "The table does not have the specified index: X" and the index rules.
ReadTarget read_target(const catalog::TableSchema& table, const Json& req);

// Storage key of an ExclusiveStartKey in the target's key space, or nullopt.
// For an index the key must hold the index's and the table's key attributes.
std::optional<std::string> target_start_key(const Json& req, const catalog::TableSchema& table,
                                            const ReadTarget& target);

// An ExclusiveStartKey's item and storage key: any error the codec or the
// key checks report becomes "The provided starting key is invalid: <message>".
Item decode_start_key(const Json& esk);
std::string start_key_storage(const catalog::TableSchema& table, const Item& key);

// LastEvaluatedKey of an item read: the table's key plus the index's.
Item target_last_key(const catalog::TableSchema& table, const ReadTarget& target, const Item& item);

// For LSI reads that need the whole item: replaces the plan's projection
// step with one that reads the table item first.
// Each fetched item is charged as its own read (rounded up to 4 KB), summed
// into *fetched_units.
void fetch_table_items(EngineImpl& engine, const catalog::TableSchema& table, bool consistent, ReadPlan& plan,
                       std::shared_ptr<double> fetched_units);

}  // namespace dynamo_items::ops
