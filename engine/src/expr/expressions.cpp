#include "expr/expressions.h"

#include "dynamo_items/error.h"
#include "expr/evaluate.h"
#include "expr/parse_cache.h"
#include "expr/resolve.h"

namespace dynamo_items::expr {

ExpressionContext::ExpressionContext(std::vector<std::pair<std::string, std::string>> names,
                                     std::vector<std::pair<std::string, AttributeValue>> values)
    : has_names_(!names.empty()), has_values_(!values.empty()) {
  for (auto& [k, v] : names) {
    name_index_.emplace(k, names_.size());
    names_.push_back({std::move(k), std::move(v)});
  }
  for (auto& [k, v] : values) {
    value_index_.emplace(k, values_.size());
    values_.push_back({std::move(k), std::move(v)});
  }
}

const std::string* ExpressionContext::name(std::string_view key) {
  auto it = name_index_.find(key);
  if (it == name_index_.end()) return nullptr;
  names_[it->second].used = true;
  return &names_[it->second].value;
}

const AttributeValue* ExpressionContext::value(std::string_view key) {
  auto it = value_index_.find(key);
  if (it == value_index_.end()) return nullptr;
  values_[it->second].used = true;
  return &values_[it->second].value;
}

void ExpressionContext::check_all_used() const {
  auto check = [](const auto& entries, const char* what) {
    std::string keys;
    for (const auto& e : entries) {
      if (e.used) continue;
      if (!keys.empty()) keys += ", ";
      keys += e.key;
    }
    if (!keys.empty()) {
      throw Error::validation(std::string("Value provided in ") + what + " unused in expressions: keys: {" +
                              keys + "}");
    }
  };
  check(names_, "ExpressionAttributeNames");
  check(values_, "ExpressionAttributeValues");
}

bool Condition::matches(const Item* item) const {
  return root_ == nullptr || evaluate_condition(*root_, item);
}

bool Update::empty() const { return plan_ == nullptr || plan_->actions.empty(); }

bool Update::only_removes() const {
  if (empty()) return false;
  for (const UpdateAction& a : plan_->actions) {
    if (a.kind != ActionKind::kRemove && a.kind != ActionKind::kDelete && a.kind != ActionKind::kLegacyDelete) {
      return false;
    }
  }
  return true;
}

void Update::check_key_attributes(const std::vector<std::string>& key_names) const {
  if (plan_ == nullptr) return;
  for (const UpdateAction& a : plan_->actions) {
    for (const std::string& k : key_names) {
      if (a.path[0].name == k) {
        throw Error::validation("One or more parameter values were invalid: Cannot update attribute " + k +
                                ". This attribute is part of the key");
      }
    }
  }
}

Item Update::apply(const Item& current) const {
  if (plan_ == nullptr) return current;
  return apply_update(*plan_, current);
}

Item Update::updated_attributes(const Item& item) const {
  if (plan_ == nullptr) return {};
  return project_item(plan_->targets, item);
}

Item Projection::apply(const Item& item) const {
  if (tree_ == nullptr) return item;
  return project_item(*tree_, item);
}

Condition parse_condition(std::string_view text, ExpressionContext& ctx, std::string_view param) {
  auto parsed = cached_condition(text, param);
  return Condition(std::make_shared<const CondNode>(resolve_condition(*parsed, ctx, param)));
}

Update parse_update(std::string_view text, ExpressionContext& ctx) {
  auto parsed = cached_update(text);
  return Update(std::make_shared<const UpdatePlan>(resolve_update(*parsed, ctx)));
}

Projection parse_projection(std::string_view text, ExpressionContext& ctx) {
  auto parsed = cached_projection(text);
  return Projection(std::make_shared<const PathTreeNode>(resolve_projection(*parsed, ctx)));
}

}  // namespace dynamo_items::expr
