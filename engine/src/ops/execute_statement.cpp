// ExecuteStatement: one PartiQL statement (SELECT, INSERT, UPDATE, DELETE),
// parsed (partiql/parser.*), planned as the classic operation's request
// (partiql/planner.*: GetItem, Query, Scan, PutItem, UpdateItem, DeleteItem)
// and run by that operation (partiql/runner.*). Limit, NextToken,
// ConsistentRead, ReturnConsumedCapacity and
// ReturnValuesOnConditionCheckFailure go to the classic request.
#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "partiql/parser.h"
#include "partiql/planner.h"
#include "partiql/runner.h"

namespace dynamo_items::ops {

namespace {
// The parameters' JSON types, checked before any constraint; the top-level
// members' types are checked by the accessors below, before any constraint
// is reported.
const std::vector<MemberRule> kParameters = {{"member", Shape::kStructure}};
const MemberRule kExecuteStatementTypes[] = {
    {"Parameters", Shape::kList, false, {}, NameRule::kNone, {}, {}, &kParameters},
};
}  // namespace

Response execute_statement(EngineImpl& engine, const Request& req) {
  check_types(req, kExecuteStatementTypes);
  ConstraintErrors errors;
  const auto consistent = opt_bool(req, "ConsistentRead");
  const auto limit = opt_int(req, "Limit");
  errors.min_value(limit, 1, "limit");
  const auto next_token = opt_string(req, "NextToken");
  if (next_token) {
    errors.min_length(next_token->size(), 1, std::string(*next_token), "nextToken");
    errors.max_length(next_token->size(), 32768, std::string(*next_token), "nextToken");
  }
  const Json* parameters = opt_array(req, "Parameters");
  if (parameters != nullptr) errors.min_length(parameters->Size(), 1, "[]", "parameters");
  check_return_capacity_enums(req, errors);
  const auto failure_values = opt_string(req, "ReturnValuesOnConditionCheckFailure");
  errors.enum_value(failure_values, "returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
  const auto statement = opt_string(req, "Statement");
  errors.not_null(member(req, "Statement"), "statement");
  if (statement) {
    errors.min_length(statement->size(), 1, std::string(*statement), "statement");
    errors.max_length(statement->size(), 8192, std::string(*statement), "statement");
  }
  errors.throw_if_any();

  const partiql::Statement st = partiql::parse_statement(*statement);
  const std::vector<AttributeValue> params = partiql::statement_parameters(parameters, st.parameter_count);
  const std::string binding = partiql::statement_binding(*statement, parameters);
  partiql::PlanOptions options;
  options.consistent_read = consistent.value_or(false);
  options.limit = limit;
  rapidjson::Document start;
  if (next_token) {
    start = partiql::decode_next_token(*next_token, binding);
    options.exclusive_start_key = &start;
  }
  if (auto rcc = opt_string(req, "ReturnConsumedCapacity")) options.return_consumed_capacity = std::string(*rcc);
  if (failure_values) options.return_values_on_condition_check_failure = std::string(*failure_values);
  partiql::Plan plan = partiql::plan_statement(engine, *statement, st, params, options);
  return partiql::run_plan(engine, plan, binding);
}

}  // namespace dynamo_items::ops
