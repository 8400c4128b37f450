// Request schemas: an operation declares its top-level request members (JSON
// shape, whether required, constraints) in one table, and check_request runs
// it the way DynamoDB's front end does before the operation sees the request:
// first the request is an object, then every declared member's JSON type (and
// its declared nested members'), in the order the request's members arrive (a
// SerializationException, as a streaming deserializer meets them), then a
// required TableName's presence, then the constraints in the table's order
// (the order of DynamoDB's model, which is the order its "N validation errors
// detected" lists them in), all reported together in one ValidationException.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ops/request.h"

namespace dynamo_items::ops {

// A Structure has declared members ("Expected null" for a scalar), a Map any
// keys ("Expected map or null"); Integer and Long differ in their texts only.
enum class Shape { kString, kBoolean, kInteger, kLong, kTimestamp, kStructure, kMap, kList };

// Named constraints DynamoDB applies to a family of members.
enum class NameRule {
  kNone,
  kItemTableName,  // ConstraintErrors::item_table_name
  kTableName,      // ConstraintErrors::table_name; when required, absence is
                   // "The parameter '<Name>' is required but was not present..."
  kIndexName,      // ConstraintErrors::index_name
};

struct MemberRule {
  const char* name;  // as on the wire: "ReturnValues"
  Shape shape;
  bool required = false;
  std::vector<const char*> allowed = {};  // enum values, in DynamoDB's listing order
  NameRule name_rule = NameRule::kNone;
  // Integer, Long: the value; String: its length; List, Map: the entries.
  std::optional<std::int64_t> min = {}, max = {};
  // A Structure's members, or the one rule ("member") every entry of a List
  // or Map follows. Not given: the entries are the operation's to check.
  const std::vector<MemberRule>* members = nullptr;
};

using RequestSchema = std::span<const MemberRule>;

// Throws SerializationException or ValidationException as described above.
void check_request(const Json& req, RequestSchema schema);

// The phases of check_request, for operations that check something of their
// own between them (BatchGetItem's RequestItems) or add errors of their own
// to the one ValidationException.
void check_types(const Json& req, RequestSchema schema);
void check_constraints(const Json& req, RequestSchema schema, ConstraintErrors& errors);

// Members many operations share. Functions, not constants: the operations'
// tables are built during static initialization, in no set order across
// files.
MemberRule return_consumed_capacity();
MemberRule return_item_collection_metrics();
MemberRule return_values_on_condition_check_failure();
// A required TableName of a table-level operation (DescribeTable, ...).
MemberRule table_name_member();
// An ARN member of DynamoDB's usual bounds (37 to 1024 characters).
MemberRule arn_member(const char* name, bool required);
// A Map of attribute values (Key, Item, ExpressionAttributeValues, ...):
// each value a structure, whose own members json_codec checks.
MemberRule attribute_value_map(const char* name, bool required = false);
MemberRule expression_attribute_names();  // a Map of strings
// A List of strings (AttributesToGet: min 1).
MemberRule string_list(const char* name, bool required = false, std::optional<std::int64_t> min = {},
                       std::optional<std::int64_t> max = {});

}  // namespace dynamo_items::ops
