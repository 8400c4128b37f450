#include "backups/backup_store.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <rocksdb/write_batch.h>

#include "backups/image_copy.h"
#include "keys/key_codec.h"
#include "storage/layout.h"
#include "storage/stored_item.h"

namespace dynamo_items::backups {

namespace {

std::string serialize(const Backup& b) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("name");
  w.String(b.name.c_str(), static_cast<rapidjson::SizeType>(b.name.size()));
  w.Key("created");
  w.Double(b.created);
  w.Key("type");
  w.String(b.type.c_str(), static_cast<rapidjson::SizeType>(b.type.size()));
  w.Key("size");
  w.Int64(b.size_bytes);
  w.Key("items");
  w.Int64(b.item_count);
  const std::string table = catalog::serialize_schema(b.table);
  w.Key("table");
  w.String(table.c_str(), static_cast<rapidjson::SizeType>(table.size()));
  w.EndObject();
  return buf.GetString();
}

Backup parse(std::uint64_t image_id, std::string_view json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  Backup b;
  b.image_id = image_id;
  b.name = d["name"].GetString();
  b.created = d["created"].GetDouble();
  b.type = d["type"].GetString();
  b.size_bytes = d["size"].GetInt64();
  b.item_count = d["items"].GetInt64();
  b.table = catalog::parse_schema({d["table"].GetString(), d["table"].GetStringLength()});
  return b;
}

std::uint64_t image_id_of_key(std::string_view key) {
  return storage::read_u64(key.substr(storage::backup_prefix().size()));
}

}  // namespace

std::string Backup::arn_suffix() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%014" PRId64 "-%08" PRIx64, static_cast<std::int64_t>(created * 1000 + 0.5),
                image_id);
  return buf;
}

std::optional<std::uint64_t> BackupStore::image_of(std::string_view suffix) {
  const auto dash = suffix.rfind('-');
  if (dash == std::string_view::npos || dash == 0 || suffix.size() - dash - 1 != 8) return std::nullopt;
  std::uint64_t id = 0;
  for (char c : suffix.substr(dash + 1)) {
    int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (v < 0) return std::nullopt;
    id = id << 4 | static_cast<std::uint64_t>(v);
  }
  return id;
}

BackupStore::BackupStore(storage::Store& store, catalog::Catalog& catalog) : store_(store), catalog_(catalog) {}

Backup BackupStore::create(const catalog::TableSchema& table, std::string name, std::string type) {
  Backup b;
  b.image_id = catalog_.reserve_id();
  b.name = std::move(name);
  b.type = std::move(type);
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  b.created = static_cast<double>(static_cast<std::int64_t>(now * 1000)) / 1000.0;
  b.table = table;
  copy_keys(store_, storage::items_prefix(table.id), storage::items_prefix(b.image_id), nullptr,
            [&](std::string_view, std::string_view stored, rocksdb::WriteBatch&) {
               ++b.item_count;
               b.size_bytes += static_cast<std::int64_t>(storage::stored_item_size(stored));
             });
  // The entry last: a backup is listed only once its image is complete.
  std::lock_guard lock(mutex_);
  rocksdb::WriteBatch batch;
  batch.Put(storage::backup_key(b.image_id), serialize(b));
  store_.write(batch);
  return b;
}

std::optional<Backup> BackupStore::find(std::uint64_t image_id) const {
  auto value = store_.get(storage::backup_key(image_id));
  if (!value) return std::nullopt;
  return parse(image_id, *value);
}

std::vector<Backup> BackupStore::list() const {
  const std::string lower = storage::backup_prefix();
  const std::string upper = keys::prefix_successor(lower);
  rocksdb::Slice lo(lower), hi(upper);
  auto it = store_.iterator(&lo, &hi);
  std::vector<Backup> out;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    out.push_back(parse(image_id_of_key(it->key().ToStringView()), it->value().ToStringView()));
  }
  return out;
}

bool BackupStore::remove(std::uint64_t image_id) {
  std::lock_guard lock(mutex_);
  if (!store_.get(storage::backup_key(image_id))) return false;
  rocksdb::WriteBatch batch;
  batch.Delete(storage::backup_key(image_id));
  batch.DeleteRange(storage::table_prefix(image_id), storage::table_prefix(image_id + 1));
  store_.write(batch);
  return true;
}

void BackupStore::copy_into(const Backup& backup, std::uint64_t target_id,
                            const std::function<void(std::string_view, rocksdb::WriteBatch&)>& also) const {
  copy_keys(store_, storage::items_prefix(backup.image_id), storage::items_prefix(target_id), nullptr,
            [&](std::string_view, std::string_view stored, rocksdb::WriteBatch& batch) { also(stored, batch); });
}

}  // namespace dynamo_items::backups
