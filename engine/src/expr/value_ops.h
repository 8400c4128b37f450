// Operations on attribute values shared by conditions, updates and the
// legacy comparison operators: ordering, containment, prefixes, sizes and
// the type names DynamoDB prints in messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items::expr {

// A set of attribute types, one bit per AttrType.
using TypeMask = std::uint16_t;
constexpr TypeMask type_bit(AttrType t) { return static_cast<TypeMask>(1u << static_cast<int>(t)); }
inline constexpr TypeMask kAllTypes = 0x3FF;
inline constexpr TypeMask kOrderedTypes =
    type_bit(AttrType::S) | type_bit(AttrType::N) | type_bit(AttrType::B);

// "S" for one type, "{...}" for several, as DynamoDB prints operand types.
std::string type_mask_text(TypeMask mask);

// S and B order by unsigned bytes, N numerically.
// REQUIRES: a and b have the same type, one of S, N, B.
int compare_ordered(const AttributeValue& a, const AttributeValue& b);

// contains(a, b): substring for S and B, membership for sets (SS with S,
// NS with N, BS with B) and element equality for lists; false otherwise.
bool value_contains(const AttributeValue& a, const AttributeValue& b);

// begins_with(a, b): same type, S or B, and a starts with b.
bool value_begins_with(const AttributeValue& a, const AttributeValue& b);

// size(): characters (UTF-16 code units, as DynamoDB counts them) of S,
// bytes of B, members of sets, elements of L and M; nullopt for N, BOOL, NULL.
std::optional<std::size_t> value_size(const AttributeValue& v);

// "STRING", "NUMBER", "BINARY", "BOOLEAN", "NULL", "MAP", "LIST",
// "STRING_SET", ... as in "operator: ADD, operand type: STRING".
const char* long_type_name(AttrType t);

// "AttributeValue: {S:abc}" as DynamoDB quotes values in BETWEEN errors.
std::string quoted_value(const AttributeValue& v);

}  // namespace dynamo_items::expr
