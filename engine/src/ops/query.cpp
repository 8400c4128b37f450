// Query: one partition's items, optionally narrowed by a sort-key condition,
// read as one RocksDB range scan in sort-key order (or reversed), then
// filtered and projected.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/capacity.h"
#include "ops/expression_params.h"
#include "ops/key_condition.h"
#include "ops/operations.h"
#include "ops/read_request.h"

namespace dynamo_items::ops {

Response query(EngineImpl& engine, const Request& req) {
  check_table_name_present(req);
  ConstraintErrors errors;
  constrain_read_request(req, errors);
  opt_bool(req, "ScanIndexForward");
  std::string table_name(opt_string(req, "TableName").value_or(""));
  errors.table_name(opt_string(req, "TableName"), "tableName");
  errors.throw_if_any();

  check_expression_parameters(req, {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"},
                              {"ProjectionExpression", "FilterExpression", "KeyConditionExpression"});
  const Json* key_conditions = opt_object(req, "KeyConditions");
  const bool has_expression = member(req, "KeyConditionExpression") != nullptr;
  if (key_conditions == nullptr && !has_expression) {
    throw Error::validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
                            "request.");
  }
  auto index_name = opt_string(req, "IndexName");
  const bool count_only = check_select(req, index_name.has_value());
  auto table = engine.catalog.require(table_name);
  if (index_name) {
    bool found = false;
    for (const auto& ix : table->indexes) found = found || ix.name == *index_name;
    if (!found) throw Error::validation("The table does not have the specified index: " + std::string(*index_name));
    throw Error::validation("Querying secondary indexes is not supported yet by dynamo-items");
  }
  QueryKeys keys{table->hash, table->range};
  expr::ExpressionContext ctx = expr::ExpressionContext::from_request(req);
  KeyConditionSpec spec = key_conditions != nullptr ? legacy_key_conditions(*key_conditions, keys)
                                                    : key_condition_expression(req, ctx, keys);

  ReadPlan plan;
  plan.range = query_range(table->id, spec.partition_key, spec.sort_key);
  plan.forward = opt_bool(req, "ScanIndexForward").value_or(true);
  plan.limit = opt_int(req, "Limit");
  plan.count_only = count_only;
  if (auto start = exclusive_start_key(req, *table)) {
    const std::string partition = query_range(table->id, spec.partition_key, std::nullopt).lower;
    if (start->compare(0, partition.size(), partition) != 0) {
      throw Error::validation("The provided starting key is outside query boundaries based on provided conditions");
    }
    if (plan.forward) {
      plan.range.lower = std::max(plan.range.lower, key_after(*start));
    } else {
      plan.range.upper = std::min(plan.range.upper, *start);
    }
  }
  shape_read(req, ctx, "QueryFilter", plan);
  ctx.check_all_used();
  ReadResult result = run_read(engine, plan);
  Response res = read_response(*table, result, count_only);
  add_consumed_capacity(req, res, table->name,
                        read_capacity_units(result.scanned_bytes, opt_bool(req, "ConsistentRead").value_or(false)),
                        CapacityKind::kRead);
  return res;
}

}  // namespace dynamo_items::ops
