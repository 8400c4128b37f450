#include "expr/update_apply.h"

#include <algorithm>
#include <map>
#include <optional>

#include "dynamo_items/error.h"
#include "dynamo_items/number.h"

namespace dynamo_items::expr {

namespace {

// DynamoDB's runtime update errors.
[[noreturn]] void invalid_path() {
  throw Error::validation("The document path provided in the update expression is invalid for update");
}
[[noreturn]] void missing_attribute() {
  throw Error::validation("The provided expression refers to an attribute that does not exist in the item");
}
[[noreturn]] void wrong_type() {
  throw Error::validation("An operand in the update expression has an incorrect data type");
}
[[noreturn]] void legacy_type_mismatch() { throw Error::validation("Type mismatch for attribute to update"); }

bool same_set_type(const AttributeValue& a, const AttributeValue& b) {
  return a.is_set() && a.type() == b.type();
}

AttributeValue set_union(const AttributeValue& a, const AttributeValue& b) {
  std::vector<std::string> members = a.set();
  for (const std::string& m : b.set()) {
    if (std::find(members.begin(), members.end(), m) == members.end()) members.push_back(m);
  }
  return AttributeValue::set_of(a.type(), std::move(members));
}

// nullopt when nothing is left: an empty set is not a value.
std::optional<AttributeValue> set_difference(const AttributeValue& a, const AttributeValue& b) {
  std::vector<std::string> members;
  for (const std::string& m : a.set()) {
    if (std::find(b.set().begin(), b.set().end(), m) == b.set().end()) members.push_back(m);
  }
  if (members.empty()) return std::nullopt;
  return AttributeValue::set_of(a.type(), std::move(members));
}

AttributeValue add_numbers(const AttributeValue& a, const AttributeValue& b, bool subtract) {
  const Number x = Number::parse(a.scalar()), y = Number::parse(b.scalar());
  return AttributeValue::number((subtract ? x.subtract(y) : x.add(y)).to_string());
}

class Applier {
 public:
  Applier(const UpdatePlan& plan, const Item& old) : plan_(plan), old_(old) {}

  void apply_map(const PathTreeNode& node, AttributeMap& m) {
    for (const auto& child : node.children) {
      if (child.key.is_index()) invalid_path();
      auto it = m.find(child.key.name);
      if (child.subtree) {
        if (it == m.end()) invalid_path();
        apply_value(*child.subtree, it->second);
        continue;
      }
      std::optional<AttributeValue> r =
          leaf(plan_.actions[child.action], it == m.end() ? nullptr : &it->second);
      if (r) {
        if (it != m.end()) {
          it->second = std::move(*r);
        } else {
          m.emplace(child.key.name, std::move(*r));
        }
      } else if (it != m.end()) {
        m.erase(it);
      }
    }
  }

 private:
  void apply_value(const PathTreeNode& node, AttributeValue& v) {
    if (v.type() == AttrType::M) return apply_map(node, v.map());
    if (v.type() == AttrType::L) return apply_list(node, v.list());
    invalid_path();
  }

  // Actions address original indexes; the list is rebuilt afterwards in
  // index order, so removed elements close up and new ones past the end
  // are appended.
  void apply_list(const PathTreeNode& node, AttributeList& l) {
    const auto size = static_cast<std::int64_t>(l.size());
    std::vector<std::optional<AttributeValue>> slots;
    slots.reserve(l.size());
    for (auto& e : l) slots.emplace_back(std::move(e));
    std::map<std::int64_t, AttributeValue> appended;
    for (const auto& child : node.children) {
      if (!child.key.is_index()) invalid_path();
      const std::int64_t i = child.key.index;
      if (child.subtree) {
        if (i >= size || !slots[static_cast<std::size_t>(i)]) invalid_path();
        apply_value(*child.subtree, *slots[static_cast<std::size_t>(i)]);
        continue;
      }
      const AttributeValue* existing = i < size ? &*slots[static_cast<std::size_t>(i)] : nullptr;
      std::optional<AttributeValue> r = leaf(plan_.actions[child.action], existing);
      if (i < size) {
        slots[static_cast<std::size_t>(i)] = std::move(r);
      } else if (r) {
        appended.emplace(i, std::move(*r));
      }
    }
    l.clear();
    for (auto& s : slots) {
      if (s) l.push_back(std::move(*s));
    }
    for (auto& [i, v] : appended) l.push_back(std::move(v));
  }

  // The new value at an action's target; nullopt removes it.
  std::optional<AttributeValue> leaf(const UpdateAction& a, const AttributeValue* existing) {
    switch (a.kind) {
      case ActionKind::kSet: {
        std::optional<AttributeValue> v = eval(a.value);
        if (!v) missing_attribute();
        return v;
      }
      case ActionKind::kRemove:
        return std::nullopt;
      case ActionKind::kAdd:
        if (existing == nullptr) return a.value.value;
        if (existing->type() != a.value.value.type()) wrong_type();
        if (existing->type() == AttrType::N) return add_numbers(*existing, a.value.value, false);
        return set_union(*existing, a.value.value);
      case ActionKind::kDelete:
        if (existing == nullptr) return std::nullopt;
        if (existing->type() != a.value.value.type()) wrong_type();
        return set_difference(*existing, a.value.value);
      case ActionKind::kLegacyPut:
        return a.value.value;
      case ActionKind::kLegacyAdd:
        return legacy_add(existing, a.value.value);
      case ActionKind::kLegacyDelete:
        if (!a.has_value || existing == nullptr) return std::nullopt;
        if (!same_set_type(*existing, a.value.value)) legacy_type_mismatch();
        return set_difference(*existing, a.value.value);
    }
    return std::nullopt;
  }

  static AttributeValue legacy_add(const AttributeValue* existing, const AttributeValue& v) {
    if (existing == nullptr) return v;
    if (existing->type() != v.type()) legacy_type_mismatch();
    switch (v.type()) {
      case AttrType::N:
        return add_numbers(*existing, v, false);
      case AttrType::L: {
        AttributeList l = existing->list();
        l.insert(l.end(), v.list().begin(), v.list().end());
        return AttributeValue::list(std::move(l));
      }
      default:
        return set_union(*existing, v);
    }
  }

  // A SET right-hand side, against the item as it was; nullopt: missing.
  std::optional<AttributeValue> eval(const Operand& o) {
    switch (o.kind) {
      case Operand::Kind::kPath: {
        const AttributeValue* v = lookup_path(old_, o.path);
        if (v == nullptr) return std::nullopt;
        return *v;
      }
      case Operand::Kind::kValue:
        return o.value;
      case Operand::Kind::kCall:
        break;
    }
    std::optional<AttributeValue> a = eval(o.args[0]);
    std::optional<AttributeValue> b = eval(o.args[1]);
    if (o.func == Func::kIfNotExists) {
      if (!b) missing_attribute();
      return a ? a : b;
    }
    const AttrType want = o.func == Func::kListAppend ? AttrType::L : AttrType::N;
    for (const auto* operand : {&a, &b}) {
      if (!*operand) missing_attribute();
      if ((*operand)->type() != want) wrong_type();
    }
    if (o.func == Func::kListAppend) {
      AttributeList l = std::move(a->list());
      l.insert(l.end(), std::make_move_iterator(b->list().begin()), std::make_move_iterator(b->list().end()));
      return AttributeValue::list(std::move(l));
    }
    return add_numbers(*a, *b, o.func == Func::kMinus);
  }

  const UpdatePlan& plan_;
  const Item& old_;
};

}  // namespace

Item apply_update(const UpdatePlan& plan, const Item& current) {
  Item next = current;
  Applier(plan, current).apply_map(plan.targets, next);
  return next;
}

}  // namespace dynamo_items::expr
