// Recursive-descent parser for DynamoDB's three expression grammars.
//
//   condition  := or EOF
//   or         := and (OR and)*
//   and        := not (AND not)*
//   not        := NOT not | primary
//   primary    := '(' or ')' | function-call
//               | operand comparator operand
//               | operand BETWEEN operand AND operand
//               | operand IN '(' operand (',' operand)* ')'
//   operand    := term | term ('+' | '-') term          (the +/- form in SET only)
//   term       := '(' operand ')' | path | :value | function-call
//   path       := (id | #name) ('.' (id | #name) | '[' integer ']')*
//   update     := (SET set (',' set)* | REMOVE path (',' path)*
//                 | ADD path :value (',' path :value)* | DELETE <as ADD>)+ EOF
//   set        := path '=' operand
//   projection := path (',' path)* EOF
//
// The parser checks what depends only on the text, in the order DynamoDB
// does: syntax errors first, then redundant parentheses, then (in source
// order) reserved words used as names, unknown functions, functions used
// where they are not allowed and repeated update sections. Placeholders stay
// unresolved; see resolve.h. Errors are thrown as Error::validation with the
// "Invalid <param>: " prefix, e.g. "Invalid ConditionExpression: ...".
//
// Stateless functions; the results are plain data and can be cached by text.
#pragma once

#include <string_view>
#include <vector>

#include "expr/ast.h"

namespace dynamo_items::expr {

struct ParsedCondition {
  CondNode root;
};

struct ParsedUpdate {
  std::vector<UpdateAction> actions;  // in source order
};

struct ParsedProjection {
  std::vector<Path> paths;  // in source order
};

// param: the request parameter the text came from ("ConditionExpression",
// "FilterExpression", "KeyConditionExpression"), used in messages.
ParsedCondition parse_condition_text(std::string_view text, std::string_view param);
ParsedUpdate parse_update_text(std::string_view text);
ParsedProjection parse_projection_text(std::string_view text);

// DynamoDB's limit on the length of one expression string.
inline constexpr std::size_t kMaxExpressionSize = 4096;

}  // namespace dynamo_items::expr
