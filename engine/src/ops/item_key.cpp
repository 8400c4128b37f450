#include "ops/item_key.h"

#include <optional>

#include "dynamo_items/error.h"
#include "storage/layout.h"

namespace dynamo_items::ops {

namespace {

constexpr const char* kSchemaMismatch = "The provided key element does not match the schema";

[[noreturn]] void schema_mismatch() { throw Error::validation(kSchemaMismatch); }

// The checks of a Key parameter, as values: storage_key_of_key throws the
// error, a start-key check prefixes its message.
std::optional<Error> empty_key_value(const catalog::KeyAttribute& k, const AttributeValue& v) {
  if ((v.type() == AttrType::S || v.type() == AttrType::B) && v.scalar().empty()) {
    return Error::validation(std::string("One or more parameter values are not valid. The AttributeValue for a key "
                                         "attribute cannot contain an empty ") +
                             (v.type() == AttrType::S ? "string" : "binary") + " value. Key: " + k.name);
  }
  return std::nullopt;
}

void check_not_empty(const catalog::KeyAttribute& k, const AttributeValue& v) {
  if (auto e = empty_key_value(k, v)) throw std::move(*e);
}

// DynamoDB's limits on key sizes (bytes of the UTF-8 string or binary).
std::optional<Error> oversized_key(const AttributeValue& pk, const AttributeValue* sk) {
  auto size = [](const AttributeValue& v) { return v.scalar().size(); };
  if (size(pk) > 2048) {
    return Error::validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
                             "size limit of2048 bytes");
  }
  if (sk != nullptr && size(*sk) > 1024) {
    return Error::validation("One or more parameter values were invalid: Aggregated size of all range keys has "
                             "exceeded the size limit of 1024 bytes");
  }
  return std::nullopt;
}

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

}  // namespace

std::string storage_key_of_item(const catalog::TableSchema& table, const Item& item, KeyMessages messages) {
  const AttributeValue& pk = item_key_part(table.hash, item, messages);
  const AttributeValue* sk = table.range ? &item_key_part(*table.range, item, messages) : nullptr;
  if (auto e = oversized_key(pk, sk)) throw std::move(*e);
  return storage::item_key(table.id, pk, sk);
}

Result<std::string> checked_storage_key_of_key(const catalog::TableSchema& table, const Item& key) {
  if (key.size() != (table.range ? 2u : 1u)) return Error::validation(kSchemaMismatch);
  const AttributeValue* parts[2] = {nullptr, nullptr};
  const catalog::KeyAttribute* attrs[2] = {&table.hash, table.range ? &*table.range : nullptr};
  for (int i = 0; i < 2 && attrs[i] != nullptr; ++i) {
    auto it = key.find(attrs[i]->name);
    if (it == key.end() || it->second.type() != attrs[i]->type) return Error::validation(kSchemaMismatch);
    if (auto e = empty_key_value(*attrs[i], it->second)) return std::move(*e);
    parts[i] = &it->second;
  }
  if (auto e = oversized_key(*parts[0], parts[1])) return std::move(*e);
  return storage::item_key(table.id, *parts[0], parts[1]);
}

std::string storage_key_of_key(const catalog::TableSchema& table, const Item& key) {
  Result<std::string> storage = checked_storage_key_of_key(table, key);
  if (!storage) throw storage.error();
  return std::move(storage).value();
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
