// What Query and Scan share beyond the read loop: Select/Limit/projection
// validation, ExclusiveStartKey decoding, and the response (Items, Count,
// ScannedCount, LastEvaluatedKey).
#pragma once

#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "expr/expressions.h"
#include "ops/operations.h"
#include "ops/read_common.h"
#include "ops/request.h"

namespace dynamo_items::ops {

struct ReadOptions {
  std::optional<std::int64_t> limit;
  bool count_only = false;
  std::optional<std::string> exclusive_start;  // storage key
};

// Select / AttributesToGet / ProjectionExpression combination rules.
// Returns true when only the count is wanted.
bool check_select(const Json& req, bool has_index);

// Filter and projection from FilterExpression/ProjectionExpression and the
// legacy QueryFilter/ScanFilter (with ConditionalOperator)/AttributesToGet
// parameters. legacy_filter is "QueryFilter" or "ScanFilter". No filter may
// look inside a key attribute.
// Parses (through the shared cache) the request's KeyConditionExpression (a
// Query's only),
// FilterExpression and ProjectionExpression, so that a syntax error is
// reported before the table is looked up, as DynamoDB does: a request with a
// malformed expression on a missing table is a ValidationException, not
// ResourceNotFoundException.
void check_expression_syntax(const Json& req, bool query);

// For a table that does not exist: resolves those expressions against the
// request's names and values, so that an undefined value or a mistyped
// operand is reported, as DynamoDB does, ahead of ResourceNotFoundException.
// (Only then: on the common path they are resolved once, with the table.)
void check_expressions_without_table(const Json& req, bool query);

void shape_read(const Json& req, expr::ExpressionContext& ctx, const char* legacy_filter,
                const catalog::TableSchema& table, ReadPlan& plan);

struct ReadTarget;
// target: the index read, for LastEvaluatedKey (nullptr: the table).
Response read_response(const catalog::TableSchema& table, const ReadResult& result, bool count_only,
                       const ReadTarget* target = nullptr);

}  // namespace dynamo_items::ops
