// PartiQL parser: each statement form, expression precedence and shapes,
// DynamoDB's case rules, parameters, and the errors (with their positions)
// for text outside the dialect.
#include <catch2/catch.hpp>

#include "dynamo_items/error.h"
#include "partiql/parser.h"

using namespace dynamo_items::partiql;

namespace {

// The detail and position of the SyntaxError parse() throws.
std::pair<std::string, std::string> syntax_error(std::string_view text) {
  try {
    parse(text);
  } catch (const SyntaxError& e) {
    return {e.detail, position_text(text, e.span)};
  }
  FAIL("no SyntaxError for " << text);
  return {};
}

// The message of the ValidationException parse_statement() throws.
std::string validation(std::string_view text) {
  try {
    parse_statement(text);
  } catch (const dynamo_items::Error& e) {
    CHECK(e.type() == "ValidationException");
    return e.message();
  }
  FAIL("no error for " << text);
  return {};
}

// A compact rendering of an expression tree, to compare shapes.
std::string show(const Node& n) {
  auto kids = [&](const char* head) {
    std::string out = std::string("(") + head;
    for (const auto& c : n.children) out += " " + show(*c);
    return out + ")";
  };
  switch (n.kind) {
    case NodeKind::kPath: {
      std::string out;
      for (const auto& s : n.steps) out += s.is_index ? "[" + std::to_string(s.index) + "]" : "." + s.name;
      return out.substr(1);
    }
    case NodeKind::kString: return "'" + n.text + "'";
    case NodeKind::kNumber: return n.text;
    case NodeKind::kBool: return n.flag ? "true" : "false";
    case NodeKind::kNull: return "null";
    case NodeKind::kMissing: return "missing";
    case NodeKind::kParam: return "?" + std::to_string(n.index);
    case NodeKind::kList: return kids("list");
    case NodeKind::kTuple: return kids("tuple");
    case NodeKind::kBag: return kids("bag");
    case NodeKind::kCall: return kids(n.text.c_str());
    case NodeKind::kArith:
    case NodeKind::kCompare: return kids(n.text.c_str());
    case NodeKind::kBetween: return kids(n.flag ? "not-between" : "between");
    case NodeKind::kIn: return kids(n.flag ? "not-in" : "in");
    case NodeKind::kIs: return kids((std::string(n.flag ? "is-not-" : "is-") + n.text).c_str());
    case NodeKind::kNot: return kids("not");
    case NodeKind::kAnd: return kids("and");
    case NodeKind::kOr: return kids("or");
  }
  return "?";
}

std::string where_of(std::string_view text) {
  const Statement st = parse(text);
  REQUIRE(st.where);
  return show(*st.where);
}

}  // namespace

TEST_CASE("SELECT: projection, table, index, WHERE and ORDER BY", "[partiql][parser]") {
  Statement st = parse(R"(SELECT * FROM "Music")");
  CHECK(st.kind == StatementKind::kSelect);
  CHECK(st.select_all);
  CHECK(st.table == "Music");
  CHECK_FALSE(st.index);
  CHECK_FALSE(st.where);

  st = parse(R"(SELECT a, b.c[2], "d e" FROM "Music"."ByYear" WHERE a = 1 ORDER BY sk DESC;)");
  CHECK_FALSE(st.select_all);
  REQUIRE(st.projection.size() == 3);
  CHECK(show(*st.projection[0]) == "a");
  CHECK(show(*st.projection[1]) == "b.c[2]");
  CHECK(show(*st.projection[2]) == "d e");
  CHECK(st.table == "Music");
  CHECK(st.index == "ByYear");
  CHECK(show(*st.where) == "(= a 1)");
  REQUIRE(st.order_by.size() == 1);
  CHECK(st.order_by[0].attribute == "sk");
  CHECK(st.order_by[0].descending);
  CHECK(st.is_read());
}

TEST_CASE("keywords are case-insensitive, identifiers keep their case", "[partiql][parser]") {
  const Statement st = parse("sElEcT Artist FrOm Music wHeRe Artist = 'x' aNd Released > 1");
  CHECK(st.table == "Music");
  CHECK(show(*st.projection[0]) == "Artist");
  CHECK(show(*st.where) == "(and (= Artist 'x') (> Released 1))");
  // A reserved word must be double-quoted to be a name.
  CHECK(parse(R"(SELECT "value" FROM t)").projection.size() == 1);
  CHECK(syntax_error("SELECT \"a\", order FROM t").first == "Unexpected keyword");
  CHECK(validation("SELECT value FROM t") == "Select projection doesn't support value or pivot keywords");
}

TEST_CASE("INSERT, UPDATE, DELETE and EXISTS", "[partiql][parser]") {
  Statement st = parse("INSERT INTO t VALUE {'pk': 'a', 'n': 1, 'l': [1, 'x'], 'm': {'k': true}, 's': <<1, 2>>}");
  CHECK(st.kind == StatementKind::kInsert);
  CHECK(st.table == "t");
  REQUIRE(st.value);
  CHECK(show(*st.value) == "(tuple 'pk' 'a' 'n' 1 'l' (list 1 'x') 'm' (tuple 'k' true) 's' (bag 1 2))");
  CHECK_FALSE(st.is_read());

  st = parse("UPDATE t SET a = a + 1, b.c[0] = 'x' REMOVE d SET e = list_append(e, [1]) WHERE pk = 'k' "
             "RETURNING MODIFIED NEW *");
  CHECK(st.kind == StatementKind::kUpdate);
  REQUIRE(st.actions.size() == 4);
  CHECK(show(*st.actions[0].path) == "a");
  CHECK(show(*st.actions[0].value) == "(+ a 1)");
  CHECK(show(*st.actions[1].path) == "b.c[0]");
  CHECK(st.actions[2].remove);
  CHECK(show(*st.actions[2].path) == "d");
  CHECK(show(*st.actions[3].value) == "(list_append e (list 1))");
  REQUIRE(st.returning);
  CHECK_FALSE(st.returning->all);
  CHECK(st.returning->new_values);
  CHECK(st.returning->text() == "MODIFIED NEW *");

  st = parse("DELETE FROM t WHERE pk = 'k' AND sk = 2 RETURNING ALL OLD *");
  CHECK(st.kind == StatementKind::kDelete);
  CHECK(show(*st.where) == "(and (= pk 'k') (= sk 2))");
  CHECK(st.returning->text() == "ALL OLD *");

  st = parse("EXISTS(SELECT * FROM t WHERE pk = 'k' AND n > 1)");
  CHECK(st.kind == StatementKind::kExists);
  CHECK(st.table == "t");
  REQUIRE(st.exists);
  CHECK(show(*st.exists->where) == "(and (= pk 'k') (> n 1))");
}

TEST_CASE("expression precedence and predicate forms", "[partiql][parser]") {
  const char* base = "SELECT * FROM t WHERE ";
  auto w = [&](const std::string& cond) { return where_of(base + cond); };
  CHECK(w("a = 1 OR b = 2 AND c = 3") == "(or (= a 1) (and (= b 2) (= c 3)))");
  CHECK(w("(a = 1 OR b = 2) AND c = 3") == "(and (or (= a 1) (= b 2)) (= c 3))");
  CHECK(w("NOT a = 1 AND b <> 2") == "(and (not (= a 1)) (<> b 2))");
  CHECK(w("a != 1") == "(<> a 1)");
  CHECK(w("n BETWEEN 1 AND 5 AND m NOT BETWEEN 2 AND 3") ==
        "(and (between n 1 5) (not-between m 2 3))");
  CHECK(w("a IN ['x', 'y'] AND b NOT IN (1, 2) AND c IN <<3>>") ==
        "(and (and (in a 'x' 'y') (not-in b 1 2)) (in c 3))");
  CHECK(w("a IS MISSING AND b IS NOT MISSING AND c IS NULL AND d is not string") ==
        "(and (and (and (is-MISSING a) (is-not-MISSING b)) (is-NULL c)) (is-not-STRING d))");
  CHECK(w("begins_with(a, 'x') AND contains(b, 1) AND size(c) > 2 AND attribute_type(d, 'N')") ==
        "(and (and (and (begins_with a 'x') (contains b 1)) (> (size c) 2)) (attribute_type d 'N'))");
  CHECK(w("a.b[3].\"c d\" = -1.5e2") == "(= a.b[3].c d -1.5e2)");
  CHECK(w("a['b'] = 1") == "(= a.b 1)");
  CHECK(w("n + 1 - m = 2") == "(= (- (+ n 1) m) 2)");
  CHECK(w("a = TRUE AND b = false AND c = NULL") == "(and (and (= a true) (= b false)) (= c null))");
}

TEST_CASE("parameters are numbered in order", "[partiql][parser]") {
  const Statement st = parse("UPDATE t SET a = ? WHERE pk = ? AND sk = ?");
  CHECK(st.parameter_count == 3);
  CHECK(show(*st.actions[0].value) == "?0");
  CHECK(show(*st.where) == "(and (= pk ?1) (= sk ?2))");
  CHECK(parse("SELECT * FROM t").parameter_count == 0);
}

TEST_CASE("syntax errors name the problem and where it is", "[partiql][parser]") {
  CHECK(syntax_error("SELEC * FROM t") == std::pair<std::string, std::string>{"Expected data manipulation", "1:1:5"});
  CHECK(syntax_error("") == std::pair<std::string, std::string>{"Unexpected term", "1:1:0"});
  CHECK(syntax_error("SELECT * FROM t WHERE") == std::pair<std::string, std::string>{"Unexpected term", "1:22:0"});
  CHECK(syntax_error("SELECT * FROM t WHERE a = ") ==
        std::pair<std::string, std::string>{"Missing right-hand side expression of infix operator", "1:27:0"});
  CHECK(syntax_error("SELECT * FROM t WHERE a = 1 b") ==
        std::pair<std::string, std::string>{"Unexpected token after expression", "1:29:1"});
  CHECK(syntax_error("SELECT * FROM t WHERE = 1").first == "Unexpected operator");
  CHECK(syntax_error("INSERT INTO 1 VALUE {}").first == "Expected identifier for simple path");
  CHECK(syntax_error("SELECT * FROM t WHERE a IS BANANA").first == "Expected type name");
  CHECK(syntax_error("SELECT * FROM t WHERE a.'b' = 2").first == "Invalid path dot component");
  // Reserved words are names only when double-quoted.
  CHECK(syntax_error("SELECT * FROM t WHERE year = 2").first == "Unexpected keyword");
  // The lexer's refusals have no detail.
  CHECK(syntax_error("SELECT * FROM t WHERE a = 'open").first.empty());
}

TEST_CASE("parse_statement reports errors as DynamoDB's ValidationException", "[partiql][parser]") {
  CHECK(validation("SELEC * FROM t") == "Statement wasn't well formed, can't be processed: Expected data manipulation");
  CHECK(validation("SELECT * FROM t WHERE a = 'open") == "Statement wasn't well formed, can't be processed: ");
  CHECK(validation("SELECT * FROM t AS x") == "Aliasing is not supported");
  CHECK(validation("SELECT * FROM a.b.c") == "A path may contain at most 2 components in the FROM clause");
  CHECK(validation(R"(SELECT * FROM "")") == "Path component cannot be an empty string");
  CHECK(validation("SELECT *, a FROM t") ==
        "Other attributes should not be present in the projection when '*' is used.");
  CHECK(validation("UPDATE t SET a = 1") == "Where clause does not contain a mandatory equality on all key attributes");
  CHECK(validation("DELETE FROM t") == "Where clause does not contain a mandatory equality on all key attributes");
  CHECK(validation("INSERT INTO t VALUE {'a': 1} RETURNING ALL OLD *") == "RETURNING is not supported in INSERT");
  CHECK(validation("INSERT INTO t <<{'a': 1}>>") ==
        "Unsupported operation: Inserting multiple items in a single statement is not supported, use \"INSERT INTO "
        "tableName VALUE item\" instead");
  CHECK(validation("SELECT * FROM t WHERE a[*].b = 1") == "Wildcard path component like a[*].b are not supported");
  CHECK(validation("SELECT * FROM t WHERE a[1234567890] = 1") ==
        "List index is not within the allowable range; index: [1234567890]");
}

TEST_CASE("deeply nested text is refused, not a stack overflow", "[partiql][parser]") {
  const std::string deep = "SELECT * FROM t WHERE " + std::string(5000, '(') + "a = 1" + std::string(5000, ')');
  CHECK_THROWS_AS(parse(deep), SyntaxError);
  const std::string nots = "SELECT * FROM t WHERE " + [] {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += "NOT ";
    return s;
  }() + "a = 1";
  CHECK_THROWS_AS(parse(nots), SyntaxError);
}
