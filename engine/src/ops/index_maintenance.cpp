#include "ops/index_maintenance.h"

#include <algorithm>

#include "dynamo_items/error.h"
#include "storage/item_codec.h"
#include "storage/layout.h"

namespace dynamo_items::ops {

namespace {

const AttributeValue* attribute(const Item& item, const std::string& name) {
  auto it = item.find(name);
  return it == item.end() ? nullptr : &it->second;
}

// DynamoDB's per-attribute limits for index key values (bytes of the UTF-8
// string or the binary), as for a table's keys: 2048 for a HASH attribute,
// 1024 for a RANGE one; with multi-attribute keys each attribute has its own.
constexpr std::size_t kMaxIndexHashBytes = 2048;
constexpr std::size_t kMaxIndexRangeBytes = 1024;

void check_index_key(const catalog::IndexSchema& index, const catalog::KeyAttribute& key, const Item& item,
                     IndexKeyWrite how, std::size_t max_bytes) {
  const AttributeValue* v = attribute(item, key.name);
  if (v == nullptr) return;
  if (v->type() != key.type) {
    throw Error::validation("One or more parameter values were invalid: Type mismatch for Index Key " + key.name +
                            " Expected: " + std::string(attr_type_name(key.type)) +
                            " Actual: " + std::string(attr_type_name(v->type())) + " IndexName: " + index.name);
  }
  if ((v->type() == AttrType::S || v->type() == AttrType::B) && v->scalar().empty()) {
    const std::string kind = v->type() == AttrType::S ? "string" : "binary";
    if (how == IndexKeyWrite::kUpdate) {
      throw Error::validation(
          "One or more parameter values are not valid. The update expression attempted to update a secondary index "
          "key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty " +
          kind + " value.");
    }
    throw Error::validation(
        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
        "The AttributeValue for a key attribute cannot contain an empty " +
        std::string(v->type() == AttrType::S ? "string" : "binary") + " value. IndexName: " + index.name +
        ", IndexKey: " + key.name);
  }
  if (v->type() != AttrType::N && v->scalar().size() > max_bytes) {
    throw Error::validation("One or more parameter values were invalid: Size limit exceeded for Index Key " + key.name +
                            " Actual Size: " + std::to_string(v->scalar().size()) +
                            " bytes Max Size: " + std::to_string(max_bytes) + " bytes IndexName: " + index.name);
  }
}

}  // namespace

void check_index_keys(const catalog::TableSchema& table, const Item& item, IndexKeyWrite how) {
  // DynamoDB names the first offending index in name order (a GSI and an
  // LSI sharing a key attribute: the one whose name sorts first).
  std::vector<const catalog::IndexSchema*> by_name;
  by_name.reserve(table.indexes.size());
  for (const auto& index : table.indexes) by_name.push_back(&index);
  std::sort(by_name.begin(), by_name.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
  for (const catalog::IndexSchema* index : by_name) {
    for (const auto& key : index->hash_keys) check_index_key(*index, key, item, how, kMaxIndexHashBytes);
    for (const auto& key : index->range_keys) check_index_key(*index, key, item, how, kMaxIndexRangeBytes);
  }
}

bool has_index_key_type_mismatch(const catalog::TableSchema& table, const Item& item) {
  for (const auto& index : table.indexes) {
    for (const catalog::KeyAttribute* key : index.key_attributes()) {
      const AttributeValue* v = attribute(item, key->name);
      if (v != nullptr && v->type() != key->type) return true;
    }
  }
  return false;
}

std::optional<std::string> index_entry_key(const catalog::TableSchema& table, const catalog::IndexSchema& index,
                                           const Item& item) {
  // In the index only with every key attribute, each of its type.
  auto values = [&item](const std::vector<catalog::KeyAttribute>& keys, storage::KeyValues& out) {
    for (const auto& k : keys) {
      const AttributeValue* v = attribute(item, k.name);
      if (v == nullptr || v->type() != k.type) return false;
      out.push_back(v);
    }
    return true;
  };
  storage::KeyValues ipk, isk;
  if (!values(index.hash_keys, ipk) || !values(index.range_keys, isk)) return std::nullopt;
  const AttributeValue* pk = attribute(item, table.hash.name);
  const AttributeValue* sk = table.range ? attribute(item, table.range->name) : nullptr;
  if (pk == nullptr) return std::nullopt;
  return storage::index_entry_key(table.id, index.index_no, ipk, isk, *pk, sk);
}

Item project_for_index(const catalog::TableSchema& table, const catalog::IndexSchema& index, const Item& item) {
  if (index.projection.type == "ALL") return item;
  Item out;
  auto keep = [&](const std::string& name) {
    if (const AttributeValue* v = attribute(item, name)) out.emplace(name, *v);
  };
  keep(table.hash.name);
  if (table.range) keep(table.range->name);
  for (const catalog::KeyAttribute* k : index.key_attributes()) keep(k->name);
  for (const auto& name : index.projection.non_key_attributes) keep(name);
  return out;
}

void append_index_changes(const catalog::TableSchema& table, const Item* old_item, const Item* new_item,
                          rocksdb::WriteBatch& batch) {
  for (const auto& index : table.indexes) {
    std::optional<std::string> old_key = old_item ? index_entry_key(table, index, *old_item) : std::nullopt;
    std::optional<std::string> new_key = new_item ? index_entry_key(table, index, *new_item) : std::nullopt;
    if (old_key && old_key != new_key) batch.Delete(*old_key);
    if (new_key) batch.Put(*new_key, storage::encode_item(project_for_index(table, index, *new_item)));
  }
}

}  // namespace dynamo_items::ops
