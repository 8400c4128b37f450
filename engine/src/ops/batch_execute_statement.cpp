// BatchExecuteStatement: up to 25 PartiQL statements, all reads or all
// writes, each run on its own as ExecuteStatement runs it (a batch is not a
// transaction). A SELECT must name the whole primary key, so each reads at
// most one item. A statement that fails answers an Error (Code, Message and,
// for ReturnValuesOnConditionCheckFailure ALL_OLD, Item) in its place in
// Responses; the request itself succeeds. ConsumedCapacity is one entry per
// table, the sum of the statements on it.
#include <map>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/capacity.h"
#include "ops/operations.h"
#include "ops/request.h"
#include "ops/request_schema.h"
#include "partiql/parser.h"
#include "partiql/planner.h"
#include "partiql/runner.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {

// BatchStatementError's Code for an exception type.
std::string error_code(const std::string& type) {
  static const std::map<std::string, std::string> kCodes{
      {"ConditionalCheckFailedException", "ConditionalCheckFailed"},
      {"DuplicateItemException", "DuplicateItem"},
      {"ResourceNotFoundException", "ResourceNotFound"},
      {"ItemCollectionSizeLimitExceededException", "ItemCollectionSizeLimitExceeded"},
      {"TransactionConflictException", "TransactionConflict"},
      {"ProvisionedThroughputExceededException", "ProvisionedThroughputExceeded"},
      {"RequestLimitExceeded", "RequestLimitExceeded"},
      {"ThrottlingException", "ThrottlingError"},
      {"AccessDeniedException", "AccessDenied"},
      {"InternalServerError", "InternalServerError"},
  };
  auto it = kCodes.find(type);
  return it == kCodes.end() ? "ValidationError" : it->second;
}

struct Member {
  std::string_view text;
  const Json* parameters = nullptr;
  std::optional<std::string> failure_values;
  bool consistent = false;
  std::optional<partiql::Statement> statement;
  std::optional<Error> error;  // the statement could not be parsed
};

Json error_response(const Error& e, const std::string* table, rapidjson::Document::AllocatorType& a) {
  Json err(rapidjson::kObjectType);
  const std::string code = error_code(e.type());
  err.AddMember("Code", Json(code.c_str(), a), a);
  err.AddMember("Message", Json(e.message().c_str(), static_cast<rapidjson::SizeType>(e.message().size()), a), a);
  if (e.item) err.AddMember("Item", json::encode_item(*e.item, a), a);
  Json out(rapidjson::kObjectType);
  out.AddMember("Error", err, a);
  if (table != nullptr) out.AddMember("TableName", Json(table->c_str(), a), a);
  return out;
}

// The members' JSON types, checked before any constraint.
const std::vector<MemberRule> kParameters = {{"member", Shape::kStructure}};
const std::vector<MemberRule> kBatchStatement = {
    {"Statement", Shape::kString},
    {"Parameters", Shape::kList, false, {}, NameRule::kNone, {}, {}, &kParameters},
    {"ConsistentRead", Shape::kBoolean},
    return_values_on_condition_check_failure(),
};
const std::vector<MemberRule> kBatchStatementList = {
    {"member", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kBatchStatement}};
const MemberRule kBatchExecuteStatementTypes[] = {
    {"Statements", Shape::kList, false, {}, NameRule::kNone, {}, {}, &kBatchStatementList},
    return_consumed_capacity(),
};

}  // namespace

Response batch_execute_statement(EngineImpl& engine, const Request& req) {
  check_types(req, kBatchExecuteStatementTypes);
  ConstraintErrors errors;
  check_return_capacity_enums(req, errors);
  const Json* statements = opt_array(req, "Statements");
  errors.not_null(statements, "statements");
  if (statements != nullptr) {
    errors.min_length(statements->Size(), 1, "[]", "statements");
    errors.max_length(statements->Size(), 25, "[...]", "statements");
  }
  errors.throw_if_any();

  std::vector<Member> members;
  bool reads = false, writes = false;
  for (const Json& entry : statements->GetArray()) {
    const Json& obj = as_object(entry);
    Member m;
    ConstraintErrors e;
    const auto text = opt_string(obj, "Statement");
    e.not_null(member(obj, "Statement"), "statements.member.statement");
    if (text) {
      e.min_length(text->size(), 1, std::string(*text), "statements.member.statement");
      e.max_length(text->size(), 8192, std::string(*text), "statements.member.statement");
    }
    m.parameters = opt_array(obj, "Parameters");
    m.consistent = opt_bool(obj, "ConsistentRead").value_or(false);
    const auto failure_values = opt_string(obj, "ReturnValuesOnConditionCheckFailure");
    e.enum_value(failure_values, "statements.member.returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
    e.throw_if_any();
    if (failure_values) m.failure_values = std::string(*failure_values);
    m.text = *text;
    try {
      m.statement = partiql::parse_statement(m.text);
      (m.statement->is_read() ? reads : writes) = true;
    } catch (const Error& err) {
      m.error = err;
    }
    members.push_back(std::move(m));
  }
  if (reads && writes) {
    throw Error::validation("BatchExecuteStatement API does not support both read and write operations in the same "
                            "request.");
  }

  Response res(rapidjson::kObjectType);
  auto& a = res.GetAllocator();
  Json responses(rapidjson::kArrayType);
  std::map<std::string, double> units;
  for (Member& m : members) {
    if (m.error) {
      responses.PushBack(error_response(*m.error, nullptr, a), a);
      continue;
    }
    std::optional<std::string> table;
    try {
      const std::vector<AttributeValue> params =
          partiql::statement_parameters(m.parameters, m.statement->parameter_count);
      partiql::PlanOptions options;
      options.surface = partiql::Surface::kBatch;
      options.consistent_read = m.consistent;
      options.return_consumed_capacity = "TOTAL";
      options.return_values_on_condition_check_failure = m.failure_values;
      partiql::Plan plan = partiql::plan_statement(engine, m.text, *m.statement, params, options);
      table = plan.table;
      Response one = partiql::run_plan(engine, plan, partiql::statement_binding(m.text, m.parameters));
      if (one.HasMember("ConsumedCapacity")) units[plan.table] += one["ConsumedCapacity"]["CapacityUnits"].GetDouble();
      Json out(rapidjson::kObjectType);
      out.AddMember("TableName", Json(plan.table.c_str(), a), a);
      if (one["Items"].Size() > 0) out.AddMember("Item", Json(one["Items"][0], a), a);
      responses.PushBack(out, a);
    } catch (const Error& err) {
      const bool known_table = table || (err.type() != "ResourceNotFoundException" &&
                                         engine.catalog.find(m.statement->table) != nullptr);
      const std::string name = table ? *table : m.statement->table;
      responses.PushBack(error_response(err, known_table ? &name : nullptr, a), a);
    }
  }
  res.AddMember("Responses", responses, a);
  add_batch_consumed_capacity(req, res, units, writes ? CapacityKind::kWrite : CapacityKind::kRead);
  return res;
}

}  // namespace dynamo_items::ops
