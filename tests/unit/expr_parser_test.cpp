// Parser and resolver: syntax errors, precedence, functions, placeholders
// and DynamoDB's validation messages.
#include <catch2/catch.hpp>

#include "expr/ast.h"
#include "expr/lexer.h"
#include "expr/parser.h"
#include "expr/reserved_words.h"
#include "expr_test_util.h"

using namespace expr_test;
using dynamo_items::expr::CondNode;
using dynamo_items::expr::ExpressionContext;
using dynamo_items::expr::parse_condition_text;

namespace {

// A compact rendering of a parsed condition, to check precedence.
std::string operand_text(const dynamo_items::expr::Operand& o) {
  if (o.kind == dynamo_items::expr::Operand::Kind::kCall) return o.name + "()";
  return o.kind == dynamo_items::expr::Operand::Kind::kPath ? o.path[0].name : o.placeholder;
}

std::string shape(const CondNode& n) {
  switch (n.kind) {
    case CondNode::Kind::kAnd:
      return "(" + shape(n.children[0]) + " AND " + shape(n.children[1]) + ")";
    case CondNode::Kind::kOr:
      return "(" + shape(n.children[0]) + " OR " + shape(n.children[1]) + ")";
    case CondNode::Kind::kNot:
      return "NOT " + shape(n.children[0]);
    case CondNode::Kind::kCompare:
      return operand_text(n.operands[0]) + compare_op_symbol(n.op) + operand_text(n.operands[1]);
    case CondNode::Kind::kBetween:
      return operand_text(n.operands[0]) + " BETWEEN";
    case CondNode::Kind::kIn:
      return operand_text(n.operands[0]) + " IN";
    case CondNode::Kind::kCall:
      return n.operands[0].name + "()";
  }
  return "?";
}

std::string parse_shape(const std::string& text) {
  return shape(parse_condition_text(text, "ConditionExpression").root);
}

}  // namespace

TEST_CASE("reserved words: the documented list, case-insensitive") {
  using dynamo_items::expr::is_reserved_word;
  CHECK(dynamo_items::expr::reserved_word_count() == 573);
  CHECK(is_reserved_word("name"));
  CHECK(is_reserved_word("Status"));
  CHECK(is_reserved_word("ABORT"));
  CHECK(is_reserved_word("zone"));
  CHECK(is_reserved_word("LOCALTIMESTAMP"));
  CHECK_FALSE(is_reserved_word("pk"));
  CHECK_FALSE(is_reserved_word("names2"));
  CHECK_FALSE(is_reserved_word(""));
}

TEST_CASE("precedence: comparisons, then NOT, then AND, then OR") {
  CHECK(parse_shape("a = :a OR b = :b AND c = :c") == "(a=:a OR (b=:b AND c=:c))");
  CHECK(parse_shape("a = :a AND b = :b OR c = :c") == "((a=:a AND b=:b) OR c=:c)");
  CHECK(parse_shape("NOT a = :a AND b = :b") == "(NOT a=:a AND b=:b)");
  CHECK(parse_shape("NOT (a = :a AND b = :b)") == "NOT (a=:a AND b=:b)");
  CHECK(parse_shape("(a = :a OR b = :b) AND c = :c") == "((a=:a OR b=:b) AND c=:c)");
  CHECK(parse_shape("a BETWEEN :x AND :y AND b IN (:a, :b)") == "(a BETWEEN AND b IN)");
  CHECK(parse_shape("not attribute_exists(a) or a < :v") == "(NOT attribute_exists() OR a<:v)");
  CHECK(parse_shape("a = :a AND b <> :b AND c >= :c") == "((a=:a AND b<>:b) AND c>=:c)");
  CHECK(parse_shape("(a) = :a") == "a=:a");
  CHECK(parse_shape("size(a) > :a") == "size()>:a");
  CHECK(parse_shape("(size(a)) > :a OR (a) IN (:a)") == "(size()>:a OR a IN)");
}

TEST_CASE("syntax errors name the token and quote its neighbourhood") {
  const std::string p = "Invalid ConditionExpression: ";
  CHECK(condition_error("a") == p + "Syntax error; token: \"<EOF>\", near: \"a\"");
  CHECK(condition_error("a = ") == p + "Syntax error; token: \"<EOF>\", near: \"= \"");
  CHECK(condition_error("a b") == p + "Syntax error; token: \"b\", near: \"a b\"");
  CHECK(condition_error("a = :v AND") == p + "Syntax error; token: \"<EOF>\", near: \"AND\"");
  CHECK(condition_error("a == :v") == p + "Syntax error; token: \"=\", near: \"== :v\"");
  CHECK(condition_error("first-name = :v") == p + "Syntax error; token: \"-\", near: \"first-name\"");
  CHECK(condition_error("!!") == p + "Syntax error; token: \"!\", near: \"!!\"");
  CHECK(condition_error("a = :v )") == p + "Syntax error; token: \")\", near: \":v )\"");
  CHECK(condition_error("a IN ()") == p + "Syntax error; token: \")\", near: \"()\"");
  CHECK(condition_error("a BETWEEN :a OR :b") == p + "Syntax error; token: \"OR\", near: \":a OR :b\"");
  CHECK(condition_error("a = \"x\"") == p + "Syntax error; token: \"\"\", near: \"= \"x\"");
  CHECK(condition_error("a[x] = :v") == p + "Syntax error; token: \"x\", near: \"[x]\"");
  CHECK(condition_error("") == p + "The expression can not be empty;");
  CHECK(update_error("SET") == "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"SET\"");
  CHECK(update_error("ADD numx") ==
        "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"numx\"");
  CHECK(update_error("SET a = :v +") ==
        "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+\"");
  CHECK(projection_error("a,") ==
        "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  CHECK(update_error("SET _123 = :v") ==
        "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"SET _123\"");
  CHECK(update_error("SET b = :x + :y + :z") ==
        "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":y + :z\"");
  CHECK(update_error("ADD hits : incr") ==
        "Invalid UpdateExpression: Syntax error; token: \":\", near: \"hits : incr\"");
  CHECK(update_error("SET l[:i] = :v") ==
        "Invalid UpdateExpression: Syntax error; token: \":i\", near: \"[:i]\"");
  CHECK(update_error("INVALID SYNTAX HERE") ==
        "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"");
  CHECK(projection_error("!!! INVALID !!!") ==
        "Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"");
  CHECK(projection_error("a b") == "Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\"");
}

TEST_CASE("update syntax errors") {
  for (const char* text : {"whatever",
                           "set a",
                           "add a",
                           "delete a",
                           "set a=set",
                           "remove a = b",
                           "add a = b",
                           "delete a = b",
                           "delete a b",
                           "delete a if_not_exist(b)",
                           "add abort b",
                           "add a if_not_exist(b)",
                           "remove a b",
                           "set a b",
                           "set :a = b",
                           "add :a b",
                           "delete :a b",
                           "remove :a",
                           "set a = b / c",
                           "set a = b * c",
                           "set a[1] = \"eight\"",
                           "set a[1] = 1",
                           "SET a = if_not_exist(a, 100)",
                           "SET if_not_exist(a, b) = a",
                           "set (a = (b + c))",
                           "set a = (b.c).d + e",
                           "set a = (b.c)[0] + e",
                           "set a = b + c + d"}) {
    INFO(text);
    CHECK_THAT(update_error(text), Catch::StartsWith("Invalid UpdateExpression: Syntax error; "));
  }
}

TEST_CASE("redundant parentheses") {
  const std::string m = "Invalid ConditionExpression: The expression has redundant parentheses;";
  CHECK(condition_error("((a = :v))", {}, {{":v", S("x")}}) == m);
  CHECK(condition_error("((a)) = :v", {}, {{":v", S("x")}}) == m);
  CHECK(condition_error("NOT ((a = :v))", {}, {{":v", S("x")}}) == m);
  CHECK(condition_error("(a = :v)", {}, {{":v", S("x")}}) == "<no error>");
  CHECK(condition_error("((a = :v) AND (b = :v))", {}, {{":v", S("x")}}) == "<no error>");
}

TEST_CASE("nesting deeper than any valid expression is refused, not recursed into") {
  // Found by fuzz_expression: thousands of '(' overflowed the parser's stack.
  const std::string deep_parens = std::string(1900, '(') + "a = :v" + std::string(1900, ')');
  CHECK(condition_error(deep_parens, {}, {{":v", S("x")}}) ==
        "Invalid ConditionExpression: The expression has redundant parentheses;");
  CHECK(condition_error(std::string(3000, '('), {}, {{":v", S("x")}}) ==
        "Invalid ConditionExpression: The expression has redundant parentheses;");
  std::string nots;
  for (int i = 0; i < 1010; ++i) nots += "NOT ";
  CHECK(condition_error(nots + "a = :v", {}, {{":v", S("x")}}) ==
        "Invalid ConditionExpression: The expression contains too many operators; operator count: 1011");
  std::string operand = std::string(1500, '(') + "a" + std::string(1500, ')') + " = :v";
  CHECK(condition_error(operand, {}, {{":v", S("x")}}) ==
        "Invalid ConditionExpression: The expression has redundant parentheses;");
  // Deep but valid: 250 levels of NOT ( ... ) stay within 300 operators.
  std::string nested;
  for (int i = 0; i < 250; ++i) nested += "NOT (";
  nested += "a = :v" + std::string(250, ')');
  CHECK(condition_error(nested, {}, {{":v", S("x")}}) == "<no error>");
}

TEST_CASE("reserved words used bare") {
  CHECK(condition_error("name = :v", {}, {{":v", S("x")}}) ==
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name");
  CHECK(condition_error("a.Status = :v", {}, {{":v", S("x")}}) ==
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Status");
  CHECK(condition_error("#n = :v", {{"#n", "name"}}, {{":v", S("x")}}) == "<no error>");
  CHECK(update_error(" set #c = :c set abOrt = true ") ==
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: abOrt");
  CHECK(update_error(" remove Absolute ") ==
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: Absolute");
  CHECK(projection_error("a, comment") ==
        "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: comment");
}

TEST_CASE("functions: names, arity, placement and operand types") {
  const std::string p = "Invalid ConditionExpression: ";
  Values v = {{":s", S("x")}, {":n", N("1")}, {":b", B("\x01")}, {":l", L({})}, {":t", S("SS")}};
  CHECK(condition_error("foo(a)") == p + "Invalid function name; function: foo");
  CHECK(condition_error("SIZE(a) = :n", {}, v) == p + "Invalid function name; function: SIZE");
  CHECK(condition_error("begins_with(a)") ==
        p + "Incorrect number of operands for operator or function; operator or function: begins_with, "
            "number of operands: 1");
  CHECK(condition_error("attribute_exists(a, b)") ==
        p + "Incorrect number of operands for operator or function; operator or function: attribute_exists, "
            "number of operands: 2");
  CHECK(condition_error("size(a)") ==
        p + "The function is not allowed to be used this way in an expression; function: size");
  CHECK(condition_error("begins_with(a, :s) = :s", {}, v) ==
        p + "The function is not allowed to be used this way in an expression; function: begins_with");
  CHECK(condition_error("if_not_exists(a, :s) = :s", {}, v) ==
        p + "The function is not allowed in a condition expression; function: if_not_exists");
  CHECK(condition_error("attribute_exists(:s)", {}, v) ==
        p + "Operator or function requires a document path; operator or function: attribute_exists");
  CHECK(condition_error("attribute_not_exists(size(a))", {}, v) ==
        p + "Operator or function requires a document path; operator or function: attribute_not_exists");
  CHECK(condition_error("begins_with(a, :n)", {}, v) ==
        p + "Incorrect operand type for operator or function; operator or function: begins_with, operand "
            "type: N");
  CHECK(condition_error("begins_with(size(a), :s)", {}, v) ==
        p + "Incorrect operand type for operator or function; operator or function: begins_with, operand "
            "type: N");
  CHECK(condition_error("size(:n) = :n", {}, v) ==
        p + "Incorrect operand type for operator or function; operator or function: size, operand type: N");
  CHECK(condition_error("attribute_type(a, :n)", {}, v) ==
        p + "Incorrect operand type for operator or function; operator or function: attribute_type, operand "
            "type: N");
  CHECK(condition_error("attribute_type(a, b)", {}, v) ==
        p + "Incorrect operand type for operator or function; operator or function: attribute_type, "
            "operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
  CHECK(condition_error("attribute_type(a, :s)", {}, v) ==
        p + "Invalid attribute type name found; type: x, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  CHECK(condition_error("attribute_type(a, :t) AND contains(a, :l) AND size(a) > :n", {}, v) == "<no error>");
  CHECK(condition_error("a < :l", {}, v) ==
        p + "Incorrect operand type for operator or function; operator or function: <, operand type: L");
  CHECK(condition_error("a = :l AND a <> :l AND a IN (:l, :s)", {}, v) == "<no error>");
  CHECK(condition_error("contains(a, a)", {}, v) ==
        p + "The first operand must be distinct from the remaining operands for this operator or function; "
            "operator: contains, first operand: [a]");
  CHECK(condition_error("a.b[1] = a.b[1]", {}, v) ==
        p + "The first operand must be distinct from the remaining operands for this operator or function; "
            "operator: =, first operand: [a, b, [1]]");
  CHECK(condition_error("a = #a", {{"#a", "a"}}, v) ==
        p + "The first operand must be distinct from the remaining operands for this operator or function; "
            "operator: =, first operand: [a]");
  CHECK(condition_error("a IN (b, c, a)", {}, v) ==
        p + "The first operand must be distinct from the remaining operands for this operator or function; "
            "operator: IN, first operand: [a]");
  CHECK(condition_error("a = b AND a.c > b.c", {}, v) == "<no error>");
}

TEST_CASE("BETWEEN bounds and IN size") {
  const std::string p = "Invalid ConditionExpression: ";
  CHECK(condition_error("a between :b and :a", {}, {{":a", S("a")}, {":b", N("1")}}) ==
        p + "The BETWEEN operator requires same data type for lower and upper bounds; "
            "lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}");
  CHECK(condition_error("a between :b and :a", {}, {{":a", S("a")}, {":b", S("b")}}) ==
        p + "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
            "lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}");
  CHECK(condition_error("a between :b and :a", {}, {{":a", N("10")}, {":b", N("9")}}) == "<no error>");
  CHECK(condition_error("a between :b and :a", {}, {{":a", BOOL(true)}, {":b", BOOL(true)}}) ==
        p + "Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: "
            "BOOL");
  std::string in = "a IN (";
  Values v;
  for (int i = 0; i < 101; ++i) {
    in += (i ? ", :v" : ":v") + std::to_string(i);
    v.emplace_back(":v" + std::to_string(i), N(std::to_string(i)));
  }
  CHECK(condition_error(in + ")", {}, v) ==
        p + "The IN operator is provided with too many operands; number of operands: 101");
  v.pop_back();
  CHECK(condition_error(in.substr(0, in.rfind(',')) + ")", {}, v) == "<no error>");
}

TEST_CASE("placeholders: undefined and unused") {
  CHECK(condition_error("#b = :v", {{"#a", "a"}}, {{":v", S("x")}}) ==
        "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; "
        "attribute name: #b");
  CHECK(condition_error("a = :x", {}, {{":v", S("x")}}) ==
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
        "attribute value: :x");
  CHECK(error_of([] {
          ExpressionContext ctx({{"#a", "a"}, {"#b", "b"}, {"#c", "c"}}, {{":v", S("x")}, {":w", S("y")}});
          dynamo_items::expr::parse_condition("#b = :v", ctx);
          ctx.check_all_used();
        }) == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #c}");
  CHECK(error_of([] {
          ExpressionContext ctx({{"#a", "a"}}, {{":v", S("x")}, {":w", S("y")}});
          dynamo_items::expr::parse_update("SET #a = :w", ctx);
          dynamo_items::expr::parse_condition("#a = :v", ctx);
          ctx.check_all_used();
        }) == "<no error>");
  CHECK(error_of([] {
          ExpressionContext ctx({}, {{":v", S("x")}, {":w", S("y")}});
          dynamo_items::expr::parse_condition("a = :v", ctx);
          ctx.check_all_used();
        }) == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
}

TEST_CASE("error order: syntax, then parentheses, then source order") {
  CHECK(condition_error("((abort = :v)) AND") ==
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
  CHECK(condition_error("((abort = :v))") ==
        "Invalid ConditionExpression: The expression has redundant parentheses;");
  CHECK(condition_error("abort = foo(:v)") ==
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: abort");
  CHECK(condition_error("foo(abort)") == "Invalid ConditionExpression: Invalid function name; function: foo");
  CHECK(update_error("set #c = if_not_exist(:c) set c = d") ==
        "Invalid UpdateExpression: Invalid function name; function: if_not_exist");
  // Operands are resolved left to right, children before their operator.
  CHECK(condition_error("a = :x AND #b = :v", {}, {}) ==
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
        "attribute value: :x");
}

TEST_CASE("document path limits") {
  std::string deep = "a";
  for (int i = 0; i < 32; ++i) deep += ".b";
  CHECK(projection_error(deep) ==
        "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33");
  CHECK(projection_error("a[99999999999]") ==
        "Invalid ProjectionExpression: List index is not within the allowable range; index: [99999999999]");
  CHECK(projection_error("a[2147483647]") == "<no error>");
}

TEST_CASE("parsed expressions are cached by text and resolved per request") {
  const Item item = {{"a", S("x")}, {"b", S("y")}};
  for (int i = 0; i < 2; ++i) {
    ExpressionContext first({{"#p", "a"}}, {{":v", S("x")}});
    CHECK(dynamo_items::expr::parse_condition("#p = :v", first).matches(&item));
    ExpressionContext second({{"#p", "b"}}, {{":v", S("x")}});
    CHECK_FALSE(dynamo_items::expr::parse_condition("#p = :v", second).matches(&item));
    CHECK(
        condition_error("#p = :v") ==
        "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; "
        "attribute name: #p");
    CHECK(condition_error("a = ") ==
          "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
  }
  // The same text under another parameter name keeps its own prefix.
  CHECK(error_of([] {
          ExpressionContext ctx;
          dynamo_items::expr::parse_condition("#p = :v", ctx, "FilterExpression");
        }) ==
        "Invalid FilterExpression: An expression attribute name used in the document path is not defined; "
        "attribute name: #p");
}
