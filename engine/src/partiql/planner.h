// PartiQL planner: a parsed statement, its parameters and the table's schema
// become the request of a classic operation, which then runs the statement
// (runner.h), so PartiQL shares every rule of the classic API:
//
//   SELECT, full primary key by equality, nothing else   -> GetItem
//   SELECT, partition key by equality (+ one sort-key     -> Query (on the
//     condition), the rest not on key attributes             table or index)
//   any other SELECT                                      -> Scan + FilterExpression
//   INSERT INTO t VALUE {...}                             -> PutItem, attribute_not_exists(key)
//   UPDATE t SET ... REMOVE ... WHERE key [AND cond]      -> UpdateItem, attribute_exists(key) AND cond
//   DELETE FROM t WHERE key [AND cond]                    -> DeleteItem, attribute_not_exists(key) OR cond
//   EXISTS(SELECT ... WHERE key AND cond)                 -> a TransactWriteItems ConditionCheck
//
// Writes must name the whole primary key by equality ("Where clause does not
// contain a mandatory equality on all key attributes"); batches and
// transactions read by full key only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "catalog/catalog.h"
#include "partiql/ast.h"

namespace dynamo_items {
class EngineImpl;
}

namespace dynamo_items::partiql {

// Which operation a statement arrived in: each restricts statements its own way.
enum class Surface : std::uint8_t { kStatement, kBatch, kTransaction };

struct PlanOptions {
  Surface surface = Surface::kStatement;
  bool consistent_read = false;
  std::optional<std::int64_t> limit;
  const rapidjson::Value* exclusive_start_key = nullptr;  // from NextToken
  std::optional<std::string> return_consumed_capacity;
  std::optional<std::string> return_values_on_condition_check_failure;
};

// A SELECT column whose name in the result is not its path: SELECT a.b[0]
// returns the value under "b", as PartiQL names a path by its last field.
struct Column {
  std::vector<PathStep> steps;
  std::string name;
};

struct Plan {
  const char* operation = "";  // "GetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem"
  rapidjson::Document request{rapidjson::kObjectType};
  StatementKind kind = StatementKind::kSelect;
  std::string table;
  std::vector<Column> columns;  // non-empty: results are renamed (see Column)
};

// Throws Error as DynamoDB reports the statement's problems
// (ResourceNotFoundException for a missing table, ValidationException).
// text: the statement text, for positions in messages.
Plan plan_statement(EngineImpl& engine, std::string_view text, const Statement& st,
                    const std::vector<AttributeValue>& params, const PlanOptions& options);

}  // namespace dynamo_items::partiql
