#include "backups/image_copy.h"

#include "keys/key_codec.h"

namespace dynamo_items::backups {

namespace {

constexpr std::size_t kBatchBytes = 4 << 20;

bool copy(const storage::Store& source, const std::string& from, storage::Store& store, const std::string& to,
          const rocksdb::Snapshot* at,
          const std::function<void(std::string_view, std::string_view, rocksdb::WriteBatch&)>& each,
          const std::atomic<bool>* cancel) {
  const std::string upper = keys::prefix_successor(from);
  rocksdb::Slice lo(from), hi(upper);
  auto it = source.iterator(&lo, &hi, at);
  rocksdb::WriteBatch batch;
  std::string key;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view suffix = it->key().ToStringView().substr(from.size());
    key.assign(to);
    key.append(suffix);
    batch.Put(key, it->value());
    if (each) each(suffix, it->value().ToStringView(), batch);
    if (batch.GetDataSize() >= kBatchBytes) {
      store.write(batch);
      batch.Clear();
      if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return false;
    }
  }
  if (batch.Count() > 0) store.write(batch);
  return true;
}

}  // namespace

bool copy_keys(storage::Store& store, const std::string& from, const std::string& to, const rocksdb::Snapshot* at,
               const std::function<void(std::string_view, std::string_view, rocksdb::WriteBatch&)>& each,
               const std::atomic<bool>* cancel) {
  return copy(store, from, store, to, at, each, cancel);
}

void copy_keys_between(const storage::Store& source, const std::string& from, storage::Store& target,
                       const std::string& to, const rocksdb::Snapshot* at) {
  copy(source, from, target, to, at, {}, nullptr);
}

}  // namespace dynamo_items::backups
