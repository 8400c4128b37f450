// Lexer for DynamoDB expressions, and the syntax error DynamoDB reports.
//
// Tokens: identifiers [A-Za-z][A-Za-z0-9_]*, "#name" and ":value"
// placeholders, unsigned integers (list indexes), punctuation, comparators
// and the keywords AND OR NOT BETWEEN IN (plus SET REMOVE ADD DELETE in update
// expressions), case-insensitive. Whitespace separates tokens and is skipped.
// Any other character becomes a one-character kUnknown token, so the parser
// rejects it with the usual syntax error naming that character.
//
// The syntax error names the offending token and quotes the source text from
// the previous token to the next one:
//   Syntax error; token: "<token or <EOF>>", near: "<prev ws token ws next>"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dynamo_items::expr {

enum class Tok : std::uint8_t {
  kEof,
  kId,
  kName,   // #name
  kValue,  // :value
  kNumber,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kAnd,
  kOr,
  kNot,
  kBetween,
  kIn,
  kSet,
  kRemove,
  kAdd,
  kDelete,
  kUnknown,
};

struct Token {
  Tok type = Tok::kEof;
  std::uint32_t begin = 0;  // byte offsets into the expression text
  std::uint32_t end = 0;
};

// The token list always ends with one kEof token at text.size().
std::vector<Token> tokenize(std::string_view text, bool update_keywords);

// "Syntax error; token: ..., near: ..." for tokens[at] (without the
// "Invalid XExpression: " prefix).
std::string syntax_error_message(std::string_view text, const std::vector<Token>& tokens, std::size_t at);

}  // namespace dynamo_items::expr
