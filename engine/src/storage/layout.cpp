#include "storage/layout.h"

#include "keys/key_codec.h"

namespace dynamo_items::storage {

void append_u32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

void append_u64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

std::uint64_t read_u64(std::string_view bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8 && i < bytes.size(); ++i) v = (v << 8) | static_cast<std::uint8_t>(bytes[i]);
  return v;
}

std::string catalog_prefix() { return std::string("\x00T", 2); }

std::string catalog_key(std::string_view table_name) {
  std::string k = catalog_prefix();
  k.append(table_name);
  return k;
}

std::string meta_key(std::string_view name) {
  std::string k("\x00M", 2);
  k.append(name);
  return k;
}

std::string history_start(std::uint64_t table_id, std::uint64_t time_ms) {
  std::string k(1, static_cast<char>(kHistorySpace));
  append_u64(k, table_id);
  append_u64(k, time_ms);
  return k;
}

std::string history_key(std::uint64_t table_id, std::uint64_t time_ms, std::uint64_t seq) {
  std::string k = history_start(table_id, time_ms);
  append_u64(k, seq);
  return k;
}

std::uint64_t history_time(std::string_view history_key) { return read_u64(history_key.substr(9)); }

std::string backup_prefix() { return std::string("\x00" "B", 2); }

std::string backup_key(std::uint64_t image_id) {
  std::string k = backup_prefix();
  append_u64(k, image_id);
  return k;
}

std::string snapshot_key(std::string_view name) {
  std::string k("\x00" "S", 2);
  k.append(name);
  return k;
}

std::string table_prefix(std::uint64_t table_id) {
  std::string k(1, '\x01');
  append_u64(k, table_id);
  return k;
}

std::string items_prefix(std::uint64_t table_id) {
  std::string k = table_prefix(table_id);
  k.push_back(static_cast<char>(kItemSpace));
  return k;
}

std::string partition_prefix(std::uint64_t table_id, const AttributeValue& pk) {
  std::string k = items_prefix(table_id);
  const std::string enc = keys::encode_key_component(pk);
  append_u32(k, keys::partition_hash(enc));
  k.append(enc);
  return k;
}

std::string item_key(std::uint64_t table_id, const AttributeValue& pk, const AttributeValue* sk) {
  std::string k = partition_prefix(table_id, pk);
  if (sk != nullptr) keys::append_key_component(k, *sk);
  return k;
}

std::string index_prefix(std::uint64_t table_id, std::uint8_t index_no) {
  std::string k = table_prefix(table_id);
  k.push_back(static_cast<char>(index_no));
  return k;
}

std::string index_partition_prefix(std::uint64_t table_id, std::uint8_t index_no, const KeyValues& ipk) {
  std::string k = index_prefix(table_id, index_no);
  std::string enc;
  for (const AttributeValue* v : ipk) keys::append_key_component(enc, *v);
  append_u32(k, keys::partition_hash(enc));
  k.append(enc);
  return k;
}

std::string index_entry_key(std::uint64_t table_id, std::uint8_t index_no, const KeyValues& ipk,
                            const KeyValues& isk, const AttributeValue& pk, const AttributeValue* sk) {
  std::string k = index_partition_prefix(table_id, index_no, ipk);
  for (const AttributeValue* v : isk) keys::append_key_component(k, *v);
  keys::append_key_component(k, pk);
  if (sk != nullptr) keys::append_key_component(k, *sk);
  return k;
}

std::string index_sort_prefix(std::uint64_t table_id, std::uint8_t index_no, const KeyValues& ipk,
                              const KeyValues& isk_prefix) {
  std::string k = index_partition_prefix(table_id, index_no, ipk);
  for (const AttributeValue* v : isk_prefix) keys::append_key_component(k, *v);
  return k;
}

std::string space_hash_start(std::string_view space_prefix, std::uint32_t hash_begin) {
  std::string k(space_prefix);
  append_u32(k, hash_begin);
  return k;
}

std::string index_hash_range_start(std::uint64_t table_id, std::uint8_t index_no, std::uint32_t hash_begin) {
  return space_hash_start(index_prefix(table_id, index_no), hash_begin);
}

std::string hash_range_start(std::uint64_t table_id, std::uint32_t hash_begin) {
  return space_hash_start(items_prefix(table_id), hash_begin);
}

std::uint32_t item_key_hash(std::uint64_t table_id, std::string_view item_key) {
  const std::size_t at = items_prefix(table_id).size();
  std::uint32_t hash = 0;
  for (std::size_t i = at; i < at + 4 && i < item_key.size(); ++i) {
    hash = (hash << 8) | static_cast<std::uint8_t>(item_key[i]);
  }
  return hash;
}

std::string stream_prefix(std::uint64_t stream_no) {
  std::string key(1, static_cast<char>(kStreamSpace));
  append_u64(key, stream_no);
  return key;
}

std::string stream_record_key(std::uint64_t stream_no, std::uint64_t seq) {
  std::string key = stream_prefix(stream_no);
  append_u64(key, seq);
  return key;
}

std::uint64_t stream_record_sequence(std::string_view record_key) { return read_u64(record_key.substr(9)); }

}  // namespace dynamo_items::storage
