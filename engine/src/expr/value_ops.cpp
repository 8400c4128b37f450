#include "expr/value_ops.h"

#include <algorithm>
#include <string_view>

#include "dynamo_items/number.h"
#include "value/base64.h"

namespace dynamo_items::expr {

std::string type_mask_text(TypeMask mask) {
  // DynamoDB lists every type in this (hash) order.
  if (mask == kAllTypes) return "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";
  std::string out;
  int count = 0;
  for (int t = 0; t < 10; ++t) {
    if ((mask & (1u << t)) == 0) continue;
    if (count++ > 0) out += ",";
    out += attr_type_name(static_cast<AttrType>(t));
  }
  return count == 1 ? out : "{" + out + "}";
}

int compare_ordered(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttrType::N) {
    if (a.scalar() == b.scalar()) return 0;  // canonical text: equal numbers, equal text
    return Number::parse(a.scalar()).compare(Number::parse(b.scalar()));
  }
  // std::string compares chars with char_traits<char>, which compares as
  // unsigned char: UTF-8 byte order for S, unsigned byte order for B.
  const int c = a.scalar().compare(b.scalar());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool value_contains(const AttributeValue& a, const AttributeValue& b) {
  switch (a.type()) {
    case AttrType::S:
    case AttrType::B:
      return b.type() == a.type() && a.scalar().find(b.scalar()) != std::string::npos;
    case AttrType::L:
      return std::any_of(a.list().begin(), a.list().end(), [&](const AttributeValue& e) { return e == b; });
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS: {
      const AttrType member =
          a.type() == AttrType::SS ? AttrType::S : (a.type() == AttrType::NS ? AttrType::N : AttrType::B);
      if (b.type() != member) return false;
      return std::find(a.set().begin(), a.set().end(), b.scalar()) != a.set().end();
    }
    default:
      return false;
  }
}

bool value_begins_with(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type() || (a.type() != AttrType::S && a.type() != AttrType::B)) return false;
  return std::string_view(a.scalar()).substr(0, b.scalar().size()) == b.scalar();
}

std::optional<std::size_t> value_size(const AttributeValue& v) {
  switch (v.type()) {
    case AttrType::S: {
      std::size_t units = 0;
      for (unsigned char c : v.scalar()) {
        if ((c & 0xC0) != 0x80) ++units;  // a code point starts here
        if (c >= 0xF0) ++units;           // outside the BMP: a surrogate pair
      }
      return units;
    }
    case AttrType::B:
      return v.scalar().size();
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS:
      return v.set().size();
    case AttrType::L:
      return v.list().size();
    case AttrType::M:
      return v.map().size();
    default:
      return std::nullopt;
  }
}

const char* long_type_name(AttrType t) {
  switch (t) {
    case AttrType::S:
      return "STRING";
    case AttrType::N:
      return "NUMBER";
    case AttrType::B:
      return "BINARY";
    case AttrType::BOOL:
      return "BOOLEAN";
    case AttrType::NUL:
      return "NULL";
    case AttrType::M:
      return "MAP";
    case AttrType::L:
      return "LIST";
    case AttrType::SS:
      return "STRING_SET";
    case AttrType::NS:
      return "NUMBER_SET";
    case AttrType::BS:
      return "BINARY_SET";
  }
  return "?";
}

std::string quoted_value(const AttributeValue& v) {
  std::string out = "AttributeValue: {";
  out += attr_type_name(v.type());
  out += ":";
  switch (v.type()) {
    case AttrType::S:
    case AttrType::N:
      out += v.scalar();
      break;
    case AttrType::B:
      out += base64::encode(v.scalar());
      break;
    case AttrType::BOOL:
      out += v.boolean_value() ? "true" : "false";
      break;
    case AttrType::NUL:
      out += "true";
      break;
    default:
      break;
  }
  out += "}";
  return out;
}

}  // namespace dynamo_items::expr
