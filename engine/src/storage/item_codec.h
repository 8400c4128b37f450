// Item codec: the compact binary form in which items are stored as RocksDB
// values. Faster and smaller than JSON; never leaves the process.
//
// Grammar:
//   item   := varint(count) { varint(len) name value }*
//   value  := tag payload
//   tag    := 0 S | 1 N | 2 B | 3 BOOL | 4 NULL | 5 M | 6 L | 7 SS | 8 NS | 9 BS
//   S,N,B  := varint(len) bytes            (N: canonical number text)
//   BOOL   := 0x00 | 0x01
//   NULL   := (nothing)
//   M      := item
//   L      := varint(count) value*
//   SS,NS,BS := varint(count) { varint(len) bytes }*
// Do not change: these bytes are on disk.
#pragma once

#include <string>
#include <string_view>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items::storage {

void encode_item(const Item& item, std::string& out);
std::string encode_item(const Item& item);
// Throws Error::internal on malformed bytes.
Item decode_item(std::string_view bytes);

}  // namespace dynamo_items::storage
