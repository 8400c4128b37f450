// PartiQL runner: runs a planned statement (planner.h) by calling the classic
// operation with the plan's request, and shapes its answer as
// ExecuteStatement's: "Items" (the items read, the item RETURNING asked for,
// or none), "NextToken" and "LastEvaluatedKey" when a read stopped early, and
// the operation's "ConsumedCapacity" as it is.
//
// Errors come back in PartiQL's words: an INSERT whose key exists is
// DuplicateItemException, and the classic "Invalid FilterExpression: " (and
// similar) prefixes are dropped, since the statement has no such parameter,
// and the planner's #nN placeholders become the names they stand for.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "dynamo_items/error.h"
#include "partiql/planner.h"

namespace dynamo_items {
class EngineImpl;
}

namespace dynamo_items::partiql {

// binding: what a NextToken is issued for (the statement and its
// parameters); a token is only accepted back with the same binding.
rapidjson::Document run_plan(EngineImpl& engine, Plan& plan, std::string_view binding);

// SELECT a.b[0]: the item (DynamoDB JSON, as the projection read it) holds
// each column's value under the column's name ("b").
void rename_columns(rapidjson::Value& item, const std::vector<Column>& columns,
                    rapidjson::Document::AllocatorType& allocator);

// The error a statement reports for an error of the operation it ran as.
Error statement_error(const Plan& plan, const Error& e);

// NextToken: LastEvaluatedKey and the binding, opaque to the caller.
std::string encode_next_token(const rapidjson::Value& last_evaluated_key, std::string_view binding);
// The ExclusiveStartKey a NextToken stands for; throws ValidationException
// "Invalid NextToken" or "NextToken does not match request".
rapidjson::Document decode_next_token(std::string_view token, std::string_view binding);

// A statement's binding: its text and its parameters.
std::string statement_binding(std::string_view statement, const rapidjson::Value* parameters);

// The request's Parameters as values, checked against the number of ? in the
// statement ("Number of parameters in request and statement don't match.").
std::vector<AttributeValue> statement_parameters(const rapidjson::Value* parameters, std::size_t expected);

}  // namespace dynamo_items::partiql
