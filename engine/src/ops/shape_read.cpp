// Filter and projection of Query/Scan results: FilterExpression and
// ProjectionExpression through the expression module, or the legacy
// QueryFilter/ScanFilter and AttributesToGet. The filter runs after the read,
// so Limit and ScannedCount count items before it.
#include <string_view>
#include <vector>

#include "dynamo_items/error.h"
#include "expr/ast.h"
#include "expr/legacy.h"
#include "expr/parse_cache.h"
#include "ops/read_request.h"

namespace dynamo_items::ops {

namespace {

void collect_paths(const expr::Operand& o, std::vector<const expr::Path*>& out) {
  if (o.kind == expr::Operand::Kind::kPath && !o.path.empty()) out.push_back(&o.path);
  for (const auto& arg : o.args) collect_paths(arg, out);
}

void collect_paths(const expr::CondNode& n, std::vector<const expr::Path*>& out) {
  for (const auto& child : n.children) collect_paths(child, out);
  for (const auto& operand : n.operands) collect_paths(operand, out);
}

// No filter may look inside a key attribute ("Key attributes must be
// scalars ..."), key attributes in schema order.
// A Query on the table may not filter on its key attributes at all (those
// belong in the key condition).
// For an index Query the index's key attributes are the ones excluded.
void check_query_filter_names_no_key(const Json& req, const expr::Condition& filter,
                                     const catalog::TableSchema& table, const char* message_prefix) {
  if (filter.empty()) return;
  std::vector<const expr::Path*> paths;
  collect_paths(*filter.root(), paths);
  std::vector<const catalog::KeyAttribute*> keys{&table.hash};
  if (table.range) keys.push_back(&*table.range);
  if (auto index_name = opt_string(req, "IndexName")) {
    for (const auto& ix : table.indexes) {
      if (ix.name != *index_name) continue;
      keys = ix.key_attributes();
    }
  }
  for (const auto* k : keys) {
    for (const expr::Path* p : paths) {
      if (!p->empty() && !p->front().is_index() && p->front().name == k->name) {
        throw Error::validation(std::string(message_prefix) + " can only contain non-primary key attributes: "
                                "Primary key attribute: " + k->name);
      }
    }
  }
}

void check_filter_key_paths(const expr::Condition& filter, const catalog::TableSchema& table) {
  if (filter.empty()) return;
  std::vector<const expr::Path*> paths;
  collect_paths(*filter.root(), paths);
  std::vector<const catalog::KeyAttribute*> keys{&table.hash};
  if (table.range) keys.push_back(&*table.range);
  for (const auto* k : keys) {
    for (const expr::Path* p : paths) {
      if (p->size() > 1 && !p->front().is_index() && p->front().name == k->name) {
        throw Error::validation(
            "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
            "allowed: Key: " +
            k->name);
      }
    }
  }
}

}  // namespace

void check_expression_syntax(const Json& req, bool query) {
  auto key_condition = query ? opt_string(req, "KeyConditionExpression") : std::nullopt;
  if (key_condition) expr::cached_condition(*key_condition, "KeyConditionExpression");
  if (auto text = opt_string(req, "FilterExpression")) expr::cached_condition(*text, "FilterExpression");
  if (auto text = opt_string(req, "ProjectionExpression")) expr::cached_projection(*text);
}

void check_expressions_without_table(const Json& req, bool query) {
  expr::ExpressionContext ctx = expr::ExpressionContext::from_request(req);
  auto key_condition = query ? opt_string(req, "KeyConditionExpression") : std::nullopt;
  if (key_condition) expr::parse_condition(*key_condition, ctx, "KeyConditionExpression");
  if (auto text = opt_string(req, "FilterExpression")) expr::parse_condition(*text, ctx, "FilterExpression");
  if (auto text = opt_string(req, "ProjectionExpression")) expr::parse_projection(*text, ctx);
}

void shape_read(const Json& req, expr::ExpressionContext& ctx, const char* legacy_filter,
                const catalog::TableSchema& table, ReadPlan& plan) {
  const bool query = std::string_view(legacy_filter) == "QueryFilter";
  expr::Condition condition;
  if (auto filter = opt_string(req, "FilterExpression")) {
    condition = expr::parse_condition(*filter, ctx, "FilterExpression");
    check_filter_key_paths(condition, table);
    if (query) check_query_filter_names_no_key(req, condition, table, "Filter Expression");
  } else if (const Json* legacy = member(req, legacy_filter)) {
    condition = expr::filter_condition(*legacy, opt_string(req, "ConditionalOperator"),
                                       query ? "queryFilter" : "scanFilter");
    check_filter_key_paths(condition, table);
    if (query) check_query_filter_names_no_key(req, condition, table, "QueryFilter");
  }
  if (!condition.empty()) plan.filter = [condition](const Item& item) { return condition.matches(&item); };
  expr::Projection projection;
  if (auto text = opt_string(req, "ProjectionExpression")) {
    projection = expr::parse_projection(*text, ctx);
  } else if (const Json* attrs = opt_array(req, "AttributesToGet")) {
    projection = expr::attributes_to_get(*attrs);
  }
  if (!projection.empty()) plan.project = [projection](const Item& item) { return projection.apply(item); };
}

}  // namespace dynamo_items::ops
