#include "ops/request.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "dynamo_items/error.h"

namespace dynamo_items::ops {

namespace {

// DynamoDB's front end is Java: a JSON number lands in the narrowest boxed
// type, and the message names it.
std::string number_class(const Json& v) {
  if (v.IsDouble()) {
    double d = v.GetDouble();
    if (std::floor(d) != d) return "java.lang.Double";
  }
  if (v.IsInt64()) {
    auto i = v.GetInt64();
    if (i >= -32768 && i <= 32767) return "java.lang.Short";
    if (i >= -2147483648LL && i <= 2147483647LL) return "java.lang.Integer";
  }
  return "java.lang.Long";
}

[[noreturn]] void serialization(const std::string& m) { throw Error::serialization(m); }

[[noreturn]] void wrong_structure(const Json& v) {
  if (v.IsArray()) serialization("Start of list found where not expected");
  serialization("Start of structure or map found where not expected.");
}

}  // namespace

bool matches_name_pattern(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) return false;
  }
  return true;
}

void check_name_length(std::optional<std::string_view> name, const char* member_name) {
  if (name && (name->size() < 3 || name->size() > 255)) {
    throw Error::validation(std::string(member_name) +
                            " must be at least 3 characters long and at most 255 characters long");
  }
}

void check_table_name_present(const Json& req) {
  auto name = opt_string(req, "TableName");
  if (!name) throw Error::validation("The parameter 'TableName' is required but was not present in the request");
}

const Json* member(const Json& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::string_view as_string(const Json& v) {
  if (v.IsString()) return {v.GetString(), v.GetStringLength()};
  if (v.IsBool()) serialization("class java.lang.Boolean can not be converted to an String");
  if (v.IsNumber()) serialization("class " + number_class(v) + " can not be converted to an String");
  wrong_structure(v);
}

const Json& as_object(const Json& v) {
  if (v.IsObject()) return v;
  if (v.IsArray()) serialization("Start of list found where not expected");
  serialization("Expected map or null");
}

const Json& as_array(const Json& v) {
  if (v.IsArray()) return v;
  if (v.IsObject()) serialization("Start of structure or map found where not expected.");
  serialization("Expected list or null");
}

std::optional<std::string_view> opt_string(const Json& obj, const char* name) {
  const Json* v = member(obj, name);
  if (v == nullptr) return std::nullopt;
  return as_string(*v);
}

bool as_bool(const Json& v) {
  if (v.IsBool()) return v.GetBool();
  if (v.IsString()) {
    std::string upper(v.GetString());
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    serialization("'" + upper + "' can not be converted to an Boolean");
  }
  if (v.IsNumber()) {
    if (number_class(v) == "java.lang.Double") return std::fabs(v.GetDouble()) >= 1;
    serialization("class " + number_class(v) + " can not be converted to an Boolean");
  }
  wrong_structure(v);
}

std::optional<bool> opt_bool(const Json& obj, const char* name) {
  const Json* v = member(obj, name);
  if (v == nullptr) return std::nullopt;
  return as_bool(*v);
}

std::int64_t as_int(const Json& v, const char* java_type) {
  if (v.IsInt64()) return v.GetInt64();
  if (v.IsNumber()) {
    // Beyond int64 (a huge double, or a uint64 above INT64_MAX) the cast
    // would be undefined; saturate so that max-value constraints see a huge
    // number rather than whatever the conversion happens to produce.
    const double d = std::floor(v.GetDouble());
    if (d >= 9223372036854775808.0) return std::numeric_limits<std::int64_t>::max();
    if (d < -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
    return static_cast<std::int64_t>(d);
  }
  if (v.IsBool()) serialization(std::string("class java.lang.Boolean can not be converted to an ") + java_type);
  if (v.IsString()) serialization(std::string("class java.lang.String can not be converted to an ") + java_type);
  wrong_structure(v);
}

std::optional<std::int64_t> opt_int(const Json& obj, const char* name, const char* java_type) {
  const Json* v = member(obj, name);
  if (v == nullptr) return std::nullopt;
  return as_int(*v, java_type);
}

const Json& as_structure(const Json& v) {
  if (v.IsObject()) return v;
  if (v.IsArray()) serialization("Start of list found where not expected");
  serialization("Expected null");
}

const Json* opt_object(const Json& obj, const char* name) {
  const Json* v = member(obj, name);
  if (v == nullptr) return nullptr;
  return &as_structure(*v);
}

const Json* opt_array(const Json& obj, const char* name) {
  const Json* v = member(obj, name);
  if (v == nullptr) return nullptr;
  return &as_array(*v);
}

void ConstraintErrors::add(std::optional<std::string> value, const std::string& path, const std::string& constraint) {
  std::string v = value ? "'" + *value + "'" : "null";
  errors_.push_back("Value " + v + " at '" + path + "' failed to satisfy constraint: " + constraint);
}

void ConstraintErrors::add_unechoed(const std::string& path, const std::string& constraint) {
  errors_.push_back("Value at '" + path + "' failed to satisfy constraint: " + constraint);
}

void ConstraintErrors::not_null(const Json* v, const std::string& path) {
  if (v == nullptr) add(std::nullopt, path, "Member must not be null");
}

void ConstraintErrors::table_name(std::optional<std::string_view> name, const std::string& path) {
  // Presence was checked before any constraint (check_table_name_present).
  if (!name) return;
  std::string n(*name);
  if (!matches_name_pattern(n)) add(n, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  if (n.size() < 3) add(n, path, "Member must have length greater than or equal to 3");
  if (n.size() > 255) add(n, path, "Member must have length less than or equal to 255");
}

void ConstraintErrors::item_table_name(std::optional<std::string_view> name, const std::string& path) {
  if (!name) {
    add(std::nullopt, path, "Member must not be null");
    return;
  }
  std::string n(*name);
  if (n.empty()) {
    add(n, path, "Member must have length greater than or equal to 1");
    return;
  }
  if (!matches_name_pattern(n)) add(n, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  if (n.size() > 255) add(n, path, "Member must have length less than or equal to 255");
}

void ConstraintErrors::index_name(std::optional<std::string_view> name, const std::string& path) {
  if (!name) {
    add(std::nullopt, path, "Member must not be null");
    return;
  }
  std::string n(*name);
  if (!matches_name_pattern(n)) add(n, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  if (n.size() < 3) add(n, path, "Member must have length greater than or equal to 3");
  if (n.size() > 255) add(n, path, "Member must have length less than or equal to 255");
}

void ConstraintErrors::enum_value(std::optional<std::string_view> v, const std::string& path,
                                  std::initializer_list<const char*> allowed) {
  if (!v) return;
  std::string list;
  for (const char* a : allowed) {
    if (*v == a) return;
    if (!list.empty()) list += ", ";
    list += a;
  }
  add(std::string(*v), path, "Member must satisfy enum value set: [" + list + "]");
}

void ConstraintErrors::min_value(std::optional<std::int64_t> v, std::int64_t min, const std::string& path) {
  if (v && *v < min) add(std::to_string(*v), path, "Member must have value greater than or equal to " + std::to_string(min));
}

void ConstraintErrors::max_value(std::optional<std::int64_t> v, std::int64_t max, const std::string& path) {
  if (v && *v > max) add(std::to_string(*v), path, "Member must have value less than or equal to " + std::to_string(max));
}

void ConstraintErrors::min_length(std::size_t length, std::size_t min, std::string value, const std::string& path) {
  if (length < min) add(std::move(value), path, "Member must have length greater than or equal to " + std::to_string(min));
}

void ConstraintErrors::max_length(std::size_t length, std::size_t max, std::string value, const std::string& path) {
  if (length > max) add(std::move(value), path, "Member must have length less than or equal to " + std::to_string(max));
}

void ConstraintErrors::throw_if_any() const {
  if (errors_.empty()) return;
  std::string m = std::to_string(errors_.size()) + " validation error" + (errors_.size() > 1 ? "s" : "") + " detected: ";
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    if (i) m += "; ";
    m += errors_[i];
  }
  throw Error::validation(m);
}

double as_timestamp(const Json& v, const char* name) {
  if (!v.IsNumber()) throw Error::serialization(std::string("Unexpected value type in payload for ") + name);
  return v.GetDouble();
}

std::optional<double> opt_timestamp(const Json& obj, const char* name) {
  const Json* v = member(obj, name);
  if (v == nullptr) return std::nullopt;
  return as_timestamp(*v, name);
}

std::string required_table_name(const Json& req) {
  check_table_name_present(req);
  auto name = opt_string(req, "TableName");
  ConstraintErrors errors;
  errors.table_name(name, "tableName");
  errors.throw_if_any();
  return std::string(*name);
}

void invalid_parameter(const std::string& detail) {
  throw Error::validation("One or more parameter values were invalid: " + detail);
}

void check_attributes_to_get(const Json* attributes_to_get) {
  if (attributes_to_get == nullptr) return;
  std::vector<std::string_view> seen;
  for (const auto& n : attributes_to_get->GetArray()) {
    std::string_view name = as_string(n);
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      invalid_parameter("Duplicate value in attribute name: " + std::string(name));
    }
    seen.push_back(name);
  }
}

void check_return_capacity_enums(const Json& req, ConstraintErrors& errors) {
  errors.enum_value(opt_string(req, "ReturnConsumedCapacity"), "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  errors.enum_value(opt_string(req, "ReturnItemCollectionMetrics"), "returnItemCollectionMetrics", {"SIZE", "NONE"});
}

}  // namespace dynamo_items::ops
