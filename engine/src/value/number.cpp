// Number: exact decimal with DynamoDB's limits. See number.h.
//
// Representation: value = (-1)^negative * 0.d1d2...dn * 10^exponent, where
// d1 and dn are non-zero (no leading or trailing zeros), and zero has no
// digits. With this form the magnitude limits are simple bounds on the
// exponent: 1E-130 is 0.1E-129 and 9.99..E+125 is 0.999..E+126.
#include "dynamo_items/number.h"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <limits>

#include "dynamo_items/error.h"

namespace dynamo_items {

namespace {

constexpr int kMaxDigits = 38;
constexpr int kMaxExponent = 126;   // 0.999..E+126 = 9.99..E+125
constexpr int kMinExponent = -129;  // 0.1E-129 = 1E-130

// Messages verbatim from DynamoDB (as recorded by dynalite's tests against the
// real service and by DynamoDB Local's ErrorFactory).
constexpr const char* kNotANumber = "The parameter cannot be converted to a numeric value";
constexpr const char* kTooManyDigits = "Attempting to store more than 38 significant digits in a Number";
constexpr const char* kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr const char* kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

[[noreturn]] void throw_not_a_number(std::string_view text) {
  if (text.empty()) throw Error::validation(kNotANumber);
  std::string m = kNotANumber;
  m += ": ";
  m += text;
  throw Error::validation(std::move(m));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Number Number::parse(std::string_view text) {
  std::size_t i = 0, n = text.size();
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';

  // Mantissa: digits [ '.' digits ] with at least one digit overall.
  std::string digits;
  digits.reserve(std::min<std::size_t>(n, 64));
  long long point_exponent = 0;  // exponent of 0.d1d2... before the e-part
  bool seen_digit = false, seen_point = false, seen_nonzero = false;
  for (; i < n; ++i) {
    char c = text[i];
    if (is_digit(c)) {
      seen_digit = true;
      if (c == '0' && !seen_nonzero) {
        // A leading zero: before the point it is insignificant; after the
        // point it shifts the value one place right.
        if (seen_point) --point_exponent;
        continue;
      }
      seen_nonzero = true;
      digits.push_back(c);
      if (!seen_point) ++point_exponent;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) throw_not_a_number(text);

  long long exp_part = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i >= n || !is_digit(text[i])) throw_not_a_number(text);
    for (; i < n && is_digit(text[i]); ++i) {
      // Saturate: anything this large is out of range anyway.
      if (exp_part < 1'000'000'000LL) exp_part = exp_part * 10 + (text[i] - '0');
    }
    if (exp_negative) exp_part = -exp_part;
  }
  if (i != n) throw_not_a_number(text);

  Number r;
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  if (digits.empty()) return r;  // zero, whatever its sign or exponent

  long long exponent = point_exponent + exp_part;
  // Same order of checks as DynamoDB: magnitude first, then precision.
  if (exponent > kMaxExponent) throw Error::validation(kOverflow);
  if (exponent < kMinExponent) throw Error::validation(kUnderflow);
  if (digits.size() > static_cast<std::size_t>(kMaxDigits)) throw Error::validation(kTooManyDigits);
  r.negative_ = negative;
  r.digits_ = std::move(digits);
  r.exponent_ = static_cast<int>(exponent);
  return r;
}

std::string Number::to_string() const {
  if (digits_.empty()) return "0";
  std::string out;
  const int n = static_cast<int>(digits_.size());
  out.reserve(n + (exponent_ > 0 ? std::max(0, exponent_ - n) : 2 - exponent_) + 2);
  if (negative_) out.push_back('-');
  if (exponent_ <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent_), '0');
    out += digits_;
  } else if (exponent_ < n) {
    out.append(digits_, 0, static_cast<std::size_t>(exponent_));
    out.push_back('.');
    out.append(digits_, static_cast<std::size_t>(exponent_), std::string::npos);
  } else {
    out += digits_;
    out.append(static_cast<std::size_t>(exponent_ - n), '0');
  }
  return out;
}

// Key bytes grammar (do not change: these bytes are on disk):
//   negative : 0x01 ~(positive body of the magnitude)
//   zero     : 0x02
//   positive : 0x03 body
//   body     : exp_byte pair* 0x00
//   exp_byte : exponent + 129            (exponent in [-129, 126] -> [0, 255])
//   pair     : 1 + 10*d1 + d2            (two digits per byte, 1..100; an odd
//                                         last digit is padded with d2 = 0)
// Pair bytes are >= 1, so the 0x00 terminator sorts a shorter digit string
// (a smaller coefficient with the same exponent) first. Complementing the
// whole body for negatives reverses the order and turns the terminator into
// 0xFF, which no complemented pair byte (0x9B..0xFE) can equal.
namespace {
constexpr unsigned char kClassNegative = 0x01, kClassZero = 0x02, kClassPositive = 0x03;
constexpr int kExponentBias = 129;
}  // namespace

std::string Number::key_bytes() const {
  std::string out;
  if (digits_.empty()) {
    out.push_back(static_cast<char>(kClassZero));
    return out;
  }
  out.reserve(3 + (digits_.size() + 1) / 2);
  out.push_back(static_cast<char>(negative_ ? kClassNegative : kClassPositive));
  const unsigned char mask = negative_ ? 0xFF : 0x00;
  out.push_back(static_cast<char>(static_cast<unsigned char>(exponent_ + kExponentBias) ^ mask));
  for (std::size_t i = 0; i < digits_.size(); i += 2) {
    int d1 = digits_[i] - '0';
    int d2 = i + 1 < digits_.size() ? digits_[i + 1] - '0' : 0;
    out.push_back(static_cast<char>(static_cast<unsigned char>(1 + 10 * d1 + d2) ^ mask));
  }
  out.push_back(static_cast<char>(mask));  // terminator 0x00 (0xFF when negative)
  return out;
}

Number Number::from_key_bytes(std::string_view& in) {
  auto malformed = [] { return Error::internal("malformed number key bytes"); };
  if (in.empty()) throw malformed();
  const auto cls = static_cast<unsigned char>(in[0]);
  Number r;
  if (cls == kClassZero) {
    in.remove_prefix(1);
    return r;
  }
  if (cls != kClassNegative && cls != kClassPositive) throw malformed();
  const unsigned char mask = cls == kClassNegative ? 0xFF : 0x00;
  if (in.size() < 3) throw malformed();
  r.negative_ = cls == kClassNegative;
  r.exponent_ = static_cast<int>(static_cast<unsigned char>(in[1]) ^ mask) - kExponentBias;
  std::size_t i = 2;
  for (;; ++i) {
    if (i >= in.size()) throw malformed();
    const unsigned b = static_cast<unsigned char>(in[i]) ^ mask;
    if (b == 0) break;
    if (b > 100) throw malformed();
    r.digits_.push_back(static_cast<char>('0' + (b - 1) / 10));
    r.digits_.push_back(static_cast<char>('0' + (b - 1) % 10));
  }
  while (!r.digits_.empty() && r.digits_.back() == '0') r.digits_.pop_back();
  if (r.digits_.empty() || r.digits_[0] == '0') throw malformed();
  in.remove_prefix(i + 1);
  return r;
}

int Number::compare(const Number& other) const {
  // Sign class: -1 negative, 0 zero, +1 positive.
  const int a_cls = digits_.empty() ? 0 : (negative_ ? -1 : 1);
  const int b_cls = other.digits_.empty() ? 0 : (other.negative_ ? -1 : 1);
  if (a_cls != b_cls) return a_cls < b_cls ? -1 : 1;
  if (a_cls == 0) return 0;
  int magnitude;  // compare |this| with |other|
  if (exponent_ != other.exponent_) {
    magnitude = exponent_ < other.exponent_ ? -1 : 1;
  } else {
    // Same exponent: 0.d1d2... digit strings compare lexicographically, a
    // proper prefix being smaller because the longer one has more non-zero
    // digits after it.
    const int c = digits_.compare(other.digits_);
    magnitude = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return a_cls > 0 ? magnitude : -magnitude;
}

namespace {

using boost::multiprecision::cpp_int;

}  // namespace

Number Number::add(const Number& other) const {
  if (other.digits_.empty()) return *this;
  if (digits_.empty()) return other;

  // value = C * 10^(exponent - n): align both on the smaller power of ten.
  // Exponents are bounded (-129..126) and digits by 38, so the shift is at
  // most ~300 decimal digits: cheap for cpp_int, and no DoS via huge shifts.
  const int qa = exponent_ - static_cast<int>(digits_.size());
  const int qb = other.exponent_ - static_cast<int>(other.digits_.size());
  const int q = std::min(qa, qb);
  auto scaled = [q](const Number& x, int qx) {
    std::string s = x.digits_;
    s.append(static_cast<std::size_t>(qx - q), '0');
    cpp_int c(s);
    return x.negative_ ? cpp_int(-c) : c;
  };
  cpp_int sum = scaled(*this, qa) + scaled(other, qb);

  Number r;
  if (sum == 0) return r;
  r.negative_ = sum < 0;
  if (r.negative_) sum = -sum;
  std::string s = sum.str();
  std::size_t trailing = 0;
  while (trailing < s.size() && s[s.size() - 1 - trailing] == '0') ++trailing;
  s.resize(s.size() - trailing);
  const long long exponent =
      static_cast<long long>(q) + static_cast<long long>(trailing) + static_cast<long long>(s.size());
  if (exponent > kMaxExponent) throw Error::validation(kOverflow);
  if (exponent < kMinExponent) throw Error::validation(kUnderflow);
  // A result that needs more than 38 digits (1E+50 + 1): DynamoDB rejects it
  // rather than rounding, and reports it as an overflow (observed on the real
  // service; see ScyllaDB's test_update_expression_plus_imprecise).
  if (s.size() > static_cast<std::size_t>(kMaxDigits)) throw Error::validation(kOverflow);
  r.digits_ = std::move(s);
  r.exponent_ = static_cast<int>(exponent);
  return r;
}

Number Number::subtract(const Number& other) const {
  Number negated = other;
  if (!negated.digits_.empty()) negated.negative_ = !negated.negative_;
  return add(negated);
}

std::string canonical_number(std::string_view text) { return Number::parse(text).to_string(); }

}  // namespace dynamo_items
