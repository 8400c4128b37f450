// UpdateExpression: validation messages, application semantics and the
// updated-attributes projection used for ReturnValues.
#include <catch2/catch.hpp>

#include "expr_test_util.h"

using namespace expr_test;
using dynamo_items::expr::ExpressionContext;
using dynamo_items::expr::Update;

namespace {

Update make_update(const std::string& text, Values values = {}, Names names = {}) {
  ExpressionContext ctx(std::move(names), std::move(values));
  return dynamo_items::expr::parse_update(text, ctx);
}

Item apply_text(const std::string& text, const Item& item, Values values = {}, Names names = {}) {
  return make_update(text, std::move(values), std::move(names)).apply(item);
}

std::string apply_error(const std::string& text, const Item& item, Values values = {}, Names names = {}) {
  return error_of([&] { apply_text(text, item, std::move(values), std::move(names)); });
}

const std::string kInvalidPath = "The document path provided in the update expression is invalid for update";
const std::string kWrongType = "An operand in the update expression has an incorrect data type";
const std::string kMissing = "The provided expression refers to an attribute that does not exist in the item";

}  // namespace

TEST_CASE("update: each section once") {
  for (auto [text, section] :
       std::vector<std::pair<std::string, std::string>>{{"set a = #c set c = :d", "SET"},
                                                        {"remove #d set a = b remove e", "REMOVE"},
                                                        {"add #d :e set a = b add e :f", "ADD"},
                                                        {"delete #d :e set a = b delete #e :f", "DELETE"}}) {
    CHECK(update_error(text) == "Invalid UpdateExpression: The \"" + section +
                                    "\" section can only be used once in an update expression;");
  }
}

TEST_CASE("update: overlapping and conflicting paths") {
  const Names names = {{"#b", "b"}, {"#c", "c"}, {"#d", "[3]"}};
  const std::string overlap =
      "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of "
      "these "
      "paths; path one: ";
  CHECK(update_error("set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a, a)", names) ==
        overlap + "[c, [1], a], path two: [c]");
  CHECK(update_error("set c.b.#c = a, c = a, #d = a", names) == overlap + "[c, b, c], path two: [c]");
  CHECK(update_error("set a = b remove a, #c, #d", names) == overlap + "[a], path two: [a]");
  CHECK(update_error("set #c[3].#d = a, #c[3] = a", names) == overlap + "[c, [3], [3]], path two: [c, [3]]");
  CHECK(update_error("remove c, #c.a, #d", names) == overlap + "[c], path two: [c, a]");
  CHECK(update_error("remove a, #c, a, #d", names) == overlap + "[a], path two: [a]");
  const std::string conflict =
      "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of "
      "these "
      "paths; path one: ";
  CHECK(update_error("set #c[3].#d = a, #c.#d[3] = if_not_exists(a, b)", names) ==
        conflict + "[c, [3], [3]], path two: [c, [3], [3]]");
  CHECK(update_error("remove a.#c set a[1] = #d", names) == conflict + "[a, c], path two: [a, [1]]");
  CHECK(update_error("set a.b = :v, a.c = :v, a.d[0] = :v", {}, {{":v", N("1")}}) == "<no error>");
}

TEST_CASE("update: operand types of ADD, DELETE, functions and arithmetic") {
  const std::string p = "Invalid UpdateExpression: Incorrect operand type for operator or function; ";
  CHECK(update_error("set b = list_append(:a, a), c = if_not_exists(a) add a.b :a", {}, {{":a", S("a")}}) ==
        p + "operator: ADD, operand type: STRING");
  CHECK(update_error("delete a.b :a", {}, {{":a", S("a")}}) == p + "operator: DELETE, operand type: STRING");
  CHECK(update_error("add a.b :a", {}, {{":a", NUL()}}) == p + "operator: ADD, operand type: NULL");
  CHECK(update_error("add a.b :a", {}, {{":a", BOOL(false)}}) == p + "operator: ADD, operand type: BOOLEAN");
  CHECK(update_error("delete a.b :a", {}, {{":a", B("a")}}) == p + "operator: DELETE, operand type: BINARY");
  CHECK(update_error("add a.b :a", {}, {{":a", M({})}}) == p + "operator: ADD, operand type: MAP");
  CHECK(update_error("delete a.b :a", {}, {{":a", L({})}}) == p + "operator: DELETE, operand type: LIST");
  CHECK(update_error("delete a.b :a", {}, {{":a", N("1")}}) == p + "operator: DELETE, operand type: NUMBER");
  CHECK(update_error("add a :a, b :b delete c :c", {},
                     {{":a", N("1")}, {":b", SS({"x"})}, {":c", NS({"1"})}}) == "<no error>");
  const Values v = {{":a", S("a")}, {":b", N("1")},    {":c", B("a")},    {":d", BOOL(true)},
                    {":e", NUL()},  {":f", SS({"a"})}, {":g", NS({"1"})}, {":h", BS({"a"})},
                    {":i", M({})},  {":j", L({})}};
  auto used = [&](const std::string& text) {
    ExpressionContext ctx({}, v);
    return error_of([&] { dynamo_items::expr::parse_update(text, ctx); });
  };
  CHECK(used("set a = list_append(:a, a)") == p + "operator or function: list_append, operand type: S");
  CHECK(used("set a = list_append(a, :b)") == p + "operator or function: list_append, operand type: N");
  CHECK(used("set a = list_append(:i, a)") == p + "operator or function: list_append, operand type: M");
  CHECK(used("set a = a + :a") == p + "operator or function: +, operand type: S");
  CHECK(used("set a = :c + a") == p + "operator or function: +, operand type: B");
  CHECK(used("set a = a - :f") == p + "operator or function: -, operand type: SS");
  CHECK(used("set a = a - :j") == p + "operator or function: -, operand type: L");
  CHECK(used("set a = a + :b, c = list_append(:j, c), d = if_not_exists(d, :d)") == "<no error>");
}

TEST_CASE("update: function rules") {
  const std::string p = "Invalid UpdateExpression: ";
  CHECK(update_error("set a = if_not_exists(c)") ==
        p + "Incorrect number of operands for operator or function; operator or function: if_not_exists, "
            "number of operands: 1");
  CHECK(update_error("set a = list_append(c)") ==
        p + "Incorrect number of operands for operator or function; operator or function: list_append, "
            "number of operands: 1");
  CHECK(update_error("set a = if_not_exists(:a, c)", {}, {{":a", S("a")}}) ==
        p + "Operator or function requires a document path; operator or function: if_not_exists");
  CHECK(update_error("set a = if_not_exists(if_not_exists(a, b), c)") ==
        p + "Operator or function requires a document path; operator or function: if_not_exists");
  CHECK(update_error("set a = size(b)") ==
        p + "The function is not allowed in an update expression; function: size");
  CHECK(update_error("set a = list_append(list_append(a, b), c)") ==
        p + "The function is not allowed to be used this way in an expression; function: list_append");
  CHECK(update_error("set a = b + list_append(a, b)") ==
        p + "The function is not allowed to be used this way in an expression; function: list_append");
  CHECK(update_error("set a = if_not_exists(a, b) + c, d = list_append(if_not_exists(d, e), f)") ==
        "<no error>");
  CHECK(update_error("set a = if_not_exists(a, a)") ==
        p + "The first operand must be distinct from the remaining operands for this operator or function; "
            "operator: if_not_exists, first operand: [a]");
  CHECK(update_error("SET #c = if_not_exists(:c)", {{"#a", "a"}}) ==
        p + "An expression attribute name used in the document path is not defined; attribute name: #c");
  CHECK(update_error("SET #a = if_not_exists(:c)", {{"#a", "a"}}) ==
        p + "An expression attribute value used in expression is not defined; attribute value: :c");
  CHECK(update_error("") == p + "The expression can not be empty;");
}

TEST_CASE("update: key attributes cannot change") {
  const std::string m =
      "One or more parameter values were invalid: Cannot update attribute a. This attribute is part "
      "of the key";
  for (const char* text : {"add a.b :n", "remove d set b = :n, a = :n", "set a = a.b + a[1]"}) {
    INFO(text);
    CHECK(error_of([&] { make_update(text, {{":n", N("1")}}).check_key_attributes({"a"}); }) == m);
  }
  CHECK(error_of([&] {
          make_update("set d[1] = :n add b.b :n", {{":n", N("1")}}).check_key_attributes({"a", "b"});
        }) ==
        "One or more parameter values were invalid: Cannot update attribute b. This attribute is part of the "
        "key");
  CHECK(error_of([&] { make_update("set c = a", {}).check_key_attributes({"a", "b"}); }) == "<no error>");
}

TEST_CASE("update: SET, REMOVE, ADD, DELETE on top-level attributes") {
  const Item item = {
      {"pk", S("k")}, {"n", N("5")}, {"s", S("x")}, {"ss", SS({"a", "b"})}, {"ns", NS({"1", "2"})}};
  CHECK(dump(apply_text("SET s = :v", item, {{":v", S("y")}}).at("s")) == dump(S("y")));
  CHECK(dump(apply_text("SET t = :v", item, {{":v", S("y")}}).at("t")) == dump(S("y")));
  CHECK(dump(apply_text("SET n = n + :v", item, {{":v", N("1.5")}}).at("n")) == dump(N("6.5")));
  CHECK(dump(apply_text("SET n = :v - n", item, {{":v", N("1")}}).at("n")) == dump(N("-4")));
  CHECK(apply_text("SET t = if_not_exists(t, :v), u = if_not_exists(n, :v)", item, {{":v", N("0")}}) ==
        Item{{"pk", S("k")},
             {"n", N("5")},
             {"s", S("x")},
             {"ss", SS({"a", "b"})},
             {"ns", NS({"1", "2"})},
             {"t", N("0")},
             {"u", N("5")}});
  CHECK(apply_text("REMOVE s, gone", item).count("s") == 0);
  CHECK(dump(apply_text("ADD n :v", item, {{":v", N("-5")}}).at("n")) == dump(N("0")));
  CHECK(dump(apply_text("ADD newn :v", item, {{":v", N("3")}}).at("newn")) == dump(N("3")));
  CHECK(dump(apply_text("ADD ss :v", item, {{":v", SS({"b", "c"})}}).at("ss")) == dump(SS({"a", "b", "c"})));
  CHECK(dump(apply_text("ADD newss :v", item, {{":v", SS({"z"})}}).at("newss")) == dump(SS({"z"})));
  CHECK(dump(apply_text("DELETE ss :v", item, {{":v", SS({"a", "q"})}}).at("ss")) == dump(SS({"b"})));
  CHECK(apply_text("DELETE ns :v", item, {{":v", NS({"1", "2"})}}).count("ns") == 0);  // emptied: removed
  CHECK(apply_text("DELETE gone :v", item, {{":v", NS({"1"})}}).count("gone") == 0);
  // Right-hand sides see the item as it was.
  const Item swapped = apply_text("SET n = s, s = n", item);
  CHECK(swapped.at("n") == S("x"));
  CHECK(swapped.at("s") == N("5"));
}

TEST_CASE("update: runtime errors") {
  const Item item = {{"a", S("k")},    {"b", M({{"a", SS({"1"})}})}, {"c", N("1")},
                     {"d", NS({"1"})}, {"e", M({{"1", S("a")}})},    {"f", L({S("a"), S("b")})}};
  const Values v = {
      {":ss", SS({"1"})}, {":ns", NS({"1"})}, {":bs", BS({"a"})}, {":n", N("1")}, {":l", L({})}};
  CHECK(apply_error("delete d :ss", item, v) == kWrongType);
  CHECK(apply_error("delete b :ns", item, v) == kWrongType);
  CHECK(apply_error("delete b.a :ns", item, v) == kWrongType);
  CHECK(apply_error("delete b.a :bs", item, v) == kWrongType);
  CHECK(apply_error("delete c :ns", item, v) == kWrongType);
  CHECK(apply_error("add b :ns", item, v) == kWrongType);
  CHECK(apply_error("add d :n", item, v) == kWrongType);
  CHECK(apply_error("set g = a + :n", item, v) == kWrongType);
  CHECK(apply_error("set g = b - :n", item, v) == kWrongType);
  CHECK(apply_error("set g = list_append(d, if_not_exists(h, :l))", item, v) == kWrongType);
  CHECK(apply_error("set g = h", item, v) == kMissing);
  CHECK(apply_error("set g = list_append(h, :l)", item, v) == kMissing);
  CHECK(apply_error("set g = h + :n", item, v) == kMissing);
  CHECK(apply_error("set g = if_not_exists(a, h)", item, v) == kMissing);
  const Names one = {{"#1", "1"}};
  for (const char* text :
       {"set a.a = :n",    "set a[1] = :n", "set y.a = :n",   "set y[1] = :n",  "set e[1] = :n",
        "set f.#1 = :n",   "remove a.a",    "remove a[1]",    "remove y.a",     "remove y[1]",
        "remove e[1]",     "remove f.#1",   "delete a.a :ss", "delete y.a :ss", "delete e[1] :ss",
        "delete f.#1 :ss", "add a.a :ss",   "add y[1] :ss",   "add e[1] :ss",   "add f.#1 :ss"}) {
    INFO(text);
    ExpressionContext ctx(one, v);
    CHECK(error_of([&] { dynamo_items::expr::parse_update(text, ctx).apply(item); }) == kInvalidPath);
  }
  CHECK(apply_error("set n = n + :big", {{"n", N("99999999999999999999999999999999999999")}},
                    {{":big", N("0.1")}}) ==
        "Number overflow. Attempting to store a number with magnitude larger than supported range");
}

TEST_CASE("update: nested maps and lists") {
  const Item item = {
      {"a", S("k")}, {"b", M({{"a", N("1")}, {"b", N("2")}, {"c", N("3")}})}, {"c", L({N("1"), N("3")})}};
  Update u = make_update(
      "set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c add c[8] :b, c[6] :a",
      {{":a", N("2")}, {":b", SS({"a"})}});
  const Item next = u.apply(item);
  CHECK(dump(next) == dump(Item{{"a", S("k")},
                                {"b", M({{"a", S("k")}, {"b", N("2")}, {"c", N("4")}})},
                                {"c", L({N("1"), S("k"), N("3"), N("-1"), N("2"), SS({"a"})})}}));
  CHECK(u.updated_attributes(next) ==
        Item{{"b", M({{"a", S("k")}, {"c", N("4")}})}, {"c", L({S("k"), N("3"), N("2")})}});
  CHECK(u.updated_attributes(item) == Item{{"b", M({{"a", N("1")}, {"c", N("3")}})}, {"c", L({N("3")})}});

  const Item list = {{"l", L({N("0"), N("1"), N("2"), N("3")})}};
  CHECK(dump(apply_text("REMOVE l[1], l[2]", list).at("l")) == dump(L({N("0"), N("3")})));
  CHECK(dump(apply_text("REMOVE l[9]", list).at("l")) == dump(L({N("0"), N("1"), N("2"), N("3")})));
  CHECK(apply_text("SET l[10] = :v, l[0] = :v", list, {{":v", S("x")}}).at("l") ==
        L({S("x"), N("1"), N("2"), N("3"), S("x")}));
  CHECK(apply_text("SET l = list_append(l, :v)", list, {{":v", L({S("x")})}}).at("l") ==
        L({N("0"), N("1"), N("2"), N("3"), S("x")}));
  CHECK(apply_text("SET l = list_append(:v, l)", list, {{":v", L({S("x")})}}).at("l") ==
        L({S("x"), N("0"), N("1"), N("2"), N("3")}));
  CHECK(apply_text("SET m.x.y = :v", {{"m", M({{"x", M({})}})}}, {{":v", N("1")}}).at("m") ==
        M({{"x", M({{"y", N("1")}})}}));
  CHECK(dump(apply_text("REMOVE m.x, m.gone", {{"m", M({{"x", N("1")}, {"y", N("2")}})}}).at("m")) ==
        dump(M({{"y", N("2")}})));
  CHECK(dump(apply_text("DELETE m.s :v", {{"m", M({{"s", SS({"a"})}})}}, {{":v", SS({"a"})}}).at("m")) ==
        dump(M({})));
}

TEST_CASE("update: upsert from key attributes") {
  const Item key = {{"a", S("k")}};
  CHECK(dump(apply_text("set b = if_not_exists(b, a)", key)) == dump(Item{{"a", S("k")}, {"b", S("k")}}));
  CHECK(apply_error("set b.a = a", key) == kInvalidPath);
  CHECK(apply_error("set b[1] = a", key) == kInvalidPath);
  CHECK(apply_text(
            "REMOVE b DELETE c :c ADD d :d, e :e SET f = :f", key,
            {{":c", SS({"a", "b"})}, {":d", N("5")}, {":e", SS({"a", "b"})}, {":f", L({S("a"), N("1")})}}) ==
        Item{{"a", S("k")}, {"d", N("5")}, {"e", SS({"a", "b"})}, {"f", L({S("a"), N("1")})}});
}
