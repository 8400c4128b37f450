// Resolution of parsed expressions against one request's names and values:
// what the resolved tree holds, which entries count as used, the operator
// limit, and the order in which update actions are checked (every target path,
// last action first, before any value). Message texts of the individual type
// rules are in expr_parser_test.cpp; these tests call the resolver directly.
#include "expr/resolve.h"

#include <catch2/catch.hpp>
#include <string>

#include "expr/parser.h"
#include "expr_test_util.h"

using namespace expr_test;
namespace ex = dynamo_items::expr;

namespace {

ex::CondNode resolve_cond(const std::string& text, ex::ExpressionContext& ctx,
                          const char* param = "ConditionExpression") {
  const ex::ParsedCondition parsed = ex::parse_condition_text(text, param);
  return ex::resolve_condition(parsed, ctx, param);
}

std::string resolve_update_error(const std::string& text, Names names, Values values) {
  return error_of([&] {
    ex::ExpressionContext ctx(std::move(names), std::move(values));
    ex::resolve_update(ex::parse_update_text(text), ctx);
  });
}

// n comparisons joined by AND: 2n - 1 operators.
std::string conjunction(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) text += (i ? " AND a" : "a") + std::to_string(i) + " < :v";
  return text;
}

}  // namespace

TEST_CASE("resolve: names and values are substituted and marked used", "[resolve]") {
  ex::ExpressionContext ctx({{"#k", "key name"}, {"#m", "map"}}, {{":lo", N("1")}, {":hi", N("9")}});
  const ex::CondNode n = resolve_cond("#m.#k[2] BETWEEN :lo AND :hi", ctx);
  REQUIRE(n.kind == ex::CondNode::Kind::kBetween);
  const ex::Path& path = n.operands[0].path;
  REQUIRE(path.size() == 3);
  CHECK(path[0].name == "map");
  CHECK_FALSE(path[0].placeholder);
  CHECK(path[1].name == "key name");  // any text, even with spaces, through a placeholder
  CHECK(path[2].index == 2);
  CHECK(n.operands[1].value == N("1"));
  CHECK(n.operands[2].value == N("9"));
  CHECK(n.operands[1].placeholder == ":lo");
  CHECK_NOTHROW(ctx.check_all_used());
}

TEST_CASE("resolve: unused and undefined entries", "[resolve]") {
  {
    ex::ExpressionContext ctx({{"#a", "a"}, {"#b", "b"}}, {{":v", S("x")}, {":w", S("y")}});
    resolve_cond("#a = :v", ctx);
    CHECK(error_of([&] { ctx.check_all_used(); }) ==
          "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
  }
  {
    ex::ExpressionContext ctx({{"#a", "a"}}, {{":v", S("x")}, {":w", S("y")}});
    resolve_cond("#a = :v", ctx);
    CHECK(error_of([&] { ctx.check_all_used(); }) ==
          "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
  }
  // Uses in several expressions of one request add up.
  {
    ex::ExpressionContext ctx({{"#a", "a"}, {"#p", "p"}}, {{":v", S("x")}});
    resolve_cond("#a = :v", ctx);
    ex::resolve_projection(ex::parse_projection_text("#p"), ctx);
    CHECK_NOTHROW(ctx.check_all_used());
  }
  // The parameter named in messages is the caller's.
  ex::ExpressionContext empty;
  CHECK(error_of([&] { resolve_cond("#x = :v", empty, "FilterExpression"); }) ==
        "Invalid FilterExpression: An expression attribute name used in the document path is not defined; "
        "attribute name: #x");
  CHECK(error_of([&] { resolve_cond("x = :v", empty, "KeyConditionExpression"); }) ==
        "Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; "
        "attribute value: :v");
}

TEST_CASE("resolve: at most 300 operators and functions", "[resolve]") {
  ex::ExpressionContext ctx({}, {{":v", N("1")}});
  CHECK_NOTHROW(resolve_cond(conjunction(150), ctx));           // 299
  CHECK_NOTHROW(resolve_cond("NOT " + conjunction(150), ctx));  // 300
  CHECK(error_of([&] { resolve_cond(conjunction(151), ctx); }) ==
        "Invalid ConditionExpression: The expression contains too many operators; operator count: 301");
  // Function calls count as operators too.
  CHECK(error_of([&] { resolve_cond("attribute_exists(x) AND " + conjunction(150), ctx); }) ==
        "Invalid ConditionExpression: The expression contains too many operators; operator count: 301");
}

TEST_CASE("resolve: update actions, targets and their checks", "[resolve]") {
  ex::ExpressionContext ctx({{"#c", "c"}}, {{":n", N("5")}, {":s", SS({"x"})}, {":v", S("v")}});
  const ex::UpdatePlan plan =
      ex::resolve_update(ex::parse_update_text("SET a = :v, b.#c = :n REMOVE d ADD e :n DELETE f :s"), ctx);
  REQUIRE(plan.actions.size() == 5);
  CHECK(plan.actions[0].kind == ex::ActionKind::kSet);
  CHECK(plan.actions[1].path[1].name == "c");
  CHECK(plan.actions[1].value.value == N("5"));
  CHECK(plan.actions[2].kind == ex::ActionKind::kRemove);
  CHECK_FALSE(plan.actions[2].has_value);
  CHECK(plan.actions[4].value.value == SS({"x"}));
  // Each target leaf points at its action, in source order.
  const auto* a = plan.targets.find(plan.actions[0].path[0]);
  REQUIRE(a != nullptr);
  CHECK(a->action == 0);
  const auto* b = plan.targets.find(plan.actions[1].path[0]);
  REQUIRE(b != nullptr);
  REQUIRE(b->subtree != nullptr);
  CHECK(b->subtree->children[0].action == 1);
  CHECK(plan.targets.find(plan.actions[4].path[0])->action == 4);
  CHECK_NOTHROW(ctx.check_all_used());
}

TEST_CASE("resolve: update paths are checked last action first, values after all paths", "[resolve]") {
  const std::string p = "Invalid UpdateExpression: ";
  // An undefined value in the first action loses to an undefined name in the
  // second: every path is resolved before any value.
  CHECK(
      resolve_update_error("SET a = :missing, #missing = :v", {}, {{":v", N("1")}}) ==
      p + "An expression attribute name used in the document path is not defined; attribute name: #missing");
  // Of two undefined names, the last action's is reported.
  CHECK(resolve_update_error("SET #one = :v, #two = :v", {}, {{":v", N("1")}}) ==
        p + "An expression attribute name used in the document path is not defined; attribute name: #two");
  // Overlaps: the later path is in the tree first, so the earlier is path one.
  CHECK(
      resolve_update_error("SET a = :v REMOVE a.b", {}, {{":v", N("1")}}) ==
      p + "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
          "[a], path two: [a, b]");
  // Values: the last action's error first.
  CHECK(resolve_update_error("SET a = :x, b = :y", {}, {}) ==
        p + "An expression attribute value used in expression is not defined; attribute value: :y");
}

TEST_CASE("resolve: ADD takes a number or a set, DELETE a set", "[resolve]") {
  const std::string p =
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ";
  CHECK(resolve_update_error("ADD a :v", {}, {{":v", S("x")}}) == p + "ADD, operand type: STRING");
  CHECK(resolve_update_error("ADD a :v", {}, {{":v", L({})}}) == p + "ADD, operand type: LIST");
  CHECK(resolve_update_error("ADD a :v", {}, {{":v", BOOL(true)}}) == p + "ADD, operand type: BOOLEAN");
  CHECK(resolve_update_error("DELETE a :v", {}, {{":v", N("1")}}) == p + "DELETE, operand type: NUMBER");
  CHECK(resolve_update_error("DELETE a :v", {}, {{":v", M({})}}) == p + "DELETE, operand type: MAP");
  CHECK(resolve_update_error("ADD a :v", {}, {{":v", N("1")}}) == "<no error>");
  CHECK(resolve_update_error("ADD a :v", {}, {{":v", BS({"b"})}}) == "<no error>");
  CHECK(resolve_update_error("DELETE a :v", {}, {{":v", NS({"1"})}}) == "<no error>");
  // The last offending action is reported.
  CHECK(resolve_update_error("ADD a :s DELETE b :n", {}, {{":s", S("x")}, {":n", N("1")}}) ==
        p + "DELETE, operand type: NUMBER");
}

TEST_CASE("resolve: projection paths through names; overlaps refused", "[resolve]") {
  ex::ExpressionContext ctx({{"#s", "status"}}, {});
  const ex::PathTreeNode tree = ex::resolve_projection(ex::parse_projection_text("#s, a.b, c[1]"), ctx);
  const Item item{{"status", S("on")}, {"a", M({{"b", N("1")}, {"x", N("2")}})}, {"c", L({N("0"), N("1")})}};
  CHECK(dump(ex::project_item(tree, item)) ==
        dump(Item{{"status", S("on")}, {"a", M({{"b", N("1")}})}, {"c", L({N("1")})}}));
  ex::ExpressionContext names({{"#s", "a"}}, {});
  CHECK(error_of([&] { ex::resolve_projection(ex::parse_projection_text("a.b, #s"), names); }) ==
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite "
        "one of "
        "these paths; path one: [a, b], path two: [a]");
}
