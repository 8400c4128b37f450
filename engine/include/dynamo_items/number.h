// Number: DynamoDB's N type as an exact decimal. It owns parsing (with
// DynamoDB's validation messages), the limits (38 significant digits,
// magnitudes from 1E-130 to 9.9999999999999999999999999999999999999E+125),
// canonical text, comparison, arithmetic (for SET a = a + :v and ADD) and the
// order-preserving key bytes used by the storage layer.
//
// The coefficient is held as decimal digits and an exponent, so values are
// exact; arithmetic uses Boost.Multiprecision's cpp_int for the aligned
// coefficients rather than a hand-written bignum.
//
// Intentionally copyable; immutable after construction; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace dynamo_items {

class Number {
 public:
  Number() = default;  // zero

  // Parses DynamoDB number text ("12", "-1.5e3", " 0012.50 " is rejected).
  // Throws Error::validation with DynamoDB's message when the text is not a
  // number, has more than 38 significant digits, or is out of range.
  static Number parse(std::string_view text);

  // Canonical DynamoDB form: no exponent, no leading/trailing zeros, "0" for
  // zero, "-" only for negatives ("1E+2" -> "100", "0.10" -> "0.1").
  std::string to_string() const;

  // Byte string whose unsigned lexicographic order equals numeric order.
  // Self-delimiting: no encoding is a proper prefix of another.
  std::string key_bytes() const;
  // Inverse of key_bytes; consumes the bytes it reads from `in`.
  // Throws Error::internal on malformed input.
  static Number from_key_bytes(std::string_view& in);

  int compare(const Number& other) const;  // <0, 0, >0
  bool is_zero() const { return digits_.empty(); }
  bool negative() const { return negative_; }

  // Exact results; throw Error::validation with DynamoDB's overflow /
  // underflow / precision messages when the result cannot be stored.
  Number add(const Number& other) const;
  Number subtract(const Number& other) const;

  friend bool operator==(const Number& a, const Number& b) { return a.compare(b) == 0; }
  friend bool operator<(const Number& a, const Number& b) { return a.compare(b) < 0; }

 private:
  bool negative_ = false;
  std::string digits_;  // significant digits '1'..'9' first and last, empty for zero
  int exponent_ = 0;    // value = 0.d1d2d3... * 10^exponent_
};

// Parse then canonicalize; throws like Number::parse.
std::string canonical_number(std::string_view text);

}  // namespace dynamo_items
