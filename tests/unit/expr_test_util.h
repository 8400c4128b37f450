// Helpers shared by the expr_*_test.cpp files: short value constructors and
// "what error does this throw" wrappers.
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "dynamo_items/attribute_value.h"
#include "dynamo_items/error.h"
#include "expr/expressions.h"

namespace expr_test {

using dynamo_items::AttributeValue;
using dynamo_items::Error;
using dynamo_items::Item;
using Names = std::vector<std::pair<std::string, std::string>>;
using Values = std::vector<std::pair<std::string, AttributeValue>>;

inline AttributeValue S(std::string s) { return AttributeValue::string(std::move(s)); }
inline AttributeValue N(std::string s) { return AttributeValue::number(std::move(s)); }
inline AttributeValue B(std::string s) { return AttributeValue::binary(std::move(s)); }
inline AttributeValue BOOL(bool b) { return AttributeValue::boolean(b); }
inline AttributeValue NUL() { return AttributeValue::null(); }
inline AttributeValue L(dynamo_items::AttributeList l) { return AttributeValue::list(std::move(l)); }
inline AttributeValue M(dynamo_items::AttributeMap m) { return AttributeValue::map(std::move(m)); }
inline AttributeValue SS(std::vector<std::string> v) { return AttributeValue::string_set(std::move(v)); }
inline AttributeValue NS(std::vector<std::string> v) { return AttributeValue::number_set(std::move(v)); }
inline AttributeValue BS(std::vector<std::string> v) { return AttributeValue::binary_set(std::move(v)); }

// A readable rendering for comparisons in tests; set members sorted, since
// sets compare as sets.
inline std::string dump(const AttributeValue& v) {
  using dynamo_items::AttrType;
  std::string out = "{";
  out += dynamo_items::attr_type_name(v.type());
  out += ":";
  switch (v.type()) {
    case AttrType::S:
    case AttrType::N:
    case AttrType::B:
      out += "\"" + v.scalar() + "\"";
      break;
    case AttrType::BOOL:
      out += v.boolean_value() ? "true" : "false";
      break;
    case AttrType::NUL:
      out += "true";
      break;
    case AttrType::L:
      out += "[";
      for (const auto& e : v.list()) out += dump(e) + ",";
      out += "]";
      break;
    case AttrType::M:
      out += "{";
      for (const auto& [k, e] : v.map()) out += k + "=" + dump(e) + ",";
      out += "}";
      break;
    default: {
      std::vector<std::string> members = v.set();
      std::sort(members.begin(), members.end());
      out += "[";
      for (const auto& m : members) out += m + ",";
      out += "]";
    }
  }
  return out + "}";
}

inline std::string dump(const Item& item) { return dump(AttributeValue::map(item)); }

// The ValidationException message fn throws, or "<no error>".
inline std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    CHECK(e.type() == "ValidationException");
    return e.message();
  }
  return "<no error>";
}

inline std::string condition_error(const std::string& text, Names names = {}, Values values = {}) {
  return error_of([&] {
    dynamo_items::expr::ExpressionContext ctx(std::move(names), std::move(values));
    dynamo_items::expr::parse_condition(text, ctx);
  });
}

inline std::string update_error(const std::string& text, Names names = {}, Values values = {}) {
  return error_of([&] {
    dynamo_items::expr::ExpressionContext ctx(std::move(names), std::move(values));
    dynamo_items::expr::parse_update(text, ctx);
  });
}

inline std::string projection_error(const std::string& text, Names names = {}) {
  return error_of([&] {
    dynamo_items::expr::ExpressionContext ctx(std::move(names), {});
    dynamo_items::expr::parse_projection(text, ctx);
  });
}

}  // namespace expr_test
