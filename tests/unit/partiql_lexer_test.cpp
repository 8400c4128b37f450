// PartiQL lexer: token kinds, quoting and escapes, numbers, comments, bags,
// keyword recognition, positions, and the text it refuses.
#include <catch2/catch.hpp>

#include "partiql/lexer.h"

using dynamo_items::partiql::is_keyword;
using dynamo_items::partiql::position_text;
using dynamo_items::partiql::Span;
using dynamo_items::partiql::SyntaxError;
using dynamo_items::partiql::Tok;
using dynamo_items::partiql::tokenize;

namespace {

std::vector<Tok> kinds(std::string_view text) {
  std::vector<Tok> out;
  for (const auto& t : tokenize(text)) out.push_back(t.type);
  return out;
}

}  // namespace

TEST_CASE("a SELECT becomes identifiers, quoted names, strings and operators", "[partiql][lexer]") {
  const auto tokens = tokenize(R"(SELECT * FROM "Music" WHERE Artist = 'Acme' AND n >= 1.5)");
  REQUIRE(tokens.size() == 13);
  CHECK(tokens[0].type == Tok::kIdent);
  CHECK(tokens[0].text == "SELECT");
  CHECK(tokens[1].type == Tok::kStar);
  CHECK(tokens[3].type == Tok::kQuotedIdent);
  CHECK(tokens[3].text == "Music");
  CHECK(tokens[3].span.begin == 14);
  CHECK(tokens[3].span.end == 21);
  CHECK(tokens[6].type == Tok::kEq);
  CHECK(tokens[7].type == Tok::kString);
  CHECK(tokens[7].text == "Acme");
  CHECK(tokens[9].text == "n");
  CHECK(tokens[10].type == Tok::kGe);
  CHECK(tokens[11].type == Tok::kNumber);
  CHECK(tokens[11].text == "1.5");
  // Always one end token, at the end of the text.
  const auto end = tokenize("x");
  REQUIRE(end.size() == 2);
  CHECK(end[1].type == Tok::kEof);
  CHECK(end[1].span.begin == 1);
}

TEST_CASE("doubled quotes escape a quote in strings and names", "[partiql][lexer]") {
  const auto tokens = tokenize(R"('it''s' "say ""hi""")");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[0].text == "it's");
  CHECK(tokens[1].text == R"(say "hi")");
  CHECK(tokenize("''")[0].text.empty());
}

TEST_CASE("numbers in their written forms", "[partiql][lexer]") {
  for (const char* n : {"1", "12.5", ".5", "1e3", "1.5E-3", "7e+2", "0"}) {
    const auto tokens = tokenize(n);
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].type == Tok::kNumber);
    CHECK(tokens[0].text == n);
  }
  // A sign is an operator, not part of the number.
  CHECK(kinds("-1") == std::vector<Tok>{Tok::kMinus, Tok::kNumber, Tok::kEof});
}

TEST_CASE("bags, comparisons and the rest of the punctuation", "[partiql][lexer]") {
  CHECK(kinds("<<1,2>>") == std::vector<Tok>{Tok::kLBag, Tok::kNumber, Tok::kComma, Tok::kNumber, Tok::kRBag,
                                             Tok::kEof});
  CHECK(kinds("a <> b != c < d <= e > f >= g") ==
        std::vector<Tok>{Tok::kIdent, Tok::kNe, Tok::kIdent, Tok::kNe, Tok::kIdent, Tok::kLt, Tok::kIdent, Tok::kLe,
                         Tok::kIdent, Tok::kGt, Tok::kIdent, Tok::kGe, Tok::kIdent, Tok::kEof});
  CHECK(kinds("{'a': [1]} ? ; . ( ) + - / % ||") ==
        std::vector<Tok>{Tok::kLBrace, Tok::kString, Tok::kColon, Tok::kLBracket, Tok::kNumber, Tok::kRBracket,
                         Tok::kRBrace, Tok::kParam, Tok::kSemicolon, Tok::kDot, Tok::kLParen, Tok::kRParen,
                         Tok::kPlus, Tok::kMinus, Tok::kSlash, Tok::kPercent, Tok::kConcat, Tok::kEof});
}

TEST_CASE("comments and whitespace are skipped", "[partiql][lexer]") {
  CHECK(kinds("a -- to the end\n b /* a\nblock */ c") ==
        std::vector<Tok>{Tok::kIdent, Tok::kIdent, Tok::kIdent, Tok::kEof});
}

TEST_CASE("unreadable text throws SyntaxError with an empty detail", "[partiql][lexer]") {
  for (const char* bad : {"'open", "\"open", "/* open", "a # b", "a | b", "a ! b", "1e99999999999"}) {
    INFO(bad);
    try {
      tokenize(bad);
      FAIL("no SyntaxError");
    } catch (const SyntaxError& e) {
      CHECK(e.detail.empty());
    }
  }
}

TEST_CASE("keywords are recognized case-insensitively", "[partiql][lexer]") {
  CHECK(is_keyword("select"));
  CHECK(is_keyword("SeLeCt"));
  CHECK(is_keyword("VALUE"));
  CHECK(is_keyword("missing"));
  CHECK_FALSE(is_keyword("Artist"));
  CHECK_FALSE(is_keyword("pk"));
  CHECK_FALSE(is_keyword("begins_with"));
}

TEST_CASE("positions are line:column:length in characters", "[partiql][lexer]") {
  CHECK(position_text("SELECT x FROM t", Span{7, 8}) == "1:8:1");
  CHECK(position_text("SELECT\n  foo(a)", Span{9, 12}) == "2:3:3");
  // Multi-byte characters count once.
  CHECK(position_text("'\xC3\xA9' x", Span{5, 6}) == "1:5:1");
}
