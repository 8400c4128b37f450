#include "ops/item_key.h"

#include "dynamo_items/error.h"
#include "storage/layout.h"

namespace dynamo_items::ops {

namespace {

void check_not_empty(const catalog::KeyAttribute& k, const AttributeValue& v) {
  if ((v.type() == AttrType::S || v.type() == AttrType::B) && v.scalar().empty()) {
    throw Error::validation(std::string("One or more parameter values are not valid. The AttributeValue for a key "
                                        "attribute cannot contain an empty ") +
                            (v.type() == AttrType::S ? "string" : "binary") + " value. Key: " + k.name);
  }
}

[[noreturn]] void schema_mismatch() { throw Error::validation("The provided key element does not match the schema"); }

const AttributeValue& item_key_part(const catalog::KeyAttribute& k, const Item& item, KeyMessages messages) {
  auto it = item.find(k.name);
  if (messages == KeyMessages::kSchemaMismatch && (it == item.end() || it->second.type() != k.type)) {
    schema_mismatch();
  }
  if (it == item.end()) {
    throw Error::validation("One or more parameter values were invalid: Missing the key " + k.name + " in the item");
  }
  if (it->second.type() != k.type) {
    throw Error::validation("One or more parameter values were invalid: Type mismatch for key " + k.name +
                            " expected: " + std::string(attr_type_name(k.type)) +
                            " actual: " + std::string(attr_type_name(it->second.type())));
  }
  check_not_empty(k, it->second);
  return it->second;
}

const AttributeValue& key_param_part(const catalog::KeyAttribute& k, const Item& key) {
  auto it = key.find(k.name);
  if (it == key.end() || it->second.type() != k.type) schema_mismatch();
  check_not_empty(k, it->second);
  return it->second;
}

// DynamoDB's limits on key sizes (bytes of the UTF-8 string or binary).
void check_key_sizes(const AttributeValue& pk, const AttributeValue* sk) {
  auto size = [](const AttributeValue& v) { return v.scalar().size(); };
  if (size(pk) > 2048) {
    throw Error::validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
                            "limit of2048 bytes");
  }
  if (sk != nullptr && size(*sk) > 1024) {
    throw Error::validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded "
                            "the size limit of 1024 bytes");
  }
}

}  // namespace

std::string storage_key_of_item(const catalog::TableSchema& table, const Item& item, KeyMessages messages) {
  const AttributeValue& pk = item_key_part(table.hash, item, messages);
  const AttributeValue* sk = table.range ? &item_key_part(*table.range, item, messages) : nullptr;
  check_key_sizes(pk, sk);
  return storage::item_key(table.id, pk, sk);
}

std::string storage_key_of_key(const catalog::TableSchema& table, const Item& key) {
  if (key.size() != (table.range ? 2u : 1u)) schema_mismatch();
  const AttributeValue& pk = key_param_part(table.hash, key);
  const AttributeValue* sk = table.range ? &key_param_part(*table.range, key) : nullptr;
  check_key_sizes(pk, sk);
  return storage::item_key(table.id, pk, sk);
}

Item key_of(const catalog::TableSchema& table, const Item& item) {
  Item key;
  if (auto it = item.find(table.hash.name); it != item.end()) key.emplace(it->first, it->second);
  if (table.range) {
    if (auto it = item.find(table.range->name); it != item.end()) key.emplace(it->first, it->second);
  }
  return key;
}

bool key_types_match(const catalog::TableSchema& table, const Item& item, bool exactly_the_key) {
  std::size_t found = 0;
  for (const catalog::KeyAttribute* k : {&table.hash, table.range ? &*table.range : nullptr}) {
    if (k == nullptr) continue;
    auto it = item.find(k->name);
    if (it == item.end() || it->second.type() != k->type) return false;
    ++found;
  }
  return !exactly_the_key || item.size() == found;
}

void check_attribute_name(std::string_view name) {
  constexpr std::size_t kMaxNameBytes = 65535;
  if (name.empty()) throw Error::validation("One or more parameter values were invalid: Empty attribute name");
  if (name.size() > kMaxNameBytes) {
    throw Error::validation(
        "One or more parameter values were invalid: Attribute name is too large, must be less than 65536 bytes");
  }
}

void check_attribute_names(const Item& item) {
  for (const auto& [name, value] : item) check_attribute_name(name);
}

}  // namespace dynamo_items::ops
