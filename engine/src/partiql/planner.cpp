#include "partiql/planner.h"

#include <algorithm>
#include <map>
#include <set>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "partiql/expression_text.h"
#include "partiql/values.h"
#include "value/json_codec.h"

namespace dynamo_items::partiql {

namespace {

using catalog::IndexSchema;
using catalog::KeyAttribute;
using catalog::TableSchema;

const char* const kMandatoryKey = "Where clause does not contain a mandatory equality on all key attributes";

// --- the WHERE clause, taken apart ---

void conjuncts(const Node* n, std::vector<const Node*>& out) {
  if (n == nullptr) return;
  if (n->kind == NodeKind::kAnd) {
    conjuncts(n->children[0].get(), out);
    conjuncts(n->children[1].get(), out);
  } else {
    out.push_back(n);
  }
}

bool is_attribute(const Node& n, std::string_view attribute) {
  return n.kind == NodeKind::kPath && n.steps.size() == 1 && n.steps[0].name == attribute;
}

// Every attribute a path in the tree starts at.
void path_roots(const Node& n, std::set<std::string>& out) {
  if (n.kind == NodeKind::kPath) out.insert(n.steps.front().name);
  for (const auto& c : n.children) path_roots(*c, out);
}

bool references(const Node& n, std::string_view attribute) {
  std::set<std::string> roots;
  path_roots(n, roots);
  return roots.count(std::string(attribute)) != 0;
}

// `attribute = value` (either way round): the value's node.
const Node* equality_value(const Node& c, std::string_view attribute) {
  if (c.kind != NodeKind::kCompare || c.text != "=") return nullptr;
  const Node& lhs = *c.children[0];
  const Node& rhs = *c.children[1];
  if (is_attribute(lhs, attribute) && Binder::is_value(rhs)) return &rhs;
  if (is_attribute(rhs, attribute) && Binder::is_value(lhs)) return &lhs;
  return nullptr;
}

// A key attribute's value from an equality, of the key's type.
AttributeValue key_value(const Binder& binder, const Node& node, const KeyAttribute& key) {
  std::optional<AttributeValue> v = binder.value(node);
  if (!v) throw Error::validation("MISSING must be compared using IS operator");
  if (!v->is_scalar_string()) {
    throw Error::validation("Key value must be of type S, N, or B. Key name: " + key.name +
                            ", Key type: " + type_text(*v));
  }
  if (v->type() != key.type) {
    throw Error::validation("Key attribute's data type should match its data type in table's schema: Key " + key.name);
  }
  return *v;
}

struct KeyedWhere {
  Item key;
  std::vector<const Node*> rest;  // the conjuncts that are not the key's equalities
};

// The whole primary key by equality, as writes (and batch and transaction
// reads) need it.
KeyedWhere full_key(const Binder& binder, const TableSchema& table, const Node* where) {
  std::vector<const Node*> all;
  conjuncts(where, all);
  KeyedWhere out;
  std::vector<bool> used(all.size(), false);
  for (const KeyAttribute* k : {&table.hash, table.range ? &*table.range : nullptr}) {
    if (k == nullptr) continue;
    int found = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (const Node* v = equality_value(*all[i], k->name)) {
        if (++found > 1) {
          throw Error::validation("Multiple conditions on same key " + k->name +
                                  ". Only single item Update/Insert/Delete are supported");
        }
        out.key[k->name] = key_value(binder, *v, *k);
        used[i] = true;
      }
    }
    if (found == 0) throw Error::validation(kMandatoryKey);
  }
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!used[i]) out.rest.push_back(all[i]);
  }
  return out;
}

std::string conjunction(ExpressionWriter& w, const std::vector<const Node*>& parts) {
  std::string out;
  for (const Node* p : parts) out += (out.empty() ? "" : " AND ") + w.condition(*p);
  return out;
}

void add_string(rapidjson::Document& d, const char* member, const std::string& value) {
  auto& a = d.GetAllocator();
  d.AddMember(rapidjson::StringRef(member), rapidjson::Value(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), a), a);
}

void add_common(rapidjson::Document& d, const std::string& table, const PlanOptions& o) {
  add_string(d, "TableName", table);
  if (o.return_consumed_capacity) add_string(d, "ReturnConsumedCapacity", *o.return_consumed_capacity);
}

void add_key(rapidjson::Document& d, const Item& key) {
  d.AddMember("Key", json::encode_item(key, d.GetAllocator()), d.GetAllocator());
}

// --- SELECT ---

struct Target {
  const TableSchema* table = nullptr;
  const IndexSchema* index = nullptr;
  // A multi-attribute index key is planned by its first attributes (the
  // others stay in the filter); full multi-attribute planning is still open.
  const KeyAttribute& hash() const { return index ? index->hash_keys.front() : table->hash; }
  std::optional<KeyAttribute> range() const {
    if (!index) return table->range;
    if (index->range_keys.empty()) return std::nullopt;
    return index->range_keys.front();
  }
};

// Attributes a KEYS_ONLY or INCLUDE index holds.
std::set<std::string> projected_attributes(const TableSchema& table, const IndexSchema& index) {
  std::set<std::string> out;
  for (const auto& k : table.key_attribute_names()) out.insert(k);
  for (const KeyAttribute* k : index.key_attributes()) out.insert(k->name);
  for (const auto& a : index.projection.non_key_attributes) out.insert(a);
  return out;
}

void check_index_projection(const Target& t, const Statement& st) {
  if (t.index == nullptr || t.index->projection.type == "ALL") return;
  const std::set<std::string> held = projected_attributes(*t.table, *t.index);
  auto missing = [&](const std::set<std::string>& used) {
    std::string list;
    for (const auto& a : used) {
      if (held.count(a) == 0) list += (list.empty() ? "" : ", ") + a;
    }
    return list;
  };
  std::set<std::string> filter;
  if (st.where) path_roots(*st.where, filter);
  if (auto list = missing(filter); !list.empty()) {
    throw Error::validation("One or more parameter values were invalid: Secondary index " + t.index->name +
                            " does not project one or more filter attributes: [" + list + "]");
  }
  if (!t.index->global) return;  // a local index fetches the rest from the table
  std::set<std::string> selected;
  for (const auto& p : st.projection) path_roots(*p, selected);
  if (auto list = missing(selected); !list.empty()) {
    throw Error::validation("One or more parameter values were invalid: Global secondary index " + t.index->name +
                            " does not project [" + list + "]");
  }
}

// ProjectionExpression for SELECT a, b.c (empty for SELECT *). When a column
// is a nested path, the read projects the attributes the paths start at and
// the runner picks each column's value out of them (Column).
std::string projection_text(std::string_view text, const Statement& st, ExpressionWriter& w,
                            std::vector<Column>& columns) {
  std::vector<Column> all;
  std::set<std::string> names;
  bool renamed = false;
  for (const auto& p : st.projection) {
    if (p->kind != NodeKind::kPath) {
      throw Error::validation("Unexpected path component at " + position_text(text, p->span));
    }
    Column c{p->steps, p->steps.front().name};
    for (const auto& s : p->steps) {
      if (!s.is_index) c.name = s.name;
    }
    if (!names.insert(c.name).second) throw Error::validation("Duplicate identifiers in select clause: " + c.name);
    renamed |= p->steps.size() > 1;
    all.push_back(std::move(c));
  }
  std::string out;
  std::set<std::string> roots;
  for (const auto& p : st.projection) {
    if (renamed && !roots.insert(p->steps.front().name).second) continue;
    out += (out.empty() ? "" : ", ") + (renamed ? w.name(p->steps.front().name) : w.path(*p));
  }
  if (renamed) columns = std::move(all);
  return out;
}

// A condition on the sort key that a KeyConditionExpression can hold.
std::optional<std::string> sort_key_condition(ExpressionWriter& w, const Binder& binder, const Node& c,
                                              const std::string& range) {
  auto value_of = [&](const Node& n) { return w.value(*binder.value(n)); };
  if (c.kind == NodeKind::kCompare && c.text != "<>" && c.text != "like") {
    const Node& lhs = *c.children[0];
    const Node& rhs = *c.children[1];
    if (is_attribute(lhs, range) && Binder::is_value(rhs) && binder.value(rhs)) {
      return w.name(range) + " " + c.text + " " + value_of(rhs);
    }
    if (is_attribute(rhs, range) && Binder::is_value(lhs) && binder.value(lhs)) {
      static const std::map<std::string, std::string> kFlip{{"=", "="}, {"<", ">"}, {"<=", ">="}, {">", "<"}, {">=", "<="}};
      return w.name(range) + " " + kFlip.at(c.text) + " " + value_of(lhs);
    }
  }
  if (c.kind == NodeKind::kBetween && !c.flag && is_attribute(*c.children[0], range) &&
      Binder::is_value(*c.children[1]) && Binder::is_value(*c.children[2]) && binder.value(*c.children[1]) &&
      binder.value(*c.children[2])) {
    return w.name(range) + " BETWEEN " + value_of(*c.children[1]) + " AND " + value_of(*c.children[2]);
  }
  if (c.kind == NodeKind::kCall && c.text == "begins_with" && c.children.size() == 2 &&
      is_attribute(*c.children[0], range) && Binder::is_value(*c.children[1]) && binder.value(*c.children[1])) {
    return "begins_with(" + w.name(range) + ", " + value_of(*c.children[1]) + ")";
  }
  return std::nullopt;
}

const char* surface_key_message(Surface s) {
  return s == Surface::kBatch
             ? "Select statements within BatchExecuteStatement must specify the primary key in the where clause."
             : "Select statements within ExecuteTransaction must specify the primary key in the where clause.";
}

// How a SELECT reads: which operation, with which key condition.
struct ReadShape {
  const char* operation = "Scan";
  std::optional<Item> key;                  // GetItem
  std::string key_condition;                // Query
  std::vector<const Node*> filter;          // Query, Scan
  bool has_hash_equality = false;
};

ReadShape read_shape(const Target& t, const Binder& binder, ExpressionWriter& w, const Statement& st) {
  ReadShape shape;
  std::vector<const Node*> all;
  conjuncts(st.where.get(), all);
  const std::string& hash = t.hash().name;
  const std::optional<KeyAttribute> range = t.range();
  std::vector<std::size_t> hash_eq, on_hash, on_range;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (equality_value(*all[i], hash)) hash_eq.push_back(i);
    if (references(*all[i], hash)) on_hash.push_back(i);
    if (range && references(*all[i], range->name)) on_range.push_back(i);
  }
  shape.has_hash_equality = !hash_eq.empty();
  if (hash_eq.size() != 1 || on_hash.size() != 1) {
    shape.filter = all;
    return shape;
  }
  const Node& hash_value = *equality_value(*all[hash_eq[0]], hash);
  // The whole table key by equality and nothing else: one GetItem.
  if (t.index == nullptr && all.size() == (range ? 2u : 1u)) {
    if (!range || (on_range.size() == 1 && equality_value(*all[on_range[0]], range->name))) {
      Item key{{hash, key_value(binder, hash_value, t.hash())}};
      if (range) key[range->name] = key_value(binder, *equality_value(*all[on_range[0]], range->name), *range);
      shape.operation = "GetItem";
      shape.key = std::move(key);
      return shape;
    }
  }
  std::optional<std::string> sort_condition;
  if (on_range.size() == 1) {
    sort_condition = sort_key_condition(w, binder, *all[on_range[0]], range->name);
    if (!sort_condition) {
      shape.filter = all;
      return shape;
    }
  } else if (on_range.size() > 1) {
    shape.filter = all;
    return shape;
  }
  shape.operation = "Query";
  shape.key_condition = w.name(hash) + " = " + w.value(key_value(binder, hash_value, t.hash()));
  if (sort_condition) shape.key_condition += " AND " + *sort_condition;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i != hash_eq[0] && (on_range.empty() || i != on_range[0])) shape.filter.push_back(all[i]);
  }
  return shape;
}

// ORDER BY: only on the key of a Query; true when descending.
bool order_direction(const Target& t, const Statement& st, const ReadShape& shape) {
  if (st.order_by.empty()) return false;
  if (!st.where) throw Error::validation("Must have WHERE clause in the statement when using ORDER BY clause.");
  bool descending = false;
  for (const OrderItem& item : st.order_by) {
    const bool is_hash = item.attribute == t.hash().name;
    const bool is_range = t.range() && item.attribute == t.range()->name;
    if (!is_hash && !is_range) {
      throw Error::validation("Attribute " + item.attribute + " in ORDER BY clause must be part of the primary key");
    }
    if (is_range) descending = item.descending;
  }
  if (std::string_view(shape.operation) == "Scan") {
    if (!shape.has_hash_equality) {
      throw Error::validation(
          "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.");
    }
    throw Error::validation(
        "Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.");
  }
  return descending;
}

Plan plan_select(EngineImpl& engine, std::string_view text, const Statement& st, const Binder& binder,
                 const PlanOptions& o) {
  catalog::SchemaPtr table = engine.catalog.require(st.table);
  Target t{table.get(), nullptr};
  if (st.index) {
    for (const auto& ix : table->indexes) {
      if (ix.name == *st.index) t.index = &ix;
    }
    if (t.index == nullptr) throw Error::validation("The table does not have the specified index");
    if (o.surface == Surface::kTransaction) {
      throw Error::validation("Reads on indices are not supported within transactions.");
    }
    if (o.surface == Surface::kBatch) throw Error::validation(surface_key_message(o.surface));
    if (o.consistent_read && t.index->global) {
      throw Error::validation("Strongly consistent read is not supported on Global Secondary Indexes");
    }
  }
  check_index_projection(t, st);

  Plan plan;
  plan.kind = StatementKind::kSelect;
  plan.table = table->name;
  ExpressionWriter w(binder);
  const std::string projection = projection_text(text, st, w, plan.columns);
  rapidjson::Document& req = plan.request;
  add_common(req, table->name, o);

  if (o.surface != Surface::kStatement) {
    KeyedWhere keyed;
    try {
      keyed = full_key(binder, *table, st.where.get());
    } catch (const Error& e) {
      if (e.message() != kMandatoryKey) throw;
      throw Error::validation(surface_key_message(o.surface));
    }
    if (!keyed.rest.empty()) throw Error::validation(surface_key_message(o.surface));
    plan.operation = "GetItem";
    add_key(req, keyed.key);
  } else {
    const ReadShape shape = read_shape(t, binder, w, st);
    const bool descending = order_direction(t, st, shape);
    plan.operation = shape.operation;
    if (shape.key) {
      add_key(req, *shape.key);
    } else {
      if (t.index) add_string(req, "IndexName", t.index->name);
      if (!shape.key_condition.empty()) add_string(req, "KeyConditionExpression", shape.key_condition);
      const std::string filter = conjunction(w, shape.filter);
      if (!filter.empty()) add_string(req, "FilterExpression", filter);
      if (descending) req.AddMember("ScanIndexForward", false, req.GetAllocator());
      if (o.limit) req.AddMember("Limit", static_cast<std::int64_t>(*o.limit), req.GetAllocator());
      if (o.exclusive_start_key) {
        req.AddMember("ExclusiveStartKey", rapidjson::Value(*o.exclusive_start_key, req.GetAllocator()),
                      req.GetAllocator());
      }
    }
  }
  if (!projection.empty()) add_string(req, "ProjectionExpression", projection);
  if (o.consistent_read) req.AddMember("ConsistentRead", true, req.GetAllocator());
  w.add_to(req);
  return plan;
}

// --- writes ---

Plan plan_insert(EngineImpl& engine, const Statement& st, const Binder& binder, const PlanOptions& o) {
  catalog::SchemaPtr table = engine.catalog.require(st.table);
  Plan plan;
  plan.kind = StatementKind::kInsert;
  plan.operation = "PutItem";
  plan.table = table->name;
  const Item item = binder.item(*st.value);
  rapidjson::Document& req = plan.request;
  add_common(req, table->name, o);
  req.AddMember("Item", json::encode_item(item, req.GetAllocator()), req.GetAllocator());
  ExpressionWriter w(binder);
  add_string(req, "ConditionExpression", "attribute_not_exists(" + w.name(table->hash.name) + ")");
  w.add_to(req);
  return plan;
}

// SET, ADD (set_add), DELETE (set_delete) and REMOVE clauses of the UpdateExpression.
std::string update_expression(std::string_view text, const Statement& st, const Binder& binder, ExpressionWriter& w) {
  std::string set, add, del, remove;
  auto append = [](std::string& list, const std::string& part) { list += (list.empty() ? "" : ", ") + part; };
  for (const UpdateAction& a : st.actions) {
    const std::string target = w.path(*a.path);
    if (a.remove) {
      append(remove, target);
      continue;
    }
    const Node& v = *a.value;
    if (v.kind == NodeKind::kCall && (v.text == "set_add" || v.text == "set_delete")) {
      const std::string fn = v.text == "set_add" ? "SET_ADD" : "SET_DELETE";
      const std::string at = " at " + position_text(text, v.span);
      if (v.children.size() != 2) throw Error::validation(fn + " must have exactly two arguments" + at);
      const Node& first = *v.children[0];
      const bool same = first.kind == NodeKind::kPath && first.steps.size() == a.path->steps.size() &&
                        std::equal(first.steps.begin(), first.steps.end(), a.path->steps.begin(),
                                   [](const PathStep& x, const PathStep& y) {
                                     return x.is_index == y.is_index && x.name == y.name && x.index == y.index;
                                   });
      if (!same) throw Error::validation("The first argument to " + fn + " must equal the assignment value" + at);
      const Node& second = *v.children[1];
      const bool set_literal = second.kind == NodeKind::kBag;
      const bool set_param = second.kind == NodeKind::kParam && binder.value(second)->is_set();
      if (!set_literal && !set_param) {
        throw Error::validation("The second argument to " + fn + " must be a value with type SET at " +
                                position_text(text, first.span));
      }
      append(fn == "SET_ADD" ? add : del, target + " " + w.value(*binder.value(second)));
      continue;
    }
    append(set, target + " = " + w.update_value(v));
  }
  std::string out;
  auto clause = [&](const char* keyword, const std::string& list) {
    if (!list.empty()) out += (out.empty() ? "" : " ") + std::string(keyword) + " " + list;
  };
  clause("SET", set);
  clause("ADD", add);
  clause("DELETE", del);
  clause("REMOVE", remove);
  return out;
}

void add_returning(Plan& plan, const Statement& st) {
  if (!st.returning) return;
  const Returning& r = *st.returning;
  const char* rv = r.all ? (r.new_values ? "ALL_NEW" : "ALL_OLD") : (r.new_values ? "UPDATED_NEW" : "UPDATED_OLD");
  add_string(plan.request, "ReturnValues", rv);
}

void add_failure_values(Plan& plan, const PlanOptions& o) {
  if (o.return_values_on_condition_check_failure) {
    add_string(plan.request, "ReturnValuesOnConditionCheckFailure", *o.return_values_on_condition_check_failure);
  }
}

Plan plan_update(EngineImpl& engine, std::string_view text, const Statement& st, const Binder& binder,
                 const PlanOptions& o) {
  catalog::SchemaPtr table = engine.catalog.require(st.table);
  const KeyedWhere keyed = full_key(binder, *table, st.where.get());
  Plan plan;
  plan.kind = StatementKind::kUpdate;
  plan.operation = "UpdateItem";
  plan.table = table->name;
  rapidjson::Document& req = plan.request;
  add_common(req, table->name, o);
  add_key(req, keyed.key);
  ExpressionWriter w(binder);
  add_string(req, "UpdateExpression", update_expression(text, st, binder, w));
  // An UPDATE changes an item that exists: it is no upsert.
  std::string condition = "attribute_exists(" + w.name(table->hash.name) + ")";
  if (!keyed.rest.empty()) condition += " AND " + conjunction(w, keyed.rest);
  add_string(req, "ConditionExpression", condition);
  add_returning(plan, st);
  add_failure_values(plan, o);
  w.add_to(req);
  return plan;
}

Plan plan_delete(EngineImpl& engine, const Statement& st, const Binder& binder, const PlanOptions& o) {
  catalog::SchemaPtr table = engine.catalog.require(st.table);
  const KeyedWhere keyed = full_key(binder, *table, st.where.get());
  Plan plan;
  plan.kind = StatementKind::kDelete;
  plan.operation = "DeleteItem";
  plan.table = table->name;
  rapidjson::Document& req = plan.request;
  add_common(req, table->name, o);
  add_key(req, keyed.key);
  ExpressionWriter w(binder);
  // Deleting an item that is not there succeeds: the rest of the WHERE is
  // only a condition on an item that exists.
  if (!keyed.rest.empty()) {
    add_string(req, "ConditionExpression",
               "attribute_not_exists(" + w.name(table->hash.name) + ") OR (" + conjunction(w, keyed.rest) + ")");
  }
  add_returning(plan, st);
  add_failure_values(plan, o);
  w.add_to(req);
  return plan;
}

Plan plan_exists(EngineImpl& engine, const Statement& st, const Binder& binder, const PlanOptions& o) {
  const Statement& select = *st.exists;
  catalog::SchemaPtr table = engine.catalog.require(select.table);
  if (select.index) throw Error::validation("Operations on indices are not supported in transactions");
  KeyedWhere keyed;
  try {
    keyed = full_key(binder, *table, select.where.get());
  } catch (const Error& e) {
    if (e.message() != kMandatoryKey) throw;
    keyed.rest.clear();
  }
  if (keyed.key.empty() || keyed.rest.empty()) {
    throw Error::validation("EXISTS() must contain a single item read with additional condition");
  }
  Plan plan;
  plan.kind = StatementKind::kExists;
  plan.operation = "ConditionCheck";
  plan.table = table->name;
  rapidjson::Document& req = plan.request;
  add_string(req, "TableName", table->name);
  add_key(req, keyed.key);
  ExpressionWriter w(binder);
  add_string(req, "ConditionExpression",
             "attribute_exists(" + w.name(table->hash.name) + ") AND " + conjunction(w, keyed.rest));
  add_failure_values(plan, o);
  w.add_to(req);
  return plan;
}

}  // namespace

Plan plan_statement(EngineImpl& engine, std::string_view text, const Statement& st,
                    const std::vector<AttributeValue>& params, const PlanOptions& options) {
  if (st.kind == StatementKind::kExists && options.surface != Surface::kTransaction) {
    throw Error::validation("EXISTS can only be used in ExecuteTransaction write requests.");
  }
  if (st.returning && options.surface == Surface::kTransaction) {
    throw Error::validation("RETURNING clause is not supported in ExecuteTransaction.");
  }
  if (st.kind == StatementKind::kDelete && st.returning && !(st.returning->all && !st.returning->new_values)) {
    throw Error::validation("Invalid returning clause: RETURNING " + st.returning->text() +
                            ". Only RETURNING ALL OLD * is allowed in DELETE statements.");
  }
  const Binder binder(text, params);
  switch (st.kind) {
    case StatementKind::kSelect: return plan_select(engine, text, st, binder, options);
    case StatementKind::kInsert: return plan_insert(engine, st, binder, options);
    case StatementKind::kUpdate: return plan_update(engine, text, st, binder, options);
    case StatementKind::kDelete: return plan_delete(engine, st, binder, options);
    case StatementKind::kExists: return plan_exists(engine, st, binder, options);
  }
  throw Error::internal("unknown statement kind");
}

}  // namespace dynamo_items::partiql
