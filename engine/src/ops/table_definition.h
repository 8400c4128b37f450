// Key-schema rules shared by CreateTable and UpdateTable (new global
// secondary indexes), checked in DynamoDB's order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_schema.h"

#include "dynamo_items/attribute_value.h"
#include "ops/request.h"

namespace dynamo_items::ops {

struct KeySchemaSpec {
  std::string hash, range;                       // the first of each ("" when none)
  std::vector<std::string> hash_keys, range_keys;  // all, in KeySchema order
};

// At most this many HASH and this many RANGE attributes in a GSI's key.
constexpr std::size_t kMaxIndexKeyAttributes = 4;

// DynamoDB's order: count against definitions (table level only), undefined
// names, same name, then HASH/RANGE positions. `global_index`: a GSI's key,
// which may have up to four HASH and four RANGE attributes, HASH ones first.
KeySchemaSpec check_key_schema(const Json& ks, const std::map<std::string, AttrType>& defs,
                               const std::vector<std::string>& def_names, bool table_level,
                               bool global_index = false);

// A CreateTable request checked and turned into the table's schema (no id
// yet), with the view type of the stream to start once it has one.
// RestoreTableFromBackup builds such a request from a backup's definition.
struct NewTable {
  catalog::TableSchema schema;
  std::optional<std::string> stream_view_type;
};
NewTable read_new_table(const Request& req);

}  // namespace dynamo_items::ops
