// Item size by DynamoDB's rules: attribute name bytes plus value bytes, where
// numbers count about 1 byte per 2 significant digits plus 1, binaries their
// raw length, BOOL/NULL 1 byte, and M/L 3 bytes plus 1 per element plus the
// elements. Used for the 400 KB item limit and capacity units.
#pragma once

#include <cstddef>
#include <string_view>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items {

std::size_t attribute_value_size(const AttributeValue& v);
std::size_t item_size(const Item& item);
// The size of one N value (or NS element) from its canonical text.
std::size_t number_size(std::string_view canonical);

constexpr std::size_t kMaxItemSize = 400 * 1024;

}  // namespace dynamo_items
