#include "ops/request_schema.h"

#include <string>

#include "dynamo_items/error.h"

namespace dynamo_items::ops {

MemberRule return_consumed_capacity() {
  return {"ReturnConsumedCapacity", Shape::kString, false, {"INDEXES", "TOTAL", "NONE"}};
}

MemberRule return_item_collection_metrics() {
  return {"ReturnItemCollectionMetrics", Shape::kString, false, {"SIZE", "NONE"}};
}

MemberRule return_values_on_condition_check_failure() {
  return {"ReturnValuesOnConditionCheckFailure", Shape::kString, false, {"ALL_OLD", "NONE"}};
}

MemberRule table_name_member() { return {"TableName", Shape::kString, true, {}, NameRule::kTableName}; }

MemberRule arn_member(const char* name, bool required) {
  return {name, Shape::kString, required, {}, NameRule::kNone, 37, 1024};
}

namespace {

const std::vector<MemberRule>* each(Shape shape) {
  static const std::vector<MemberRule> strings{{"member", Shape::kString}};
  static const std::vector<MemberRule> structures{{"member", Shape::kStructure}};
  return shape == Shape::kString ? &strings : &structures;
}

}  // namespace

MemberRule attribute_value_map(const char* name, bool required) {
  return {name, Shape::kMap, required, {}, NameRule::kNone, {}, {}, each(Shape::kStructure)};
}

MemberRule expression_attribute_names() {
  return {"ExpressionAttributeNames", Shape::kMap, false, {}, NameRule::kNone, {}, {}, each(Shape::kString)};
}

MemberRule string_list(const char* name, bool required, std::optional<std::int64_t> min,
                       std::optional<std::int64_t> max) {
  return {name, Shape::kList, required, {}, NameRule::kNone, min, max, each(Shape::kString)};
}

namespace {

const MemberRule* find_rule(RequestSchema schema, std::string_view name) {
  if (name.empty()) return nullptr;
  for (const MemberRule& rule : schema) {
    if (rule.name[0] == name[0] && name == rule.name) return &rule;
  }
  return nullptr;
}

const MemberRule* element_rule(const MemberRule& rule) {
  return rule.members != nullptr && !rule.members->empty() ? &rule.members->front() : nullptr;
}

// Whether check_value_constraints can add an error for an absent (or null)
// member, and for a present one. Most of an operation's rules name members a
// request does not have, and most present ones have nothing to check: those
// are skipped before their path (a string) is even built.
bool checks_absent(const MemberRule& rule) {
  return rule.required || rule.name_rule == NameRule::kItemTableName || rule.name_rule == NameRule::kTableName;
}

bool checks_present(const MemberRule& rule);

// Whether a List's or Map's entries (null ones included) have anything to check.
bool checks_entries(const MemberRule* each) {
  return each != nullptr && (checks_absent(*each) || checks_present(*each));
}

bool checks_present(const MemberRule& rule) {
  if (rule.name_rule != NameRule::kNone || rule.required || !rule.allowed.empty() || rule.min || rule.max) return true;
  switch (rule.shape) {
    case Shape::kStructure: return rule.members != nullptr;
    case Shape::kList:
    case Shape::kMap: return checks_entries(element_rule(rule));
    default: return false;
  }
}

// The accessors of request.h throw DynamoDB's SerializationException texts.
void check_value(const Json& v, const MemberRule& rule) {
  if (v.IsNull()) return;
  switch (rule.shape) {
    case Shape::kString: as_string(v); return;
    case Shape::kBoolean: as_bool(v); return;
    case Shape::kInteger: as_int(v, "Integer"); return;
    case Shape::kLong: as_int(v, "Long"); return;
    case Shape::kTimestamp: as_timestamp(v, rule.name); return;
    case Shape::kStructure:
      as_structure(v);
      if (rule.members != nullptr) check_types(v, *rule.members);
      return;
    case Shape::kMap:
      as_object(v);
      if (const MemberRule* each = element_rule(rule)) {
        for (const auto& m : v.GetObject()) check_value(m.value, *each);
      }
      return;
    case Shape::kList:
      as_array(v);
      if (const MemberRule* each = element_rule(rule)) {
        for (const auto& e : v.GetArray()) check_value(e, *each);
      }
      return;
  }
}

// "ReturnValues" -> "returnValues": the member's name in DynamoDB's messages.
std::string path_of(const std::string& parent, const char* name) {
  std::string path(name);
  if (!path.empty()) path[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(path[0])));
  return parent.empty() ? path : parent + "." + path;
}

// A list as DynamoDB echoes it: its strings joined, "[...]" for other entries.
std::string list_text(const Json& list) {
  std::string text;
  for (const auto& e : list.GetArray()) {
    if (!e.IsString()) return list.Empty() ? "[]" : "[...]";
    if (!text.empty()) text += ", ";
    text.append(e.GetString(), e.GetStringLength());
  }
  return "[" + text + "]";
}

void check_value_constraints(const Json* v, const MemberRule& rule, const std::string& path,
                             ConstraintErrors& errors);

void check_member_constraints(const Json& obj, RequestSchema schema, const std::string& parent,
                              ConstraintErrors& errors) {
  for (const MemberRule& rule : schema) {
    const Json* v = member(obj, rule.name);
    if (v == nullptr ? !checks_absent(rule) : !checks_present(rule)) continue;
    check_value_constraints(v, rule, path_of(parent, rule.name), errors);
  }
}

// Every check here has its condition in checks_absent / checks_present too:
// a rule those call unable to fail is never passed here.
void check_value_constraints(const Json* v, const MemberRule& rule, const std::string& path,
                             ConstraintErrors& errors) {
  const auto text = [&]() -> std::optional<std::string_view> {
    if (v == nullptr || !v->IsString()) return std::nullopt;
    return std::string_view(v->GetString(), v->GetStringLength());
  };
  switch (rule.name_rule) {
    case NameRule::kItemTableName: errors.item_table_name(text(), path); return;
    case NameRule::kTableName: errors.table_name(text(), path); return;
    case NameRule::kIndexName:
      if (v != nullptr || rule.required) errors.index_name(text(), path);
      return;
    case NameRule::kNone: break;
  }
  if (rule.required) errors.not_null(v, path);
  if (v == nullptr) return;
  if (!rule.allowed.empty()) {
    std::string list;
    bool found = false;
    for (const char* a : rule.allowed) {
      found = found || *text() == a;
      if (!list.empty()) list += ", ";
      list += a;
    }
    if (!found) errors.add(std::string(*text()), path, "Member must satisfy enum value set: [" + list + "]");
  }
  switch (rule.shape) {
    case Shape::kInteger:
    case Shape::kLong: {
      const std::int64_t n = as_int(*v);
      if (rule.min) errors.min_value(n, *rule.min, path);
      if (rule.max) errors.max_value(n, *rule.max, path);
      return;
    }
    case Shape::kString: {
      // The value is copied into a message only when it breaks a limit.
      const std::string_view s = *text();
      if (rule.min && s.size() < static_cast<std::size_t>(*rule.min))
        errors.min_length(s.size(), static_cast<std::size_t>(*rule.min), std::string(s), path);
      if (rule.max && s.size() > static_cast<std::size_t>(*rule.max))
        errors.max_length(s.size(), static_cast<std::size_t>(*rule.max), std::string(s), path);
      return;
    }
    case Shape::kList: {
      const std::size_t size = v->Size();
      if (rule.min && size < static_cast<std::size_t>(*rule.min))
        errors.min_length(size, static_cast<std::size_t>(*rule.min), list_text(*v), path);
      if (rule.max && size > static_cast<std::size_t>(*rule.max))
        errors.max_length(size, static_cast<std::size_t>(*rule.max), list_text(*v), path);
      if (const MemberRule* each = element_rule(rule); checks_entries(each)) {
        for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
          const Json& e = (*v)[i];
          check_value_constraints(e.IsNull() ? nullptr : &e, *each, path + "." + std::to_string(i + 1) + ".member",
                                  errors);
        }
      }
      return;
    }
    case Shape::kMap:
      if (const MemberRule* each = element_rule(rule); checks_entries(each)) {
        for (const auto& m : v->GetObject()) {
          check_value_constraints(m.value.IsNull() ? nullptr : &m.value, *each,
                                  path + "." + std::string(m.name.GetString(), m.name.GetStringLength()) + ".member",
                                  errors);
        }
      }
      return;
    case Shape::kStructure:
      if (rule.members != nullptr) check_member_constraints(*v, *rule.members, path, errors);
      return;
    case Shape::kBoolean:
    case Shape::kTimestamp: return;
  }
}

}  // namespace

void check_types(const Json& req, RequestSchema schema) {
  if (req.IsArray()) throw Error::serialization("Start of list found where not expected");
  if (!req.IsObject()) throw Error::serialization("");
  for (const auto& m : req.GetObject()) {
    if (const MemberRule* rule = find_rule(schema, {m.name.GetString(), m.name.GetStringLength()})) {
      check_value(m.value, *rule);
    }
  }
}

void check_constraints(const Json& req, RequestSchema schema, ConstraintErrors& errors) {
  check_member_constraints(req, schema, "", errors);
}

void check_request(const Json& req, RequestSchema schema) {
  check_types(req, schema);
  for (const MemberRule& rule : schema) {
    if (rule.name_rule == NameRule::kTableName && rule.required && member(req, rule.name) == nullptr) {
      throw Error::validation(std::string("The parameter '") + rule.name +
                              "' is required but was not present in the request");
    }
  }
  ConstraintErrors errors;
  check_constraints(req, schema, errors);
  errors.throw_if_any();
}

}  // namespace dynamo_items::ops
