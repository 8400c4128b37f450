// ProjectionExpression: selected paths keep their nesting; list elements
// are compacted in index order; overlapping paths are rejected.
#include <catch2/catch.hpp>

#include "expr_test_util.h"

using namespace expr_test;
using dynamo_items::expr::ExpressionContext;

namespace {

const Item& sample() {
  static const Item item = {
      {"pk", S("k")},
      {"a", N("1")},
      {"m", M({{"x", S("x")}, {"y", M({{"z", N("2")}, {"w", N("3")}})}, {"l", L({N("0"), N("1")})}})},
      {"l", L({S("a"), S("b"), M({{"k", S("v")}, {"j", S("u")}}), S("d")})},
      {"dotted.name", S("d")},
  };
  return item;
}

std::string project(const std::string& text, Names names = {}) {
  ExpressionContext ctx(std::move(names), {});
  return dump(dynamo_items::expr::parse_projection(text, ctx).apply(sample()));
}

}  // namespace

TEST_CASE("projection: top-level attributes") {
  CHECK(project("a") == dump(Item{{"a", N("1")}}));
  CHECK(project("a, pk") == dump(Item{{"a", N("1")}, {"pk", S("k")}}));
  CHECK(project("gone") == dump(Item{}));
  CHECK(project("#d", {{"#d", "dotted.name"}}) == dump(Item{{"dotted.name", S("d")}}));
}

TEST_CASE("projection: nested maps keep their shape") {
  CHECK(project("m.x") == dump(Item{{"m", M({{"x", S("x")}})}}));
  CHECK(project("m.y.z, m.x") == dump(Item{{"m", M({{"x", S("x")}, {"y", M({{"z", N("2")}})}})}}));
  CHECK(project("m.gone") == dump(Item{}));
  CHECK(project("a.b") == dump(Item{}));  // not a map
  CHECK(project("m.l[1]") == dump(Item{{"m", M({{"l", L({N("1")})}})}}));
}

TEST_CASE("projection: list elements are compacted in index order") {
  CHECK(project("l[3], l[1]") == dump(Item{{"l", L({S("b"), S("d")})}}));
  CHECK(project("l[2].k") == dump(Item{{"l", L({M({{"k", S("v")}})})}}));
  CHECK(project("l[9]") == dump(Item{}));
  CHECK(project("l[0].k") == dump(Item{}));
  CHECK(project("m[0]") == dump(Item{}));
}

TEST_CASE("projection: overlapping and conflicting paths") {
  const std::string p = "Invalid ProjectionExpression: Two document paths ";
  CHECK(
      projection_error("a, a") ==
      p + "overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]");
  CHECK(projection_error("a.b, a") == p + "overlap with each other; must remove or rewrite one of these "
                                          "paths; path one: [a, b], path two: [a]");
  CHECK(projection_error("a, #a.b", {{"#a", "a"}}) ==
        p + "overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: "
            "[a, b]");
  CHECK(projection_error("a[1], a.b") == p + "conflict with each other; must remove or rewrite one of these "
                                             "paths; path one: [a, [1]], path two: "
                                             "[a, b]");
  CHECK(projection_error("a.b, a.c, a.d[1], a.d[2]") == "<no error>");
  CHECK(
      projection_error("#a", {}) ==
      "Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; "
      "attribute name: #a");
  CHECK(projection_error("") == "Invalid ProjectionExpression: The expression can not be empty;");
  CHECK(projection_error("a, :v") ==
        "Invalid ProjectionExpression: Syntax error; token: \":v\", near: \", :v\"");
}
