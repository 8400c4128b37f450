#include "backups/recovery_log.h"

#include <chrono>
#include <map>
#include <optional>

#include "keys/key_codec.h"
#include "storage/item_codec.h"
#include "storage/layout.h"

namespace dynamo_items::backups {

namespace {

constexpr std::size_t kBatchBytes = 4 << 20;

// Entry value: 0x00 (the item did not exist) or 0x01 followed by its bytes,
// then the item key's suffix after the table's items prefix, and its length
// (u32) last, so neither part needs escaping.
std::string encode_entry(std::string_view key_suffix, const Item* old_item) {
  std::string v;
  if (old_item != nullptr) {
    v.push_back('\x01');
    storage::encode_item(*old_item, v);
  } else {
    v.push_back('\x00');
  }
  v.append(key_suffix);
  storage::append_u32(v, static_cast<std::uint32_t>(key_suffix.size()));
  return v;
}

struct Entry {
  std::string_view key_suffix;
  std::optional<std::string_view> old_item;
};

Entry decode_entry(std::string_view v) {
  std::uint32_t len = 0;
  for (std::size_t i = v.size() - 4; i < v.size(); ++i) len = len << 8 | static_cast<std::uint8_t>(v[i]);
  Entry e;
  e.key_suffix = v.substr(v.size() - 4 - len, len);
  if (v[0] == '\x01') e.old_item = v.substr(1, v.size() - 5 - len);
  return e;
}

}  // namespace

RecoveryLog::RecoveryLog(storage::Store& store)
    : store_(store),
      // Fresh after a restart too: entries of one millisecond stay unique.
      seq_(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count())) {}

std::uint64_t RecoveryLog::now_ms() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

void RecoveryLog::append(const catalog::TableSchema& table, std::string_view storage_key, const Item* old_item,
                         rocksdb::WriteBatch& batch) {
  const std::size_t prefix = storage::items_prefix(table.id).size();
  batch.Put(storage::history_key(table.id, now_ms(), seq_.fetch_add(1, std::memory_order_relaxed)),
            encode_entry(storage_key.substr(prefix), old_item));
}

std::int64_t RecoveryLog::restore(std::uint64_t table_id, std::uint64_t time_ms, std::uint64_t target_id,
                                  const std::function<void(std::string_view, rocksdb::WriteBatch&)>& each) const {
  // One snapshot for the history and the items, so no write falls between.
  auto snapshot = store_.snapshot();
  // Each item written after time_ms: its state at time_ms is what its first
  // later write replaced.
  std::map<std::string, std::optional<std::string>, std::less<>> earlier;
  {
    const std::string lower = storage::history_start(table_id, time_ms + 1);
    const std::string upper = storage::history_start(table_id + 1, 0);
    rocksdb::Slice lo(lower), hi(upper);
    auto it = store_.iterator(&lo, &hi, snapshot.get());
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const Entry e = decode_entry(it->value().ToStringView());
      if (earlier.count(e.key_suffix)) continue;
      earlier.emplace(std::string(e.key_suffix),
                      e.old_item ? std::optional<std::string>(std::string(*e.old_item)) : std::nullopt);
    }
  }
  const std::string from = storage::items_prefix(table_id);
  const std::string to = storage::items_prefix(target_id);
  rocksdb::WriteBatch batch;
  std::int64_t count = 0;
  std::string key;
  auto put = [&](std::string_view suffix, std::string_view stored) {
    key.assign(to);
    key.append(suffix);
    batch.Put(key, rocksdb::Slice(stored.data(), stored.size()));
    if (each) each(stored, batch);
    ++count;
    if (batch.GetDataSize() >= kBatchBytes) {
      store_.write(batch);
      batch.Clear();
    }
  };
  const std::string upper = keys::prefix_successor(from);
  rocksdb::Slice lo(from), hi(upper);
  auto it = store_.iterator(&lo, &hi, snapshot.get());
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view suffix = it->key().ToStringView().substr(from.size());
    if (earlier.count(suffix)) continue;
    put(suffix, it->value().ToStringView());
  }
  for (const auto& [suffix, stored] : earlier) {
    if (stored) put(suffix, *stored);
  }
  if (batch.Count() > 0) store_.write(batch);
  return count;
}

void RecoveryLog::prune(std::uint64_t table_id, std::uint64_t before_ms, rocksdb::WriteBatch& batch) {
  batch.DeleteRange(storage::history_start(table_id, 0), storage::history_start(table_id, before_ms));
}

void RecoveryLog::drop(std::uint64_t table_id, rocksdb::WriteBatch& batch) {
  batch.DeleteRange(storage::history_start(table_id, 0), storage::history_start(table_id + 1, 0));
}

}  // namespace dynamo_items::backups
