// Condition evaluation: every operator and function on every type, type
// mismatches and gone attributes.
#include <catch2/catch.hpp>

#include "expr_test_util.h"

using namespace expr_test;
using dynamo_items::expr::ExpressionContext;

namespace {

const Item& sample() {
  static const Item item = {
      {"s", S("hello")},
      {"n", N("10")},
      {"neg", N("-2.5")},
      {"b", B(std::string("\x01\x02\x03", 3))},
      {"t", BOOL(true)},
      {"f", BOOL(false)},
      {"nul", NUL()},
      {"ss", SS({"a", "b"})},
      {"ns", NS({"1", "2"})},
      {"bs", BS({"\x01", "\x02"})},
      {"l", L({S("x"), N("1"), M({{"k", S("v")}})})},
      {"m", M({{"k", S("v")}, {"inr", M({{"deep", N("7")}})}, {"lst", L({N("1"), N("2")})}})},
      {"u", S("h\xC3\xA9llo\xF0\x9F\x98\x80")},  // "héllo😀": 7 UTF-16 units
  };
  return item;
}

Values values() {
  return {
      {":s", S("hello")},
      {":s2", S("help")},
      {":h", S("he")},
      {":n", N("10")},
      {":n9", N("9")},
      {":n11", N("11")},
      {":n100", N("100")},
      {":b", B(std::string("\x01\x02\x03", 3))},
      {":b1", B("\x01")},
      {":t", BOOL(true)},
      {":f", BOOL(false)},
      {":nul", NUL()},
      {":ss", SS({"b", "a"})},
      {":ns", NS({"2", "1"})},
      {":a", S("a")},
      {":one", N("1")},
      {":x", S("x")},
      {":lv", L({S("x"), N("1"), M({{"k", S("v")}})})},
      {":mv", M({{"k", S("v")}})},
      {":tS", S("S")},
      {":tN", S("N")},
      {":tM", S("M")},
      {":tNULL", S("NULL")},
      {":five", N("5")},
      {":two", N("2")},
      {":three", N("3")},
      {":seven", N("7")},
      {":neg", N("-3")},
  };
}

bool eval(const std::string& text, const Item* item = &sample()) {
  ExpressionContext ctx({{"#n", "n"}, {"#dot", "a.b"}}, values());
  return dynamo_items::expr::parse_condition(text, ctx).matches(item);
}

}  // namespace

TEST_CASE("equality and inequality on every type") {
  CHECK(eval("s = :s"));
  CHECK_FALSE(eval("s = :s2"));
  CHECK(eval("n = :n"));
  CHECK(eval("b = :b"));
  CHECK(eval("t = :t"));
  CHECK_FALSE(eval("t = :f"));
  CHECK(eval("nul = :nul"));
  CHECK(eval("ss = :ss"));  // sets compare as sets, whatever the order
  CHECK(eval("ns = :ns"));
  CHECK(eval("l = :lv"));
  CHECK(eval("m.inr.deep = :seven"));
  CHECK_FALSE(eval("m = :mv"));
  CHECK(eval("s <> :s2"));
  CHECK_FALSE(eval("s <> :s"));
  // Different types are never equal.
  CHECK_FALSE(eval("n = :s"));
  CHECK(eval("n <> :s"));
  // A gone attribute equals nothing and differs from everything.
  CHECK_FALSE(eval("gone = :s"));
  CHECK(eval("gone <> :s"));
  CHECK_FALSE(eval("gone = gone2"));
  // Two paths.
  CHECK(eval("s = m.k OR s <> m.k"));
  CHECK(eval("l[2].k = m.k"));
  CHECK(eval("#n = :n"));
}

TEST_CASE("ordering comparisons: S by bytes, N numerically, B by unsigned bytes") {
  CHECK(eval("s < :s2"));  // "hello" < "help"
  CHECK(eval("s <= :s"));
  CHECK(eval("s2 > s OR :s2 > s"));
  CHECK(eval("n > :n9"));
  CHECK(eval("n < :n11"));
  CHECK(eval("n < :n100"));  // numeric, not lexicographic
  CHECK(eval("neg < :one"));
  CHECK(eval("neg > :neg"));
  CHECK(eval("n >= :n AND n <= :n"));
  CHECK(eval("b > :b1"));
  // Mismatched or unordered types, and gone attributes, are false.
  CHECK_FALSE(eval("n < :s"));
  CHECK_FALSE(eval("n > :s"));
  CHECK_FALSE(eval("gone < :n"));
  CHECK_FALSE(eval("gone >= :n"));
  CHECK_FALSE(eval("t < l"));
  CHECK_FALSE(eval("ss >= ns"));
  CHECK_FALSE(eval("m <= m.inr"));
}

TEST_CASE("BETWEEN and IN") {
  CHECK(eval("n BETWEEN :n9 AND :n11"));
  CHECK(eval("n BETWEEN :n AND :n"));
  CHECK_FALSE(eval("n BETWEEN :n11 AND :n100"));
  CHECK(eval("s BETWEEN :h AND :s2"));
  CHECK_FALSE(eval("s BETWEEN :n AND :n11"));
  CHECK_FALSE(eval("gone BETWEEN :n9 AND :n11"));
  CHECK(eval("n BETWEEN m.inr.deep AND :n11"));
  CHECK_FALSE(eval("m.inr.deep BETWEEN n AND :n11"));
  CHECK(eval("n IN (:s, :n)"));
  CHECK_FALSE(eval("n IN (:s, :n9)"));
  CHECK(eval("ss IN (:ns, :ss)"));
  CHECK(eval("l IN (:lv)"));
  CHECK_FALSE(eval("gone IN (:s, :n)"));
}

TEST_CASE("logical operators") {
  CHECK(eval("s = :s AND n = :n"));
  CHECK_FALSE(eval("s = :s AND n = :n9"));
  CHECK(eval("s = :s2 OR n = :n"));
  CHECK_FALSE(eval("NOT s = :s"));
  CHECK(eval("NOT NOT s = :s"));
  CHECK(eval("NOT (s = :s2 OR n = :n9)"));
  CHECK(eval("s = :s2 AND n = :n9 OR t = :t"));
  CHECK_FALSE(eval("s = :s2 AND (n = :n9 OR t = :t)"));
}

TEST_CASE("attribute_exists, attribute_not_exists, attribute_type") {
  CHECK(eval("attribute_exists(s)"));
  CHECK(eval("attribute_exists(nul)"));
  CHECK(eval("attribute_exists(m.inr.deep)"));
  CHECK(eval("attribute_exists(l[2].k)"));
  CHECK_FALSE(eval("attribute_exists(l[3])"));
  CHECK_FALSE(eval("attribute_exists(s.x)"));
  CHECK_FALSE(eval("attribute_exists(m[0])"));
  CHECK_FALSE(eval("attribute_exists(#dot)"));
  CHECK(eval("attribute_not_exists(gone)"));
  CHECK_FALSE(eval("attribute_not_exists(s)"));
  CHECK(eval("attribute_type(s, :tS)"));
  CHECK(eval("attribute_type(n, :tN)"));
  CHECK(eval("attribute_type(m, :tM)"));
  CHECK(eval("attribute_type(nul, :tNULL)"));
  CHECK_FALSE(eval("attribute_type(s, :tN)"));
  CHECK_FALSE(eval("attribute_type(gone, :tS)"));
  // An absent item has no attributes.
  CHECK(eval("attribute_not_exists(pk)", nullptr));
  CHECK_FALSE(eval("attribute_exists(pk)", nullptr));
  CHECK_FALSE(eval("s = :s", nullptr));
  CHECK(eval("s <> :s", nullptr));
}

TEST_CASE("begins_with and contains") {
  CHECK(eval("begins_with(s, :h)"));
  CHECK(eval("begins_with(s, :s)"));
  CHECK_FALSE(eval("begins_with(s, :s2)"));
  CHECK(eval("begins_with(b, :b1)"));
  CHECK_FALSE(eval("begins_with(n, :h)"));
  CHECK_FALSE(eval("begins_with(gone, :h)"));
  CHECK(eval("begins_with(s, m.k) OR begins_with(:h, s) OR begins_with(s, :h)"));
  CHECK(eval("contains(s, :h)"));
  CHECK_FALSE(eval("contains(s, :x)"));
  CHECK(eval("contains(b, :b1)"));
  CHECK(eval("contains(ss, :a)"));
  CHECK_FALSE(eval("contains(ss, :x)"));
  CHECK(eval("contains(ns, :one)"));
  CHECK_FALSE(eval("contains(ns, :a)"));  // member type must match
  CHECK(eval("contains(l, :x)"));
  CHECK(eval("contains(l, :one)"));
  CHECK(eval("contains(l, :mv)"));
  CHECK_FALSE(eval("contains(l, :s)"));
  CHECK_FALSE(eval("contains(m, :mv)"));
  CHECK_FALSE(eval("contains(n, :n)"));
  CHECK_FALSE(eval("contains(gone, :s)"));
  CHECK(eval("contains(m.lst, :two)"));
}

TEST_CASE("size on every type") {
  CHECK(eval("size(s) = :five"));
  CHECK(eval("size(u) = :seven"));
  CHECK(eval("size(b) = :three"));
  CHECK(eval("size(ss) = :two"));
  CHECK(eval("size(ns) = :two"));
  CHECK(eval("size(bs) = :two"));
  CHECK(eval("size(l) = :three"));
  CHECK(eval("size(m) = :three"));
  CHECK(eval("size(m.lst) < size(l)"));
  // Types without a size, and gone attributes, give no value.
  CHECK_FALSE(eval("size(n) = :two"));
  CHECK_FALSE(eval("size(t) >= :neg"));
  CHECK_FALSE(eval("size(nul) >= :neg"));
  CHECK_FALSE(eval("size(gone) >= :neg"));
  CHECK(eval("size(gone) <> :neg"));
}
