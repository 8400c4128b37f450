#include "dynamo_items/number.h"

#include <catch2/catch.hpp>
#include <string>

#include "dynamo_items/error.h"

using dynamo_items::canonical_number;
using dynamo_items::Error;
using dynamo_items::Number;

namespace {

const std::string kNotANumber = "The parameter cannot be converted to a numeric value";
const std::string kTooManyDigits = "Attempting to store more than 38 significant digits in a Number";
const std::string kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
const std::string kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

std::string parse_error(const std::string& text) {
  try {
    Number::parse(text);
  } catch (const Error& e) {
    CHECK(e.type() == "ValidationException");
    return e.message();
  }
  return "<accepted>";
}

std::string add_error(const std::string& a, const std::string& b, bool subtract = false) {
  try {
    const Number x = Number::parse(a), y = Number::parse(b);
    subtract ? x.subtract(y) : x.add(y);
  } catch (const Error& e) {
    CHECK(e.type() == "ValidationException");
    return e.message();
  }
  return "<accepted>";
}

std::string sum(const std::string& a, const std::string& b) {
  return Number::parse(a).add(Number::parse(b)).to_string();
}
std::string difference(const std::string& a, const std::string& b) {
  return Number::parse(a).subtract(Number::parse(b)).to_string();
}

}  // namespace

TEST_CASE("Number: canonical text", "[number]") {
  const std::pair<const char*, const char*> table[] = {
      {"0", "0"},
      {"-0", "0"},
      {"+0", "0"},
      {"0.000", "0"},
      {"0e1000", "0"},
      {"-0e-1000", "0"},
      {"1", "1"},
      {"+5", "5"},
      {"-7", "-7"},
      {"1E+2", "100"},
      {"1e2", "100"},
      {"1.5E+3", "1500"},
      {"0.10", "0.1"},
      {"1.0", "1"},
      {"1.", "1"},
      {".5", "0.5"},
      {".123", "0.123"},
      {"0001.23", "1.23"},
      {"00042", "42"},
      {"1e-5", "0.00001"},
      {"-1e-5", "-0.00001"},
      {"12.5e-1", "1.25"},
      {"-17e5", "-1700000"},
      {"-17.4E37", "-174000000000000000000000000000000000000"},
      {"100.001", "100.001"},
      {"1230E-2", "12.3"},
      {"3.1415926535897932384626433832795028841", "3.1415926535897932384626433832795028841"},
      {"0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
       "0000000000000000000000000000000001e0",
       "0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
       "00000000000000000000000000000000001"},
  };
  for (const auto& [in, out] : table) {
    INFO(in);
    CHECK(canonical_number(in) == out);
  }
  // 1.5E125 is a 126-digit integer.
  CHECK(canonical_number("1.5E125") == "15" + std::string(124, '0'));
  CHECK(canonical_number("1e-130") == "0." + std::string(129, '0') + "1");
  CHECK(canonical_number("-1e-130") == "-0." + std::string(129, '0') + "1");
}

TEST_CASE("Number: limits that are accepted", "[number]") {
  for (const char* s :
       {"1e125", "9.99999999e125", "-9.99999999e125", "1e-100", "1e-130", "-1e-130",
        "9.9999999999999999999999999999999999999E+125", "31415926535897932384626433832795028841e30",
        "314159265358979323846.26433832795028841",
        // trailing and leading zeros are not significant
        "12345678901234567890123456789012345678000000", "0.00000012345678901234567890123456789012345678"}) {
    INFO(s);
    CHECK_NOTHROW(Number::parse(s));
  }
}

TEST_CASE("Number: invalid text", "[number]") {
  CHECK(parse_error("") == kNotANumber);
  for (const char* s :
       {"NaN",   "-NaN",  "Infinity", "-Infinity", "inf",   "dog",   "-dog", " 1", "1 ",  " ",
        "1 2",   "0x10",  "1e",       "1e+",       "e5",    ".",     "-",    "+",  "+-1", "--1",
        "1.2.3", "1e2.5", "1,5",      "１",        "1_000", "1e5e5", "\t1",  "1\n"}) {
    INFO(s);
    CHECK(parse_error(s) == kNotANumber + ": " + s);
  }
}

TEST_CASE("Number: range and precision errors", "[number]") {
  CHECK(parse_error("1e126") == kOverflow);
  CHECK(parse_error("-1e126") == kOverflow);
  CHECK(parse_error("11e125") == kOverflow);
  CHECK(parse_error("1e999999999999999999999") == kOverflow);
  CHECK(parse_error("1e-131") == kUnderflow);
  CHECK(parse_error("-1e-131") == kUnderflow);
  CHECK(parse_error("0.9e-130") == kUnderflow);
  CHECK(parse_error("1e-999999999999999999999") == kUnderflow);
  CHECK(parse_error("123456789012345678901234567890123456789") == kTooManyDigits);
  CHECK(parse_error("-1.23456789012345678901234567890123456789") == kTooManyDigits);
  CHECK(parse_error("3.14159265358979323846264338327950288419") == kTooManyDigits);
  CHECK(parse_error("314159265358979323846264338327950288419e30") == kTooManyDigits);
  // Magnitude is checked before precision, as DynamoDB does.
  CHECK(parse_error("123456789012345678901234567890123456789e200") == kOverflow);
}

TEST_CASE("Number: comparison", "[number]") {
  const char* ascending[] = {"-1e125", "-100",         "-99.5",  "-1",   "-0.5", "-0.05", "-1e-130", "0",
                             "1e-130", "0.001",        "0.0011", "0.01", "0.1",  "1",     "1.5",     "2",
                             "10",     "10.000000001", "11",     "99",   "100",  "1e125"};
  const int n = static_cast<int>(std::size(ascending));
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      INFO(ascending[i] << " vs " << ascending[j]);
      const int c = Number::parse(ascending[i]).compare(Number::parse(ascending[j]));
      CHECK((c < 0) == (i < j));
      CHECK((c == 0) == (i == j));
    }
  }
  CHECK(Number::parse("1") == Number::parse("1.000"));
  CHECK(Number::parse("-0") == Number::parse("0"));
  CHECK(Number::parse("100") == Number::parse("1e2"));
  CHECK(Number() == Number::parse("0"));
  CHECK(Number::parse("0").is_zero());
  CHECK(Number::parse("-3").negative());
  CHECK_FALSE(Number::parse("-0").negative());
}

TEST_CASE("Number: exact addition and subtraction", "[number]") {
  CHECK(sum("1", "10000000000000000000000") == "10000000000000000000001");
  CHECK(difference("10000000000000000000000", "1") == "9999999999999999999999");
  CHECK(sum("0.1", "0.2") == "0.3");
  CHECK(sum("-0.1", "0.1") == "0");
  CHECK(sum("5", "-7") == "-2");
  CHECK(difference("-5", "-7") == "2");
  CHECK(difference("0", "3") == "-3");
  CHECK(difference("3", "0") == "3");
  CHECK(sum("0", "0") == "0");
  CHECK(sum("1.5", "1.5") == "3");
  CHECK(sum("999", "1") == "1000");
  CHECK(difference("1000", "1") == "999");
  CHECK(sum("1e125", "1e125") == "2" + std::string(125, '0'));
  CHECK(sum("1e-130", "1e-130") == "0." + std::string(129, '0') + "2");
  CHECK(sum("12345678901234567890123456789012345678", "1") == "12345678901234567890123456789012345679");
  CHECK(sum("1e20", "1e-17") == "100000000000000000000.00000000000000001");
}

TEST_CASE("Number: arithmetic overflow, underflow and precision loss", "[number]") {
  CHECK(add_error("9e125", "9e125") == kOverflow);
  CHECK(add_error("9e125", "-9e125", true) == kOverflow);
  CHECK(add_error("-9e125", "-9e125") == kOverflow);
  // More than 38 digits would be needed: DynamoDB refuses rather than
  // rounding, and calls it an overflow (observed against the service).
  CHECK(add_error("1e50", "1") == kOverflow);
  CHECK(add_error("1e50", "1", true) == kOverflow);
  CHECK(add_error("99999999999999999999999999999999999999", "0.1") == kOverflow);
  // A difference below the smallest magnitude.
  CHECK(add_error("1.1e-129", "1e-129", true) == "<accepted>");
  CHECK(difference("1.1e-129", "1e-129") == "0." + std::string(129, '0') + "1");
}

TEST_CASE("Number: key bytes round trip and order", "[number]") {
  const char* ascending[] = {"-9.9999999999999999999999999999999999999E+125",
                             "-1e125",
                             "-101",
                             "-100",
                             "-99.5",
                             "-10.5",
                             "-10",
                             "-1.05",
                             "-1",
                             "-0.5",
                             "-0.05",
                             "-1e-130",
                             "0",
                             "1e-130",
                             "0.001",
                             "0.0011",
                             "0.01",
                             "0.1",
                             "1",
                             "1.05",
                             "1.5",
                             "2",
                             "10",
                             "10.000000001",
                             "11",
                             "99",
                             "100",
                             "101",
                             "1e125",
                             "9.9999999999999999999999999999999999999E+125"};
  std::string previous;
  for (const char* s : ascending) {
    INFO(s);
    const Number n = Number::parse(s);
    const std::string k = n.key_bytes();
    CHECK(previous < k);
    previous = k;
    std::string_view in = k;
    CHECK(Number::from_key_bytes(in) == n);
    CHECK(in.empty());
  }
}

TEST_CASE("Number: malformed key bytes", "[number]") {
  for (std::string bad : {std::string(), std::string("\x04", 1), std::string("\x03", 1),
                          std::string("\x03\x81\x0b", 3) /* no terminator */,
                          std::string("\x03\x81\x70\x00", 4) /* pair byte > 100 */}) {
    std::string_view in = bad;
    CHECK_THROWS_AS(Number::from_key_bytes(in), Error);
  }
}
