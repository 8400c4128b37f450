// Scan: a table's items in storage (partition-hash) order, which is stable
// across pages while the table is unchanged. Parallel scan segments are
// disjoint hash ranges that together cover the table.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "expr/legacy.h"
#include "ops/capacity.h"
#include "ops/operations.h"
#include "ops/read_request.h"
#include "ops/read_target.h"

namespace dynamo_items::ops {

Response scan(EngineImpl& engine, const Request& req) {
  ConstraintErrors errors;
  constrain_read_request(req, errors);
  auto segment = opt_int(req, "Segment");
  errors.min_value(segment, 0, "segment");
  errors.max_value(segment, 999999, "segment");
  std::string table_name(opt_string(req, "TableName").value_or(""));
  errors.item_table_name(opt_string(req, "TableName"), "tableName");
  auto total = opt_int(req, "TotalSegments");
  errors.min_value(total, 1, "totalSegments");
  errors.max_value(total, 1000000, "totalSegments");
  errors.throw_if_any();

  if (segment && !total) {
    throw Error::validation("The TotalSegments parameter is required but was not present in the request when "
                            "Segment parameter is present");
  }
  if (total && !segment) {
    throw Error::validation("The Segment parameter is required but was not present in the request when parameter "
                            "TotalSegments is present");
  }
  if (segment && *segment >= *total) {
    throw Error::validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: "
                            "Segment: " + std::to_string(*segment) + " is not less than TotalSegments: " +
                            std::to_string(*total));
  }
  expr::check_expression_parameters(req, {"ProjectionExpression", "FilterExpression"},
                                    {"AttributesToGet", "ScanFilter", "ConditionalOperator"});
  auto index_name = opt_string(req, "IndexName");
  const bool count_only = check_select(req, index_name.has_value());
  check_expression_syntax(req, false);
  if (engine.catalog.find(table_name) == nullptr) check_expressions_without_table(req, false);
  auto table = engine.catalog.require(table_name);
  const ReadTarget target = read_target(*table, req);

  expr::ExpressionContext ctx = expr::ExpressionContext::from_request(req);
  const auto seg = static_cast<std::uint32_t>(segment.value_or(0));
  const auto segs = static_cast<std::uint32_t>(total.value_or(1));
  ReadPlan plan;
  plan.range = scan_range_in(target.space_prefix, seg, segs);
  plan.limit = opt_int(req, "Limit");
  plan.count_only = count_only;
  if (auto start = target_start_key(req, *table, target)) {
    if (segment_of(table->id, *start, segs) != seg) {
      throw Error::validation("The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
                              "ExclusiveStartKey with correct Segment. TotalSegments: " + std::to_string(segs) +
                              " Segment: " + std::to_string(seg));
    }
    plan.range.lower = std::max(plan.range.lower, key_after(*start));
  }
  shape_read(req, ctx, "ScanFilter", *table, plan);
  ctx.check_all_used();
  const bool consistent = opt_bool(req, "ConsistentRead").value_or(false);
  auto fetched_units = std::make_shared<double>(0);
  if (target.fetch_from_table) fetch_table_items(engine, *table, consistent, plan, fetched_units);
  ReadResult result = run_read(engine, plan);
  Response res = read_response(*table, result, count_only, &target);
  add_read_consumed_capacity(req, res, table->name, target.index ? &target.index->name : nullptr,
                             target.index && target.index->global,
                             read_capacity_units(result.scanned_bytes, consistent), *fetched_units);
  return res;
}

}  // namespace dynamo_items::ops
