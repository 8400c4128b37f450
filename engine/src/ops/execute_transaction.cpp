// ExecuteTransaction: up to 100 PartiQL statements, all or nothing, run as
// one classic transaction: SELECTs (by full primary key) as a
// TransactGetItems request, INSERT/UPDATE/DELETE and EXISTS(SELECT ...)
// conditions as a TransactWriteItems request (Put, Update, Delete,
// ConditionCheck), so cancellation reasons, ClientRequestToken idempotency
// and capacity are those operations'. Reads and writes cannot mix; a problem
// with one statement is "Validation failed in TransactStatements[i]: ...".
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

// The member of a TransactWriteItems action for a write plan.
const char* action_kind(const partiql::Plan& plan) {
  switch (plan.kind) {
    case partiql::StatementKind::kInsert: return "Put";
    case partiql::StatementKind::kUpdate: return "Update";
    case partiql::StatementKind::kDelete: return "Delete";
    default: return "ConditionCheck";
  }
}

Error in_statement(std::size_t i, const Error& e) {
  if (e.type() != "ValidationException") return e;
  return Error::validation("Validation failed in TransactStatements[" + std::to_string(i) + "]: " + e.message());
}

// A canceled transaction, in PartiQL's words: an INSERT whose key exists is
// DuplicateItem, not a failed condition.
Error canceled(const Error& e, const std::vector<partiql::Plan>& plans) {
  std::vector<Error::CancellationReason> reasons = e.cancellation_reasons;
  for (std::size_t i = 0; i < reasons.size() && i < plans.size(); ++i) {
    if (plans[i].kind == partiql::StatementKind::kInsert && reasons[i].code == "ConditionalCheckFailed") {
      reasons[i] = {"DuplicateItem", "Duplicate primary key exists in table", nullptr};
    }
  }
  return Error::transaction_canceled(std::move(reasons));
}

// The members' JSON types, checked before any constraint.
const std::vector<MemberRule> kParameters = {{"member", Shape::kStructure}};
const std::vector<MemberRule> kParameterizedStatement = {
    {"Statement", Shape::kString},
    {"Parameters", Shape::kList, false, {}, NameRule::kNone, {}, {}, &kParameters},
    return_values_on_condition_check_failure(),
};
const std::vector<MemberRule> kStatementList = {
    {"member", Shape::kStructure, false, {}, NameRule::kNone, {}, {}, &kParameterizedStatement}};
const MemberRule kExecuteTransactionTypes[] = {
    {"TransactStatements", Shape::kList, false, {}, NameRule::kNone, {}, {}, &kStatementList},
    {"ClientRequestToken", Shape::kString},
    return_consumed_capacity(),
};

}  // namespace

Response execute_transaction(EngineImpl& engine, const Request& req) {
  check_types(req, kExecuteTransactionTypes);
  ConstraintErrors errors;
  const auto token = opt_string(req, "ClientRequestToken");
  if (token) {
    errors.min_length(token->size(), 1, std::string(*token), "clientRequestToken");
    errors.max_length(token->size(), 36, std::string(*token), "clientRequestToken");
  }
  check_return_capacity_enums(req, errors);
  const Json* statements = opt_array(req, "TransactStatements");
  errors.not_null(statements, "transactStatements");
  if (statements != nullptr) {
    errors.min_length(statements->Size(), 1, "[]", "transactStatements");
    errors.max_length(statements->Size(), 100, "[...]", "transactStatements");
  }
  errors.throw_if_any();

  struct Member {
    std::string_view text;
    const Json* parameters = nullptr;
    std::optional<std::string> failure_values;
    partiql::Statement statement;
  };
  std::vector<Member> members;
  bool reads = false, writes = false;
  for (const Json& entry : statements->GetArray()) {
    const Json& obj = as_object(entry);
    ConstraintErrors e;
    const auto text = opt_string(obj, "Statement");
    e.not_null(member(obj, "Statement"), "transactStatements.member.statement");
    if (text) {
      e.min_length(text->size(), 1, std::string(*text), "transactStatements.member.statement");
      e.max_length(text->size(), 8192, std::string(*text), "transactStatements.member.statement");
    }
    const auto failure_values = opt_string(obj, "ReturnValuesOnConditionCheckFailure");
    e.enum_value(failure_values, "transactStatements.member.returnValuesOnConditionCheckFailure", {"ALL_OLD", "NONE"});
    e.throw_if_any();
    Member m;
    m.text = *text;
    m.parameters = opt_array(obj, "Parameters");
    if (failure_values) m.failure_values = std::string(*failure_values);
    try {
      m.statement = partiql::parse_statement(m.text);
    } catch (const Error& err) {
      throw in_statement(members.size(), err);
    }
    (m.statement.is_read() ? reads : writes) = true;
    if (reads && writes) {
      throw Error::validation(
          "ExecuteTransaction API does not support both read and write operations in the same request.");
    }
    members.push_back(std::move(m));
  }

  std::vector<partiql::Plan> plans;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const Member& m = members[i];
    try {
      const std::vector<AttributeValue> params =
          partiql::statement_parameters(m.parameters, m.statement.parameter_count);
      partiql::PlanOptions options;
      options.surface = partiql::Surface::kTransaction;
      options.return_values_on_condition_check_failure = m.failure_values;
      plans.push_back(partiql::plan_statement(engine, m.text, m.statement, params, options));
    } catch (const Error& err) {
      throw in_statement(i, err);
    }
  }

  rapidjson::Document classic(rapidjson::kObjectType);
  auto& a = classic.GetAllocator();
  Json items(rapidjson::kArrayType);
  for (partiql::Plan& plan : plans) {
    Json action(rapidjson::kObjectType);
    action.AddMember(rapidjson::StringRef(reads ? "Get" : action_kind(plan)), Json(plan.request, a), a);
    items.PushBack(action, a);
  }
  classic.AddMember("TransactItems", items, a);
  if (const Json* rcc = member(req, "ReturnConsumedCapacity")) {
    classic.AddMember("ReturnConsumedCapacity", Json(*rcc, a), a);
  }
  if (writes && token) classic.AddMember("ClientRequestToken", Json(token->data(), static_cast<rapidjson::SizeType>(token->size()), a), a);

  Response res;
  try {
    res = reads ? transact_get_items(engine, classic) : transact_write_items(engine, classic);
  } catch (const Error& e) {
    if (e.type() == "TransactionCanceledException" && !e.cancellation_reasons.empty()) throw canceled(e, plans);
    throw partiql::statement_error(plans.front(), e);
  }
  if (reads) {
    // SELECT a.b names its column "b", as ExecuteStatement does.
    auto& responses = res["Responses"];
    for (std::size_t i = 0; i < plans.size() && i < responses.Size(); ++i) {
      if (responses[i].HasMember("Item")) {
        partiql::rename_columns(responses[i]["Item"], plans[i].columns, res.GetAllocator());
      }
    }
  }
  if (writes) {
    // A write answers no item; each statement has its (empty) response.
    Json responses(rapidjson::kArrayType);
    for (std::size_t i = 0; i < plans.size(); ++i) responses.PushBack(Json(rapidjson::kObjectType), res.GetAllocator());
    res.AddMember("Responses", responses, res.GetAllocator());
  }
  return res;
}

}  // namespace dynamo_items::ops
