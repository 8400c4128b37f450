// Key encoding: S, N and B key values as byte strings whose unsigned
// lexicographic (memcmp) order equals DynamoDB's order for that type, so that
// sort-key ranges are RocksDB range scans.
//
// Grammar (one component):
//   S, B : escaped(bytes) 0x00 0x01      where escaped maps 0x00 -> 0x00 0xFF
//   N    : Number::key_bytes()            (sign class, exponent, digits, end)
// Every component is self-delimiting (no encoding is a proper prefix of
// another of the same type), so partition key and sort key can be
// concatenated and a partition's items form one contiguous range.
// Do not change: these bytes are on disk.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items::keys {

// REQUIRES: v.type() is S, N or B.
void append_key_component(std::string& out, const AttributeValue& v);
std::string encode_key_component(const AttributeValue& v);

// Decodes one component of the given type from the front of `in` and advances
// `in` past it. Throws Error::internal on malformed bytes.
AttributeValue decode_key_component(std::string_view& in, AttrType type);

// Smallest byte string greater than every string that starts with `prefix`
// (for exclusive upper bounds of prefix scans); empty when none exists.
std::string prefix_successor(std::string_view prefix);

// For begins_with on S/B sort keys: the encoded prefix (escaped bytes without
// the terminator) under which all encoded values starting with `prefix` sort.
std::string encode_begins_with_prefix(const AttributeValue& prefix);

// 32-bit hash of an encoded partition key, used to spread partitions (and to
// cut parallel-scan segments). Stable forever: it is part of the on-disk key.
std::uint32_t partition_hash(std::string_view encoded_partition_key);

}  // namespace dynamo_items::keys
