// JSON codec: DynamoDB JSON ({"S":"x"}, {"N":"1"}, {"M":{...}}, ...) to and
// from AttributeValue, with DynamoDB's validation and messages for malformed
// values (SerializationException for wrong JSON types, ValidationException for
// empty sets, duplicates, bad numbers, bad base64, nesting too deep, ...).
// Public: the server writes error items with it and the client marshals with
// it, so DynamoDB JSON has one implementation.
#pragma once

#include <string_view>

#include <rapidjson/document.h>

#include "dynamo_items/attribute_value.h"
#include "dynamo_items/result.h"

namespace dynamo_items::json {

// Throws Error with DynamoDB's type and message.
AttributeValue decode_value(const rapidjson::Value& v);
// An item / key / ExpressionAttributeValues map: a JSON object of values.
Item decode_item(const rapidjson::Value& v);
// The same with the error as a value, for callers that report it in their
// own words.
Result<Item> try_decode_item(const rapidjson::Value& v);

rapidjson::Value encode_value(const AttributeValue& v, rapidjson::Document::AllocatorType& a);
rapidjson::Value encode_item(const Item& item, rapidjson::Document::AllocatorType& a);

}  // namespace dynamo_items::json
