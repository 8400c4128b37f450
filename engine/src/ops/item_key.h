// Item keys: checking an item's or a Key parameter's key attributes against
// the table's key schema (with DynamoDB's messages) and turning them into the
// storage key.
#pragma once

#include <string>
#include <string_view>

#include "catalog/table_schema.h"
#include "dynamo_items/attribute_value.h"
#include "dynamo_items/result.h"

namespace dynamo_items::ops {

// Attribute names: not empty and at most 65,535 bytes (DynamoDB's limit for
// names that are not keys; key names are held to 255 by the table's schema).
// Throws ValidationException.
void check_attribute_name(std::string_view name);
// The same for every top-level name of an item being written.
void check_attribute_names(const Item& item);

// PutItem names the missing or mistyped key attribute; BatchWriteItem only
// says the key does not match the schema.
enum class KeyMessages { kDetailed, kSchemaMismatch };

// For PutItem: the item must hold every key attribute with the right type.
std::string storage_key_of_item(const catalog::TableSchema& table, const Item& item,
                                KeyMessages messages = KeyMessages::kDetailed);

// For GetItem/DeleteItem/UpdateItem/BatchGet: the Key parameter must hold
// exactly the key attributes ("The provided key element does not match the schema").
std::string storage_key_of_key(const catalog::TableSchema& table, const Item& key);
// The same checks with the error as a value, for callers that report it in
// their own words (an ExclusiveStartKey prefixes the message).
Result<std::string> checked_storage_key_of_key(const catalog::TableSchema& table, const Item& key);

// Whether every key attribute is present with the table's type (a Key
// parameter: and nothing else). When it is and storage_key_of_* still throws,
// the problem is an empty value, which transactions refuse outright; any
// other key problem only cancels the transaction.
bool key_types_match(const catalog::TableSchema& table, const Item& item, bool exactly_the_key);

// The key attributes of a stored item.
Item key_of(const catalog::TableSchema& table, const Item& item);

}  // namespace dynamo_items::ops
