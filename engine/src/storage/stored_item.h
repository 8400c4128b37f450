// Stored items read without decoding: their DynamoDB JSON text and their
// DynamoDB size, computed straight from the stored bytes (item_codec.h).
// Reads that return whole items (GetItem, Query and Scan without a filter or
// projection) use these instead of building an Item map and then a JSON
// document from it, which was most of their cost.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dynamo_items::storage {

// Appends the item as DynamoDB JSON ({"name":{"S":"..."},...}), attributes
// in name order, byte for byte what json::encode_item and RapidJSON's Writer
// produce for the decoded item. Throws Error::internal on malformed bytes.
void append_stored_item_json(std::string_view stored, std::string& out);

// item_size() of the decoded item.
std::size_t stored_item_size(std::string_view stored);

}  // namespace dynamo_items::storage
