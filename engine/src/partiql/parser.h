// PartiQL parser: a statement's text to a Statement (ast.h), by recursive
// descent over the lexer's tokens, for the dialect DynamoDB accepts:
//
//   SELECT (* | expr [, expr]...) FROM table[.index] [WHERE cond]
//          [ORDER BY attr [ASC|DESC] [, ...]]
//   INSERT INTO table VALUE {'attr': value, ...}
//   UPDATE table (SET path = expr [, ...] | REMOVE path [, ...])...
//          WHERE cond [RETURNING (ALL|MODIFIED) (OLD|NEW) *]
//   DELETE FROM table WHERE cond [RETURNING ALL OLD *]
//   EXISTS(SELECT ...)                      (ExecuteTransaction only)
//
// with an optional trailing semicolon. Conditions have OR, AND, NOT, the
// comparisons = <> != < <= > >=, [NOT] BETWEEN, [NOT] IN, IS [NOT] MISSING /
// NULL / <type>, function calls, + and -, paths (a.b[1]."c d"), literals
// ('s', 1.5e3, TRUE, NULL, MISSING, [list], {'tuple': 1}, <<bag>>) and ? for
// parameters.
//
// parse() throws SyntaxError (with the token's position) for text that does
// not follow the grammar, and Error for the few rules DynamoDB reports in
// their own words ("Aliasing is not supported", "A path may contain at most 2
// components in the FROM clause", "Path component cannot be an empty
// string", a missing WHERE on UPDATE/DELETE). parse_statement() turns a
// SyntaxError into DynamoDB's ValidationException: "Statement wasn't well
// formed, can't be processed: <detail>".
#pragma once

#include <string_view>

#include "partiql/ast.h"

namespace dynamo_items::partiql {

Statement parse(std::string_view text);
Statement parse_statement(std::string_view text);

// "Statement wasn't well formed, can't be processed: "
extern const char* const kNotWellFormed;

}  // namespace dynamo_items::partiql
