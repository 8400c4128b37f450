// Request schemas: an operation declares its top-level request members (JSON
// shape, whether required, constraints) in one table, and check_request runs
// it the way DynamoDB's front end does before the operation sees the request:
// first every declared member's JSON type, in the order the request's members
// arrive (a SerializationException, as a streaming deserializer meets them),
// then the constraints in the table's order (the order of DynamoDB's model,
// which is the order its "N validation errors detected" lists them in), all
// reported together in one ValidationException.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ops/request.h"

namespace dynamo_items::ops {

enum class Shape { kString, kBoolean, kLong, kStructure, kList };

// Named constraints DynamoDB applies to a family of members.
enum class NameRule {
  kNone,
  kItemTableName,  // ConstraintErrors::item_table_name
  kTableName,      // ConstraintErrors::table_name
  kIndexName,      // ConstraintErrors::index_name
};

struct MemberRule {
  const char* name;  // as on the wire: "ReturnValues"
  Shape shape;
  bool required = false;
  std::vector<const char*> allowed = {};  // enum values, in DynamoDB's listing order
  NameRule name_rule = NameRule::kNone;
  std::optional<std::int64_t> min = {}, max = {};  // value of a Long; min: size of a List
};

using RequestSchema = std::span<const MemberRule>;

// Throws SerializationException or ValidationException as described above.
void check_request(const Json& req, RequestSchema schema);

// Members many operations share. Functions, not constants: the operations'
// tables are built during static initialization, in no set order across
// files.
MemberRule return_consumed_capacity();
MemberRule return_item_collection_metrics();
MemberRule return_values_on_condition_check_failure();

}  // namespace dynamo_items::ops
