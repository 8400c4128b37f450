// Value operations under conditions and updates: DynamoDB's orderings,
// contains/begins_with per type (false, never an error, on a type mismatch),
// size() in UTF-16 code units, and the type names and value renderings that
// appear in DynamoDB's messages.
#include "expr/value_ops.h"

#include <catch2/catch.hpp>
#include <string>

#include "expr_test_util.h"

using namespace expr_test;
using dynamo_items::AttrType;
namespace ex = dynamo_items::expr;

TEST_CASE("value ops: type masks print like DynamoDB", "[value_ops]") {
  CHECK(ex::type_mask_text(ex::type_bit(AttrType::S)) == "S");
  CHECK(ex::type_mask_text(ex::type_bit(AttrType::NUL)) == "NULL");
  CHECK(ex::type_mask_text(ex::type_bit(AttrType::BS)) == "BS");
  CHECK(ex::type_mask_text(ex::kOrderedTypes) == "{S,N,B}");
  CHECK(ex::type_mask_text(ex::kAllTypes) == "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
  CHECK(ex::type_mask_text(ex::type_bit(AttrType::L) | ex::type_bit(AttrType::M)) == "{M,L}");
  CHECK(ex::kAllTypes == ((1u << 10) - 1));
}

TEST_CASE("value ops: ordering is numeric for N and unsigned bytes for S and B", "[value_ops]") {
  CHECK(ex::compare_ordered(N("9"), N("10")) < 0);
  CHECK(ex::compare_ordered(N("-10"), N("-9")) < 0);
  CHECK(ex::compare_ordered(N("-0.5"), N("0")) < 0);
  CHECK(ex::compare_ordered(N("0.1"), N("0.09")) > 0);
  CHECK(ex::compare_ordered(N("1E+125"), N("99999999999999999999999999999999999999")) > 0);
  CHECK(ex::compare_ordered(N("42"), N("42")) == 0);
  // S: UTF-8 bytes, so upper case sorts before lower case and non-ASCII last.
  CHECK(ex::compare_ordered(S("Z"), S("a")) < 0);
  CHECK(ex::compare_ordered(S("z"), S("\xC3\xA9")) < 0);
  CHECK(ex::compare_ordered(S(""), S("a")) < 0);
  CHECK(ex::compare_ordered(S("ab"), S("a")) > 0);
  CHECK(ex::compare_ordered(S("same"), S("same")) == 0);
  // B: unsigned, 0x80 above 0x7F.
  CHECK(ex::compare_ordered(B("\x7F"), B("\x80")) < 0);
  CHECK(ex::compare_ordered(B(std::string("\0", 1)), B("\x01")) < 0);
  CHECK(ex::compare_ordered(B("\xFF"), B(std::string("\xFF\x00", 2))) < 0);
  // Results are normalised to -1, 0, 1.
  CHECK(ex::compare_ordered(S("a"), S("z")) == -1);
  CHECK(ex::compare_ordered(S("z"), S("a")) == 1);
}

TEST_CASE("value ops: contains per type", "[value_ops]") {
  CHECK(ex::value_contains(S("hello world"), S("o w")));
  CHECK_FALSE(ex::value_contains(S("hello"), S("Hello")));
  CHECK(ex::value_contains(B(std::string("a\0b", 3)), B(std::string("\0", 1))));
  CHECK_FALSE(ex::value_contains(S("123"), N("2")));  // a substring needs the same type
  CHECK(ex::value_contains(SS({"a", "b"}), S("b")));
  CHECK_FALSE(ex::value_contains(SS({"ab"}), S("a")));  // membership, not substring
  CHECK(ex::value_contains(NS({"1", "2.5"}), N("2.5")));
  CHECK_FALSE(ex::value_contains(NS({"1"}), S("1")));
  CHECK_FALSE(ex::value_contains(SS({"1"}), N("1")));
  CHECK(ex::value_contains(BS({"x", "y"}), B("y")));
  CHECK_FALSE(ex::value_contains(BS({"y"}), S("y")));
  CHECK(ex::value_contains(L({S("a"), N("1"), M({{"k", BOOL(true)}})}), M({{"k", BOOL(true)}})));
  CHECK(ex::value_contains(L({S("a"), N("1")}), N("1")));
  CHECK_FALSE(ex::value_contains(L({S("1")}), N("1")));
  CHECK(ex::value_contains(L({SS({"a", "b"})}), SS({"b", "a"})));  // sets compare as sets
  CHECK_FALSE(ex::value_contains(L({}), NUL()));
  // Types without containment: false.
  CHECK_FALSE(ex::value_contains(N("123"), N("2")));
  CHECK_FALSE(ex::value_contains(M({{"a", S("x")}}), S("a")));
  CHECK_FALSE(ex::value_contains(BOOL(true), BOOL(true)));
  CHECK_FALSE(ex::value_contains(NUL(), NUL()));
}

TEST_CASE("value ops: begins_with only for S and B of the same type", "[value_ops]") {
  CHECK(ex::value_begins_with(S("user#42"), S("user#")));
  CHECK(ex::value_begins_with(S("abc"), S("abc")));
  CHECK_FALSE(ex::value_begins_with(S("ab"), S("abc")));
  CHECK_FALSE(ex::value_begins_with(S("xabc"), S("abc")));
  CHECK(ex::value_begins_with(B("\x01\x02\x03"), B("\x01\x02")));
  CHECK_FALSE(ex::value_begins_with(B("abc"), S("a")));
  CHECK_FALSE(ex::value_begins_with(S("abc"), B("a")));
  CHECK_FALSE(ex::value_begins_with(N("123"), N("1")));
  CHECK_FALSE(ex::value_begins_with(SS({"abc"}), S("a")));
  CHECK_FALSE(ex::value_begins_with(L({S("a")}), S("a")));
}

TEST_CASE("value ops: size counts UTF-16 code units, bytes and members", "[value_ops]") {
  CHECK(ex::value_size(S("")) == std::optional<std::size_t>(0));
  CHECK(ex::value_size(S("hello")) == std::optional<std::size_t>(5));
  CHECK(ex::value_size(S("h\xC3\xA9llo")) == std::optional<std::size_t>(5));      // é: 2 bytes, 1 unit
  CHECK(ex::value_size(S("\xE2\x82\xAC")) == std::optional<std::size_t>(1));      // €: 3 bytes, 1 unit
  CHECK(ex::value_size(S("\xF0\x9F\x98\x80")) == std::optional<std::size_t>(2));  // 😀: a surrogate pair
  CHECK(ex::value_size(S("a\xF0\x9F\x98\x80z")) == std::optional<std::size_t>(4));
  CHECK(ex::value_size(B("")) == std::optional<std::size_t>(0));
  CHECK(ex::value_size(B("\xF0\x9F\x98\x80")) == std::optional<std::size_t>(4));  // bytes, not characters
  CHECK(ex::value_size(SS({"a", "bb", "ccc"})) == std::optional<std::size_t>(3));
  CHECK(ex::value_size(NS({"1"})) == std::optional<std::size_t>(1));
  CHECK(ex::value_size(BS({"x", "y"})) == std::optional<std::size_t>(2));
  CHECK(ex::value_size(L({})) == std::optional<std::size_t>(0));
  CHECK(ex::value_size(L({NUL(), L({S("a"), S("b")})})) == std::optional<std::size_t>(2));  // not recursive
  CHECK(ex::value_size(M({{"a", S("x")}, {"b", S("y")}})) == std::optional<std::size_t>(2));
  CHECK_FALSE(ex::value_size(N("12345")));
  CHECK_FALSE(ex::value_size(BOOL(true)));
  CHECK_FALSE(ex::value_size(NUL()));
}

TEST_CASE("value ops: long type names and quoted values", "[value_ops]") {
  const std::vector<std::pair<AttrType, std::string>> names{
      {AttrType::S, "STRING"},     {AttrType::N, "NUMBER"},      {AttrType::B, "BINARY"},
      {AttrType::BOOL, "BOOLEAN"}, {AttrType::NUL, "NULL"},      {AttrType::M, "MAP"},
      {AttrType::L, "LIST"},       {AttrType::SS, "STRING_SET"}, {AttrType::NS, "NUMBER_SET"},
      {AttrType::BS, "BINARY_SET"}};
  for (const auto& [t, name] : names) CHECK(ex::long_type_name(t) == name);

  CHECK(ex::quoted_value(S("abc")) == "AttributeValue: {S:abc}");
  CHECK(ex::quoted_value(S("")) == "AttributeValue: {S:}");
  CHECK(ex::quoted_value(N("-1.5")) == "AttributeValue: {N:-1.5}");
  CHECK(ex::quoted_value(B("hi")) == "AttributeValue: {B:aGk=}");  // binary as base64
  CHECK(ex::quoted_value(BOOL(false)) == "AttributeValue: {BOOL:false}");
  CHECK(ex::quoted_value(NUL()) == "AttributeValue: {NULL:true}");
}
