// Key-schema rules shared by CreateTable and UpdateTable (new global
// secondary indexes), checked in DynamoDB's order.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dynamo_items/attribute_value.h"
#include "ops/request.h"

namespace dynamo_items::ops {

struct KeySchemaSpec {
  std::string hash, range;
};

// DynamoDB's order: count against definitions (table level only), undefined
// names, same name, then HASH/RANGE positions.
KeySchemaSpec check_key_schema(const Json& ks, const std::map<std::string, AttrType>& defs,
                               const std::vector<std::string>& def_names, bool table_level);

}  // namespace dynamo_items::ops
