// Filter and projection of Query/Scan results: FilterExpression and
// ProjectionExpression through the expression module, or the legacy
// AttributesToGet. The filter runs after the read, so Limit and
// ScannedCount count items before it.
#include "dynamo_items/error.h"
#include "ops/read_request.h"

namespace dynamo_items::ops {

void shape_read(const Json& req, expr::ExpressionContext& ctx, const char* legacy_filter, ReadPlan& plan) {
  if (member(req, legacy_filter) != nullptr) {
    throw Error::validation(std::string(legacy_filter) + " is not supported yet by dynamo-items; use FilterExpression");
  }
  if (auto filter = opt_string(req, "FilterExpression")) {
    expr::Condition condition = expr::parse_condition(*filter, ctx, "FilterExpression");
    plan.filter = [condition](const Item& item) { return condition.matches(&item); };
  }
  expr::Projection projection;
  if (auto text = opt_string(req, "ProjectionExpression")) {
    projection = expr::parse_projection(*text, ctx);
  } else if (const Json* attrs = opt_array(req, "AttributesToGet")) {
    std::vector<std::string> names;
    for (const auto& n : attrs->GetArray()) names.emplace_back(as_string(n));
    plan.project = [names](const Item& item) {
      Item out;
      for (const auto& n : names) {
        if (auto it = item.find(n); it != item.end()) out.insert(*it);
      }
      return out;
    };
  }
  if (!projection.empty()) plan.project = [projection](const Item& item) { return projection.apply(item); };
}

}  // namespace dynamo_items::ops
