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
    if (t.spare_id != 0) {
      w.Key("spare");
      w.Uint64(t.spare_id);
    }
    if (t.pending_id != 0) {
      w.Key("pending");
      w.Uint64(t.pending_id);
    }
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
    SnapshotTable& saved = s.tables.emplace_back(SnapshotTable{
        t["image"].GetUint64(), t["items"].GetInt64(),
        catalog::parse_schema({t["schema"].GetString(), t["schema"].GetStringLength()})});
    if (t.HasMember("spare")) saved.spare_id = t["spare"].GetUint64();
    if (t.HasMember("pending")) saved.pending_id = t["pending"].GetUint64();
  }
  return s;
}

SnapshotTable* table_of(Snapshot& snapshot, std::uint64_t image_id) {
  for (auto& t : snapshot.tables) {
    if (t.image_id == image_id) return &t;
  }
  return nullptr;
}

void drop_range(std::uint64_t id, rocksdb::WriteBatch& batch) {
  batch.DeleteRange(storage::table_prefix(id), storage::table_prefix(id + 1));
}

}  // namespace

SnapshotStore::SnapshotStore(storage::Store& store, catalog::Catalog& catalog) : store_(store), catalog_(catalog) {
  drop_partial_spares();
}

SnapshotStore::~SnapshotStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cancel_ = true;
  spare_wanted_.notify_all();
  spare_done_.notify_all();
  if (spare_maker_.joinable()) spare_maker_.join();
}

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
  make_spares_later(s.name);
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

void SnapshotStore::drop_images(const Snapshot& snapshot, rocksdb::WriteBatch& batch) const {
  // A spare being made is dropped by its maker, which finds the entry gone.
  for (const auto& t : snapshot.tables) {
    drop_range(t.image_id, batch);
    if (t.spare_id != 0) drop_range(t.spare_id, batch);
  }
}

void SnapshotStore::write_entry(const Snapshot& snapshot) {
  rocksdb::WriteBatch batch;
  batch.Put(storage::snapshot_key(snapshot.name), serialize(snapshot));
  store_.write(batch);
}

// The spares of automatic snapshots (DeleteTable's) are made only once one is
// restored: a suite deleting many tables should not pay a copy for each.
void SnapshotStore::make_spares_later(std::string name) {
  if (stopping_) return;
  spares_wanted_.push_back(std::move(name));
  if (!spare_maker_.joinable()) spare_maker_ = std::thread([this] { spare_loop(); });
  spare_wanted_.notify_one();
}

void SnapshotStore::drop_partial_spares() {
  for (Snapshot& s : list()) {
    bool changed = false;
    rocksdb::WriteBatch batch;
    for (auto& t : s.tables) {
      if (t.pending_id == 0) continue;
      drop_range(t.pending_id, batch);
      t.pending_id = 0;
      changed = true;
    }
    if (!changed) continue;
    batch.Put(storage::snapshot_key(s.name), serialize(s));
    store_.write(batch);
  }
}

std::uint64_t SnapshotStore::take_copy(std::string_view name, const SnapshotTable& saved) {
  {
    std::unique_lock lock(mutex_);
    for (;;) {
      std::optional<Snapshot> entry = find(name);
      SnapshotTable* table = entry ? table_of(*entry, saved.image_id) : nullptr;
      if (table == nullptr) break;  // replaced meanwhile: copy the image we were given
      if (table->spare_id != 0) {
        // The entry no longer names it before the restore publishes it: a
        // crash in between leaks the copy, never shares it with a table.
        const std::uint64_t id = table->spare_id;
        table->spare_id = 0;
        write_entry(*entry);
        make_spares_later(std::string(name));
        return id;
      }
      if (table->pending_id == 0 || stopping_) break;
      spare_done_.wait(lock);
    }
  }
  const std::uint64_t id = catalog_.reserve_id();
  copy_keys(store_, storage::table_prefix(saved.image_id), storage::table_prefix(id));
  std::lock_guard lock(mutex_);
  make_spares_later(std::string(name));
  return id;
}

void SnapshotStore::spare_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    spare_wanted_.wait(lock, [&] { return stopping_ || !spares_wanted_.empty(); });
    if (stopping_) return;
    const std::string name = std::move(spares_wanted_.front());
    spares_wanted_.pop_front();
    lock.unlock();
    const std::uint64_t id = catalog_.reserve_id();  // unused ids are harmless
    lock.lock();
    std::optional<Snapshot> entry = find(name);
    if (!entry) continue;
    SnapshotTable* todo = nullptr;
    for (auto& t : entry->tables) {
      if (t.spare_id == 0 && t.pending_id == 0) {
        todo = &t;
        break;
      }
    }
    if (todo == nullptr) continue;
    const std::uint64_t image = todo->image_id;
    todo->pending_id = id;
    write_entry(*entry);
    spares_wanted_.push_front(name);  // its other tables next
    lock.unlock();
    const bool done = copy_keys(store_, storage::table_prefix(image), storage::table_prefix(id), nullptr, {}, &cancel_);
    lock.lock();
    // The entry may have been deleted or replaced while we copied.
    entry = find(name);
    SnapshotTable* table = entry ? table_of(*entry, image) : nullptr;
    const bool ours = table != nullptr && table->pending_id == id;
    rocksdb::WriteBatch batch;
    if (ours) {
      table->pending_id = 0;
      if (done) table->spare_id = id;
      batch.Put(storage::snapshot_key(name), serialize(*entry));
    }
    if (!ours || !done) drop_range(id, batch);
    store_.write(batch);
    spare_done_.notify_all();
  }
}

}  // namespace dynamo_items::backups
