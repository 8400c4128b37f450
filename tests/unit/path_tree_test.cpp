// PathTree: merging document paths with DynamoDB's overlap and conflict
// messages, projecting items through the tree (nested shape kept, list
// elements compacted in index order, missing parts dropped) and path lookup.
#include "expr/path_tree.h"

#include <catch2/catch.hpp>
#include <string>

#include "expr_test_util.h"

using namespace expr_test;
namespace ex = dynamo_items::expr;

namespace {

// "a.b[2].c" -> [a, b, [2], c]; enough syntax for these tests.
ex::Path P(const std::string& text) {
  ex::Path out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '.') {
      ++i;
    } else if (text[i] == '[') {
      const std::size_t end = text.find(']', i);
      ex::PathElement e;
      e.index = std::stoll(text.substr(i + 1, end - i - 1));
      out.push_back(e);
      i = end + 1;
    } else {
      const std::size_t end = text.find_first_of(".[", i);
      ex::PathElement e;
      e.name = text.substr(i, end == std::string::npos ? std::string::npos : end - i);
      out.push_back(e);
      i = end == std::string::npos ? text.size() : end;
    }
  }
  return out;
}

ex::PathTreeNode tree_of(std::initializer_list<const char*> paths) {
  ex::PathTreeNode root;
  for (const char* p : paths) REQUIRE_FALSE(ex::add_path(root, P(p)));
  return root;
}

std::string add_error(std::initializer_list<const char*> existing, const char* path) {
  ex::PathTreeNode root = tree_of(existing);
  auto err = ex::add_path(root, P(path));
  return err ? *err : "<added>";
}

const std::string kOverlap =
    "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ";
const std::string kConflict =
    "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ";

}  // namespace

TEST_CASE("path tree: disjoint paths merge, siblings keep insertion order", "[path_tree]") {
  ex::PathTreeNode root = tree_of({"b", "a.x", "a.y[1]", "a.y[0]", "c[3].d"});
  REQUIRE(root.children.size() == 3);
  CHECK(root.children[0].key.name == "b");
  CHECK(root.children[0].subtree == nullptr);
  CHECK(root.children[1].key.name == "a");
  const ex::PathTreeNode& a = *root.children[1].subtree;
  REQUIRE(a.children.size() == 2);
  CHECK(a.children[0].key.name == "x");
  const ex::PathTreeNode& y = *a.children[1].subtree;
  REQUIRE(y.children.size() == 2);
  CHECK(y.children[0].key.index == 1);
  CHECK(y.children[1].key.index == 0);
  CHECK(root.find(P("c")[0]) != nullptr);
  CHECK(root.find(P("d")[0]) == nullptr);
  // A map key and a list index with the same digits are different keys.
  ex::PathElement name_zero;
  name_zero.name = "0";
  CHECK(y.find(name_zero) == nullptr);
}

TEST_CASE("path tree: actions are recorded at the leaf of their path", "[path_tree]") {
  ex::PathTreeNode root;
  REQUIRE_FALSE(ex::add_path(root, P("a.b"), 4));
  REQUIRE_FALSE(ex::add_path(root, P("c"), 7));
  REQUIRE_FALSE(ex::add_path(root, P("a.d[2]"), 1));
  CHECK(root.children[0].action == -1);  // an inner node
  CHECK(root.children[0].subtree->children[0].action == 4);
  CHECK(root.children[1].action == 7);
  CHECK(root.children[0].subtree->children[1].subtree->children[0].action == 1);
}

TEST_CASE("path tree: overlapping paths", "[path_tree]") {
  CHECK(add_error({"a"}, "a") == kOverlap + "[a], path two: [a]");
  CHECK(add_error({"a"}, "a.b") == kOverlap + "[a, b], path two: [a]");
  CHECK(add_error({"a.b.c"}, "a") == kOverlap + "[a], path two: [a, b, c]");
  CHECK(add_error({"a.b[1]"}, "a.b") == kOverlap + "[a, b], path two: [a, b, [1]]");
  CHECK(add_error({"a[0]"}, "a[0].x") == kOverlap + "[a, [0], x], path two: [a, [0]]");
  CHECK(add_error({"x", "a.b.c"}, "a.b") == kOverlap + "[a, b], path two: [a, b, c]");
  // Siblings under a common parent are fine.
  CHECK(add_error({"a.b"}, "a.c") == "<added>");
  CHECK(add_error({"a[0]"}, "a[1]") == "<added>");
}

TEST_CASE("path tree: a map key and a list index at one level conflict", "[path_tree]") {
  CHECK(add_error({"a.b"}, "a[0]") == kConflict + "[a, [0]], path two: [a, b]");
  CHECK(add_error({"a[0]"}, "a.b") == kConflict + "[a, b], path two: [a, [0]]");
  // Path two is completed down the first branch of the existing tree.
  CHECK(add_error({"a.b.c", "a.d"}, "a[1].e") == kConflict + "[a, [1], e], path two: [a, b, c]");
  CHECK(add_error({"m[2][3]"}, "m[2].k") == kConflict + "[m, [2], k], path two: [m, [2], [3]]");
}

TEST_CASE("path tree: projection keeps the shape of what it selects", "[path_tree]") {
  const Item item{
      {"pk", S("1")},
      {"m", M({{"a", S("x")}, {"b", M({{"c", N("1")}, {"d", N("2")}})}, {"e", BOOL(true)}})},
      {"l", L({S("l0"), M({{"k", S("v1")}, {"z", S("z1")}}), S("l2"), L({N("30"), N("31")})})},
      {"s", S("scalar")},
  };
  CHECK(dump(ex::project_item(tree_of({"pk"}), item)) == dump(Item{{"pk", S("1")}}));
  CHECK(dump(ex::project_item(tree_of({"m.b.d", "m.e"}), item)) ==
        dump(Item{{"m", M({{"b", M({{"d", N("2")}})}, {"e", BOOL(true)}})}}));
  // List elements come out compacted, in index order, whatever the order of
  // the paths.
  CHECK(dump(ex::project_item(tree_of({"l[3][1]", "l[0]", "l[1].k"}), item)) ==
        dump(Item{{"l", L({S("l0"), M({{"k", S("v1")}}), L({N("31")})})}}));
  // Missing attributes, indexes past the end and steps into the wrong type
  // select nothing; a container left empty is dropped.
  CHECK(ex::project_item(tree_of({"nope", "l[9]", "m.a.deeper", "s[0]", "m.zz"}), item).empty());
  CHECK(ex::project_item(tree_of({"s.x", "l.k"}), item).empty());
  CHECK(dump(ex::project_item(tree_of({"l[9]", "l[2]"}), item)) == dump(Item{{"l", L({S("l2")})}}));
  // A top-level list index never matches an attribute.
  ex::PathTreeNode indexed;
  ex::PathElement zero;
  zero.index = 0;
  REQUIRE_FALSE(ex::add_path(indexed, ex::Path{zero}));
  CHECK(ex::project_item(indexed, item).empty());
  // The whole value when the path ends at it.
  CHECK(dump(ex::project_item(tree_of({"m"}), item)) == dump(Item{{"m", item.at("m")}}));
}

TEST_CASE("path tree: lookup_path", "[path_tree]") {
  const Item item{{"m", M({{"l", L({N("0"), M({{"x", S("found")}})})}})}, {"s", S("v")}};
  const auto* found = ex::lookup_path(item, P("m.l[1].x"));
  REQUIRE(found != nullptr);
  CHECK(*found == S("found"));
  CHECK(ex::lookup_path(item, P("s")) == &item.at("s"));
  CHECK(ex::lookup_path(item, P("m.l[2]")) == nullptr);  // past the end
  CHECK(ex::lookup_path(item, P("m.l.x")) == nullptr);   // a name into a list
  CHECK(ex::lookup_path(item, P("m[0]")) == nullptr);    // an index into a map
  CHECK(ex::lookup_path(item, P("s.x")) == nullptr);     // into a scalar
  CHECK(ex::lookup_path(item, P("missing")) == nullptr);
  CHECK(ex::lookup_path(item, ex::Path{}) == nullptr);
  ex::PathElement zero;
  zero.index = 0;
  CHECK(ex::lookup_path(item, ex::Path{zero}) == nullptr);
}
