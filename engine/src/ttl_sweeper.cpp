#include "ttl_sweeper.h"

#include <cstdlib>
#include <vector>

#include "engine_impl.h"
#include "keys/key_codec.h"
#include "ops/item_write.h"
#include "storage/item_codec.h"
#include "storage/layout.h"

namespace dynamo_items {

namespace {

constexpr double kFiveYears = 5.0 * 365 * 24 * 3600;

bool expired(const Item& item, const std::string& attribute, double now) {
  auto it = item.find(attribute);
  if (it == item.end() || it->second.type() != AttrType::N) return false;
  const double at = std::strtod(it->second.scalar().c_str(), nullptr);
  return at <= now && at >= now - kFiveYears;
}

}  // namespace

TtlSweeper::TtlSweeper(EngineImpl& engine, std::chrono::milliseconds interval) : engine_(engine), interval_(interval) {
  if (interval_.count() > 0) thread_ = std::thread([this] { run(); });
}

TtlSweeper::~TtlSweeper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TtlSweeper::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    try {
      sweep_once(now);
    } catch (...) {
      // A failed pass is retried at the next interval; the engine keeps serving.
    }
    lock.lock();
  }
}

std::size_t TtlSweeper::sweep_once(double now) {
  std::size_t deleted = 0;
  for (const auto& name : engine_.catalog.names()) {
    catalog::SchemaPtr table = engine_.catalog.find(name);
    if (table && table->pitr_enabled && now - pruned_[table->id] >= 3600) {
      pruned_[table->id] = now;
      rocksdb::WriteBatch batch;
      backups::RecoveryLog::prune(table->id, static_cast<std::uint64_t>((now - table->pitr_recovery_days * 86400.0) * 1000),
                                  batch);
      engine_.store.write(batch);
    }
    if (!table || table->ttl_attribute.empty()) continue;
    std::vector<std::string> candidates;
    {
      const std::string lower = storage::items_prefix(table->id);
      const std::string upper = keys::prefix_successor(lower);
      rocksdb::Slice lo(lower), hi(upper);
      auto it = engine_.store.iterator(&lo, &hi);
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        if (expired(storage::decode_item(it->value().ToStringView()), table->ttl_attribute, now)) {
          candidates.push_back(it->key().ToString());
        }
      }
    }
    const streams::TtlDeletionScope by_ttl;  // stream records name the service
    for (const auto& key : candidates) {
      auto outcome = ops::write_item(engine_, *table, key, [&](const Item* current) -> std::optional<Item> {
        if (current != nullptr && !expired(*current, table->ttl_attribute, now)) return *current;
        return std::nullopt;
      });
      if (outcome.old_item && !outcome.new_item) ++deleted;
    }
  }
  return deleted;
}

}  // namespace dynamo_items
