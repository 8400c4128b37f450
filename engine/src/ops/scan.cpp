// Scan: a table's items in storage (partition-hash) order, which is stable
// across pages while the table is unchanged. Parallel scan segments are
// disjoint hash ranges that together cover the table.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "expr/legacy.h"
#include "ops/capacity.h"
#include "ops/operations.h"
#include "ops/request_schema.h"
#include "ops/read_request.h"
#include "ops/read_target.h"

namespace dynamo_items::ops {

namespace {

const MemberRule kScanRequest[] = {
    string_list("AttributesToGet", false, 1),
    {"ConditionalOperator", Shape::kString, false, {"AND", "OR"}},
    {"ConsistentRead", Shape::kBoolean},
    attribute_value_map("ExclusiveStartKey"),
    expression_attribute_names(),
    attribute_value_map("ExpressionAttributeValues"),
    {"FilterExpression", Shape::kString},
    {"IndexName", Shape::kString, false, {}, NameRule::kIndexName},
    {"Limit", Shape::kInteger, false, {}, NameRule::kNone, 1},
    {"ProjectionExpression", Shape::kString},
    return_consumed_capacity(),
    {"ScanFilter", Shape::kMap},
    {"Segment", Shape::kInteger, false, {}, NameRule::kNone, 0, 999999},
    {"Select", Shape::kString, false, {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"}},
    {"TableName", Shape::kString, true, {}, NameRule::kItemTableName},
    {"TotalSegments", Shape::kInteger, false, {}, NameRule::kNone, 1, 1000000},
};

}  // namespace

Response scan(EngineImpl& engine, const Request& req) {
  check_request(req, kScanRequest);
  auto segment = opt_int(req, "Segment");
  const std::string table_name(*opt_string(req, "TableName"));
  auto total = opt_int(req, "TotalSegments");

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
