// The parsed-expression cache: one tree per (kind, parameter, text), failures
// never cached, bounded size, safe under concurrent use, and trees that
// resolving for one request cannot change for the next.
#include "expr/parse_cache.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "expr/resolve.h"
#include "expr_test_util.h"

using namespace expr_test;
namespace ex = dynamo_items::expr;

TEST_CASE("parse cache: the same text shares one tree, other texts and kinds do not", "[parse_cache]") {
  const auto a = ex::cached_condition("pc_a = :v", "ConditionExpression");
  const auto b = ex::cached_condition("pc_a = :v", "ConditionExpression");
  CHECK(a.get() == b.get());
  // The text is the key, byte for byte.
  CHECK(ex::cached_condition("pc_a  = :v", "ConditionExpression").get() != a.get());
  CHECK(ex::cached_condition("PC_A = :v", "ConditionExpression").get() != a.get());
  // The parameter is part of the key: its name is in the tree's messages.
  const auto filter = ex::cached_condition("pc_a = :v", "FilterExpression");
  CHECK(filter.get() != a.get());
  CHECK(ex::cached_condition("pc_a = :v", "FilterExpression").get() == filter.get());

  const auto u1 = ex::cached_update("SET pc_a = :v");
  CHECK(ex::cached_update("SET pc_a = :v").get() == u1.get());
  REQUIRE(u1->actions.size() == 1);
  CHECK(u1->actions[0].path[0].name == "pc_a");

  const auto p1 = ex::cached_projection("pc_a, pc_b.c");
  CHECK(ex::cached_projection("pc_a, pc_b.c").get() == p1.get());
  REQUIRE(p1->paths.size() == 2);
  CHECK(p1->paths[1].size() == 2);
}

TEST_CASE("parse cache: a text that fails to parse fails every time", "[parse_cache]") {
  for (int i = 0; i < 3; ++i) {
    CHECK(error_of([] { ex::cached_condition("pc_bad = ", "ConditionExpression"); }) ==
          "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"= \"");
    CHECK(error_of([] { ex::cached_update("SET"); }).rfind("Invalid UpdateExpression: Syntax error", 0) == 0);
    CHECK(error_of([] {
            ex::cached_projection("a,");
          }).rfind("Invalid ProjectionExpression: Syntax error", 0) == 0);
  }
  // The same failure under another parameter names that parameter.
  CHECK(error_of([] {
          ex::cached_condition("pc_bad = ", "KeyConditionExpression");
        }).rfind("Invalid KeyConditionExpression: Syntax error", 0) == 0);
}

TEST_CASE("parse cache: bounded; a full cache starts over", "[parse_cache]") {
  const auto first = ex::cached_projection("pc_first");
  // Enough distinct texts to fill the cache at least once after `first`.
  for (std::size_t i = 0; i < ex::kMaxCachedExpressions + 10; ++i) {
    ex::cached_projection("pc_fill_" + std::to_string(i));
  }
  const auto again = ex::cached_projection("pc_first");
  // Evicted and parsed anew (first is still alive, so the address differs)...
  CHECK(again.get() != first.get());
  // ...into an equal tree.
  REQUIRE(again->paths.size() == 1);
  CHECK(again->paths[0] == first->paths[0]);
}

TEST_CASE("parse cache: concurrent lookups of the same texts", "[parse_cache]") {
  std::vector<std::thread> threads;
  std::vector<std::vector<const ex::ParsedCondition*>> seen(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &seen] {
      for (int i = 0; i < 2000; ++i) {
        auto p = ex::cached_condition("pc_c" + std::to_string(i % 50) + " < :v", "ConditionExpression");
        if (p->root.operands.size() != 2) throw std::runtime_error("bad tree");
        if (i >= 1950) seen[static_cast<std::size_t>(t)].push_back(p.get());
      }
    });
  }
  for (auto& th : threads) th.join();
  // Every thread ends up on the same tree for a text (unless the cache was
  // cleared meanwhile, which 50 texts cannot cause).
  for (int t = 1; t < 4; ++t) CHECK(seen[static_cast<std::size_t>(t)] == seen[0]);
}

TEST_CASE("parse cache: resolving for one request leaves the shared tree unresolved", "[parse_cache]") {
  const auto parsed = ex::cached_condition("#n = :v", "ConditionExpression");
  ex::ExpressionContext ctx({{"#n", "attr"}}, {{":v", S("x")}});
  const ex::CondNode resolved = ex::resolve_condition(*parsed, ctx, "ConditionExpression");
  CHECK(resolved.operands[0].path[0].name == "attr");
  CHECK(resolved.operands[1].value == S("x"));
  // The cached tree still has its placeholders for the next request.
  const auto again = ex::cached_condition("#n = :v", "ConditionExpression");
  REQUIRE(again.get() == parsed.get());
  CHECK(again->root.operands[0].path[0].name == "#n");
  CHECK(again->root.operands[0].path[0].placeholder);
  CHECK(again->root.operands[1].placeholder == ":v");
  ex::ExpressionContext other({{"#n", "b"}}, {{":v", N("1")}});
  const ex::CondNode second = ex::resolve_condition(*again, other, "ConditionExpression");
  CHECK(second.operands[0].path[0].name == "b");
  CHECK(second.operands[1].value == N("1"));
}
