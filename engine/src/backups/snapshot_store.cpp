#include "backups/snapshot_store.h"

#include <algorithm>
#include <chrono>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "backups/image_copy.h"
#include "dynamo_items/error.h"
#include "keys/key_codec.h"
#include "storage/layout.h"

namespace dynamo_items::backups {

namespace {

std::string serialize(const Snapshot& s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("created");
  w.Double(s.created);
  w.Key("whole");
  w.Bool(s.whole);
  w.Key("auto");
  w.Bool(s.automatic);
  w.Key("tables");
  w.StartArray();
  for (const auto& t : s.tables) {
    w.StartObject();
    w.Key("image");
    w.Uint64(t.image_id);
    w.Key("items");
    w.Int64(t.item_count);
    const std::string schema = catalog::serialize_schema(t.table);
    w.Key("schema");
    w.String(schema.c_str(), static_cast<rapidjson::SizeType>(schema.size()));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

Snapshot parse(std::string_view name, std::string_view json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  Snapshot s;
  s.name = std::string(name);
  s.created = d["created"].GetDouble();
  s.whole = d["whole"].GetBool();
  s.automatic = d.HasMember("auto") && d["auto"].GetBool();
  for (const auto& t : d["tables"].GetArray()) {
    s.tables.push_back({t["image"].GetUint64(), t["items"].GetInt64(),
                        catalog::parse_schema({t["schema"].GetString(), t["schema"].GetStringLength()})});
  }
  return s;
}

}  // namespace

SnapshotStore::SnapshotStore(storage::Store& store, catalog::Catalog& catalog) : store_(store), catalog_(catalog) {}

Snapshot SnapshotStore::create(std::string name, const std::vector<std::string>& tables) {
  Snapshot s;
  s.name = std::move(name);
  s.whole = tables.empty();
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  s.created = static_cast<double>(static_cast<std::int64_t>(now * 1000)) / 1000.0;
  std::vector<catalog::SchemaPtr> sources;
  for (const std::string& t : s.whole ? catalog_.names() : tables) {
    catalog::SchemaPtr schema = catalog_.find(t);
    if (schema == nullptr) throw Error::resource_not_found("Requested resource not found: Table: " + t + " not found");
    sources.push_back(std::move(schema));
  }
  // One RocksDB snapshot for every table: the saved tables are one moment.
  auto at = store_.snapshot();
  for (const auto& source : sources) {
    SnapshotTable saved{catalog_.reserve_id(), 0, *source};
    // Item keys are the table's item space (index entries follow in theirs).
    const char item_space = static_cast<char>(storage::kItemSpace);
    copy_keys(store_, storage::table_prefix(source->id), storage::table_prefix(saved.image_id), at.get(),
              [&](std::string_view suffix, std::string_view, rocksdb::WriteBatch&) {
                if (!suffix.empty() && suffix[0] == item_space) ++saved.item_count;
              });
    s.tables.push_back(std::move(saved));
  }
  std::lock_guard lock(mutex_);
  rocksdb::WriteBatch batch;
  if (auto old = store_.get(storage::snapshot_key(s.name))) drop_images(parse(s.name, *old), batch);
  batch.Put(storage::snapshot_key(s.name), serialize(s));
  store_.write(batch);
  return s;
}

std::optional<Snapshot> SnapshotStore::find(std::string_view name) const {
  auto value = store_.get(storage::snapshot_key(name));
  if (!value) return std::nullopt;
  return parse(name, *value);
}

std::vector<Snapshot> SnapshotStore::list() const {
  const std::string lower = storage::snapshot_key("");
  const std::string upper = keys::prefix_successor(lower);
  rocksdb::Slice lo(lower), hi(upper);
  auto it = store_.iterator(&lo, &hi);
  std::vector<Snapshot> out;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    out.push_back(parse(it->key().ToStringView().substr(lower.size()), it->value().ToStringView()));
  }
  return out;
}

bool SnapshotStore::remove(std::string_view name) {
  std::lock_guard lock(mutex_);
  auto value = store_.get(storage::snapshot_key(name));
  if (!value) return false;
  rocksdb::WriteBatch batch;
  drop_images(parse(name, *value), batch);
  batch.Delete(storage::snapshot_key(name));
  store_.write(batch);
  return true;
}

void SnapshotStore::adopt_deleted(const catalog::TableSchema& table, std::int64_t item_count,
                                  rocksdb::WriteBatch& batch) {
  std::lock_guard lock(mutex_);
  Snapshot s;
  s.name = deleted_name(table.name);
  s.whole = false;
  s.automatic = true;
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  s.created = static_cast<double>(static_cast<std::int64_t>(now * 1000)) / 1000.0;
  s.tables.push_back({table.id, item_count, table});
  std::vector<Snapshot> automatic;
  for (auto& old : list()) {
    if (old.name == s.name) {
      drop_images(old, batch);
    } else if (old.automatic) {
      automatic.push_back(std::move(old));
    }
  }
  // Oldest first out, keeping kMaxAutomatic with the new one.
  std::sort(automatic.begin(), automatic.end(), [](const Snapshot& a, const Snapshot& b) { return a.created < b.created; });
  for (std::size_t i = 0; i + kMaxAutomatic <= automatic.size(); ++i) {
    drop_images(automatic[i], batch);
    batch.Delete(storage::snapshot_key(automatic[i].name));
  }
  batch.Put(storage::snapshot_key(s.name), serialize(s));
}

void SnapshotStore::copy_into(const SnapshotTable& table, std::uint64_t target_id) const {
  copy_keys(store_, storage::table_prefix(table.image_id), storage::table_prefix(target_id));
}

void SnapshotStore::drop_images(const Snapshot& snapshot, rocksdb::WriteBatch& batch) const {
  for (const auto& t : snapshot.tables) {
    batch.DeleteRange(storage::table_prefix(t.image_id), storage::table_prefix(t.image_id + 1));
  }
}

}  // namespace dynamo_items::backups
