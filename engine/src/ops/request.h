// Request access and validation shared by all operations.
//
// Member accessors check JSON types the way DynamoDB's front end does: a
// member of the wrong JSON type is a SerializationException (with the
// Java-flavoured texts DynamoDB sends), before any semantic check.
// ConstraintErrors collects schema constraint violations and reports them as
// DynamoDB does: "N validation error(s) detected: Value ... at '...' failed to
// satisfy constraint: ...; ...".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items::ops {

using Json = rapidjson::Value;

// nullptr when the member is absent or JSON null.
const Json* member(const Json& obj, const char* name);
std::optional<std::string_view> opt_string(const Json& obj, const char* name);
std::optional<bool> opt_bool(const Json& obj, const char* name);
// java_type names the number's class in DynamoDB's texts: "Long" or "Integer".
std::optional<std::int64_t> opt_int(const Json& obj, const char* name, const char* java_type = "Long");
// A timestamp member (epoch seconds, as the SDKs send them).
std::optional<double> opt_timestamp(const Json& obj, const char* name);
// A JSON object ("structure" or "map" in DynamoDB's model).
const Json* opt_object(const Json& obj, const char* name);
const Json* opt_array(const Json& obj, const char* name);
// Type checks for values already fetched (list members, map values).
std::string_view as_string(const Json& v);
bool as_bool(const Json& v);
std::int64_t as_int(const Json& v, const char* java_type = "Long");
double as_timestamp(const Json& v, const char* name);
// A structure ("Expected null" for a scalar); as_object is a map's check.
const Json& as_structure(const Json& v);
const Json& as_object(const Json& v);
const Json& as_array(const Json& v);

class ConstraintErrors {
 public:
  // value: the offending value's text (without quotes) or nullopt for null.
  void add(std::optional<std::string> value, const std::string& path, const std::string& constraint);
  // "Value at '<path>' ...": DynamoDB's wording where it does not echo the value.
  void add_unechoed(const std::string& path, const std::string& constraint);
  void not_null(const Json* v, const std::string& path);
  void table_name(std::optional<std::string_view> name, const std::string& path);
  // The TableName of the item operations (PutItem, GetItem, UpdateItem,
  // DeleteItem, Query, Scan): absence is a constraint error like any other,
  // and names shorter than CreateTable allows are simply not found.
  void item_table_name(std::optional<std::string_view> name, const std::string& path);
  void index_name(std::optional<std::string_view> name, const std::string& path);
  void enum_value(std::optional<std::string_view> v, const std::string& path, std::initializer_list<const char*> allowed);
  void min_value(std::optional<std::int64_t> v, std::int64_t min, const std::string& path);
  void max_value(std::optional<std::int64_t> v, std::int64_t max, const std::string& path);
  void min_length(std::size_t length, std::size_t min, std::string value, const std::string& path);
  void max_length(std::size_t length, std::size_t max, std::string value, const std::string& path);
  bool empty() const { return errors_.empty(); }
  // Throws ValidationException when any constraint failed.
  void throw_if_any() const;

 private:
  std::vector<std::string> errors_;
};

bool matches_name_pattern(std::string_view name);
// Table names as RequestItems keys are length-checked before any constraint;
// TableName members only for presence (their length is a constraint).
void check_name_length(std::optional<std::string_view> name, const char* member_name);
void check_table_name_present(const Json& req);

// The TableName of a single-table request, validated.
std::string required_table_name(const Json& req);

// Throws "One or more parameter values were invalid: ..." style errors.
[[noreturn]] void invalid_parameter(const std::string& detail);

// AttributesToGet may not name an attribute twice.
void check_attributes_to_get(const Json* attributes_to_get);

// Validates ReturnConsumedCapacity / ReturnItemCollectionMetrics enum values.
void check_return_capacity_enums(const Json& req, ConstraintErrors& errors);

}  // namespace dynamo_items::ops
