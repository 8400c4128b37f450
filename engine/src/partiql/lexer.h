// PartiQL lexer: DynamoDB's PartiQL statements as tokens.
//
// Tokens: bare identifiers (keywords are bare identifiers that is_keyword()
// recognizes, case-insensitively), "double-quoted" identifiers (case kept,
// "" escapes a quote), 'single-quoted' strings ('' escapes a quote), numbers
// (1, 1.5, .5, 1e3, 1.5E-3), the parameter ?, punctuation and operators,
// including << and >> for bags (DynamoDB's sets). Comments (-- to the end of
// the line and /* ... */) and whitespace are skipped.
//
// Text the lexer cannot read (an unknown character, an unterminated string,
// quoted name or comment, an exponent beyond 32 bits) throws SyntaxError with
// an empty detail: DynamoDB answers such statements with "Statement wasn't
// well formed, can't be processed: " and nothing after the colon.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dynamo_items::partiql {

enum class Tok : std::uint8_t {
  kEof,
  kIdent,        // bare identifier or keyword
  kQuotedIdent,  // "name"
  kString,       // 'text'
  kNumber,
  kParam,        // ?
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kLBag,  // <<
  kRBag,  // >>
  kComma,
  kDot,
  kColon,
  kSemicolon,
  kStar,
  kEq,
  kNe,  // <> or !=
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kSlash,
  kPercent,
  kConcat,  // ||
};

// Where a token (or any piece of the statement) is: byte offsets into the
// statement text.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct Token {
  Tok type = Tok::kEof;
  Span span;
  std::string text;  // identifier, string or number text, unescaped
};

// A statement that cannot be read. detail is what follows "can't be
// processed: " in DynamoDB's message; span says where (for tests and logs:
// DynamoDB does not put the position of a syntax error in its message).
struct SyntaxError : std::runtime_error {
  SyntaxError(std::string detail_in, Span where)
      : std::runtime_error(detail_in), detail(std::move(detail_in)), span(where) {}
  std::string detail;
  Span span;
};

// The token list always ends with one kEof token at text.size().
// Throws SyntaxError.
std::vector<Token> tokenize(std::string_view text);

// True when a bare identifier is one of PartiQL's reserved words (SQL-92's
// and PartiQL's own), compared case-insensitively. Reserved words must be
// double-quoted to be used as names.
bool is_keyword(std::string_view word);

// "line:column:length" of a span, in characters counted from 1, as DynamoDB
// appends it to some semantic errors ("... at 1:25:7").
std::string position_text(std::string_view text, Span span);

// Lower-case copy (ASCII), for keyword and function-name comparisons.
std::string lower(std::string_view s);

// The pieces one after another (one allocation; also spares GCC 12 the
// -Wrestrict false positive of "literal" + std::string).
std::string cat(std::initializer_list<std::string_view> pieces);

}  // namespace dynamo_items::partiql
