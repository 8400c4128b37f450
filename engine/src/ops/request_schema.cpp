#include "ops/request_schema.h"

#include <string>

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

namespace {

const MemberRule* find_rule(RequestSchema schema, std::string_view name) {
  for (const MemberRule& rule : schema) {
    if (name == rule.name) return &rule;
  }
  return nullptr;
}

// The accessors of request.h throw DynamoDB's SerializationException texts.
void check_shape(const Json& req, const MemberRule& rule) {
  switch (rule.shape) {
    case Shape::kString: opt_string(req, rule.name); break;
    case Shape::kBoolean: opt_bool(req, rule.name); break;
    case Shape::kLong: opt_int(req, rule.name); break;
    case Shape::kStructure: opt_object(req, rule.name); break;
    case Shape::kList: opt_array(req, rule.name); break;
  }
}

// "ReturnValues" -> "returnValues": the member's name in DynamoDB's messages.
std::string path_of(const char* name) {
  std::string path(name);
  if (!path.empty()) path[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(path[0])));
  return path;
}

void check_constraints(const Json& req, const MemberRule& rule, ConstraintErrors& errors) {
  const std::string path = path_of(rule.name);
  switch (rule.name_rule) {
    case NameRule::kItemTableName: errors.item_table_name(opt_string(req, rule.name), path); return;
    case NameRule::kTableName: errors.table_name(opt_string(req, rule.name), path); return;
    case NameRule::kIndexName:
      if (member(req, rule.name) != nullptr || rule.required) errors.index_name(opt_string(req, rule.name), path);
      return;
    case NameRule::kNone: break;
  }
  if (rule.required) errors.not_null(member(req, rule.name), path);
  if (!rule.allowed.empty()) {
    if (auto v = opt_string(req, rule.name)) {
      std::string list;
      bool found = false;
      for (const char* a : rule.allowed) {
        found = found || *v == a;
        if (!list.empty()) list += ", ";
        list += a;
      }
      if (!found) errors.add(std::string(*v), path, "Member must satisfy enum value set: [" + list + "]");
    }
  }
  if (rule.shape == Shape::kList && rule.min) {
    if (const Json* list = opt_array(req, rule.name)) errors.min_length(list->Size(), *rule.min, "[]", path);
  }
  if (rule.shape == Shape::kLong) {
    if (rule.min) errors.min_value(opt_int(req, rule.name), *rule.min, path);
    if (rule.max) errors.max_value(opt_int(req, rule.name), *rule.max, path);
  }
}

}  // namespace

void check_request(const Json& req, RequestSchema schema) {
  for (const auto& m : req.GetObject()) {
    if (const MemberRule* rule = find_rule(schema, {m.name.GetString(), m.name.GetStringLength()})) {
      check_shape(req, *rule);
    }
  }
  ConstraintErrors errors;
  for (const MemberRule& rule : schema) check_constraints(req, rule, errors);
  errors.throw_if_any();
}

}  // namespace dynamo_items::ops
