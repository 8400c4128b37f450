// Item size by the rules of the developer guide's "DynamoDB item sizes and
// formats" page; see item_size.h.
#include "value/item_size.h"

namespace dynamo_items {

namespace {

// Values hold canonical number text, so the significant digits are the
// digits of the text without the leading "0." / zeros of a fraction and
// without the trailing zeros of an integer.
std::size_t significant_digits(std::string_view canonical) {
  std::size_t first = std::string_view::npos, last = 0;
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    const char c = canonical[i];
    if (c >= '1' && c <= '9') {
      if (first == std::string_view::npos) first = i;
      last = i;
    }
  }
  if (first == std::string_view::npos) return 0;  // zero
  std::size_t n = last - first + 1;
  // A decimal point between the first and last significant digit is not a digit.
  const std::size_t point = canonical.find('.');
  if (point != std::string_view::npos && point > first && point < last) --n;
  return n;
}

}  // namespace

std::size_t number_size(std::string_view canonical) { return (significant_digits(canonical) + 1) / 2 + 1; }

std::size_t attribute_value_size(const AttributeValue& v) {
  switch (v.type()) {
    case AttrType::S:
    case AttrType::B:
      return v.scalar().size();
    case AttrType::N:
      return number_size(v.scalar());
    case AttrType::BOOL:
    case AttrType::NUL:
      return 1;
    case AttrType::M: {
      // 3 bytes for the map, 1 per element, plus names and values.
      std::size_t n = 3;
      for (const auto& [name, value] : v.map()) n += 1 + name.size() + attribute_value_size(value);
      return n;
    }
    case AttrType::L: {
      std::size_t n = 3;
      for (const auto& e : v.list()) n += 1 + attribute_value_size(e);
      return n;
    }
    case AttrType::SS:
    case AttrType::BS: {
      std::size_t n = 0;
      for (const auto& e : v.set()) n += e.size();
      return n;
    }
    case AttrType::NS: {
      std::size_t n = 0;
      for (const auto& e : v.set()) n += number_size(e);
      return n;
    }
  }
  return 0;
}

std::size_t item_size(const Item& item) {
  std::size_t n = 0;
  for (const auto& [name, value] : item) n += name.size() + attribute_value_size(value);
  return n;
}

}  // namespace dynamo_items
