#include "storage/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include "dynamo_items/error.h"
#include "storage/format_version.h"

namespace dynamo_items::storage {

namespace {

// RocksDB's informational LOG, discarded: in memory it would be a file in the
// MemEnv that nobody can read, and writing it (every option, at open) is a
// measurable part of start-up.
class DiscardingLogger : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

rocksdb::Options make_options(rocksdb::Env* env) {
  rocksdb::Options options;
  options.create_if_missing = true;
  if (env != nullptr) {
    options.env = env;
    // In memory there is nothing to recover, so opening must not spawn
    // RocksDB's 16 table-loading threads (they start and exit at every open).
    options.max_file_opening_threads = 1;
    options.info_log = std::make_shared<DiscardingLogger>();
    // Nor anything to keep at close: without this RocksDB flushes the
    // memtables (written without a WAL) into the MemEnv it is about to free,
    // which made closing an in-memory database of 100,000 items (a
    // DeleteDatabase, a server's stop) take 0.1-0.7 s instead of a few ms.
    options.avoid_flush_during_shutdown = true;
  }
  // No periodic statistics dump: it would need RocksDB's timer thread, and
  // nobody reads the numbers.
  options.stats_dump_period_sec = 0;
  options.stats_persist_period_sec = 0;
  // An emulator's working sets are small: keep memory modest so many servers
  // can run side by side in test suites.
  // Reads merge every memtable and level-0 file, so under steady overwrites
  // fewer, smaller sorted runs keep them fast: 8 MB memtables (20,000 items
  // of 200 bytes still fit in one) and level 0 compacted at two files. With
  // 16 MB and the default of four, a 10-item Query after 600,000 overwrites
  // cost 39 us in process; with these 29 us, fresh reads unchanged
  // (bench_engine_get with BENCH_OVERWRITES).
  options.write_buffer_size = 8 << 20;
  options.max_write_buffer_number = 3;
  options.level0_file_num_compaction_trigger = 2;
  if (env != nullptr) {
    // In memory a compaction costs no I/O, so each flushed memtable is merged
    // into level 1 at once: one sorted run fewer for every read. bench/compare
    // side by side (medians of 4 runs, after the PutItem runs): Query 65.7 ->
    // 56.5 us of server CPU per request, PutItem 24.0 -> 24.5.
    options.level0_file_num_compaction_trigger = 1;
  }
  options.max_background_jobs = 2;
  options.max_open_files = 256;
  options.keep_log_file_num = 2;
  options.compression = rocksdb::kNoCompression;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(16 << 20);
  table.cache_index_and_filter_blocks = true;
  // Partitioned index: a point read or a short range scan loads one small
  // index partition instead of an SST's whole index block, which did not
  // stay cached at 10^6 items (bench/query_scaling: 750 KB -> 5 KB read per
  // 10-item Query, 91 -> 25 us median).
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.partition_filters = true;
  table.metadata_block_size = 4096;
  table.pin_top_level_index_and_filter = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  // Bloom filters let GetItem skip SSTs that cannot hold the key.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
  if (env != nullptr) {
    // In memory the files are RAM already: keep each file's whole index and
    // filter in its table reader rather than in the block cache, so a read
    // does no cache lookups (and their locks) for them. bench_engine_get
    // after 200,000 overwrites, medians of 5 interleaved runs: typed GetItem
    // 4.8 -> 4.2 us, a 10-item Query 27.3 -> 26.4 us.
    table.index_type = rocksdb::BlockBasedTableOptions::kBinarySearch;
    table.partition_filters = false;
    table.cache_index_and_filter_blocks = false;
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace

Store::Store(const std::string& path, bool open_on_first_write) : in_memory_(path.empty()), path_(path) {
  // Nothing to recover in memory, so the WAL would be pure overhead.
  if (in_memory_) write_options_.disableWAL = true;
  if (!in_memory_ || !open_on_first_write) open();
}

Store::~Store() {
  if (owned_ && !in_memory_) {
    owned_->FlushWAL(true);
    owned_->Close();
  }
  owned_.reset();
}

rocksdb::DB& Store::open() const {
  std::lock_guard lock(open_mu_);
  if (rocksdb::DB* db = db_.load(std::memory_order_acquire)) return *db;
  std::string db_path = path_;
  if (in_memory_) {
    mem_env_.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    db_path = "/dynamo-items-memory";
  }
  rocksdb::Options options = make_options(mem_env_.get());
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, db_path, &raw);
  if (!s.ok()) throw Error::internal("cannot open database at '" + db_path + "': " + s.ToString());
  owned_.reset(raw);
  db_.store(raw, std::memory_order_release);
  // Published first: its reads and writes take the opened path, not this lock.
  check_format_version(const_cast<Store&>(*this), in_memory_ ? "(memory)" : path_);
  return *raw;
}

std::optional<std::string> Store::get(std::string_view key) const {
  std::string value;
  if (!get(key, value)) return std::nullopt;
  return value;
}

bool Store::get(std::string_view key, std::string& value) const {
  rocksdb::DB* db = db_.load(std::memory_order_acquire);
  if (db == nullptr) return false;  // in memory, nothing written yet
  rocksdb::Status s = db->Get(read_options_, db->DefaultColumnFamily(), rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) throw Error::internal("read failed: " + s.ToString());
  return true;
}

void Store::write(rocksdb::WriteBatch& batch) {
  rocksdb::Status s = require().Write(write_options_, &batch);
  if (!s.ok()) throw Error::internal("write failed: " + s.ToString());
}

std::unique_ptr<rocksdb::Iterator> Store::iterator(const rocksdb::Slice* lower, const rocksdb::Slice* upper,
                                                  const rocksdb::Snapshot* at) const {
  rocksdb::DB* db = db_.load(std::memory_order_acquire);
  // A snapshot comes from an opened database; without one, nothing written yet.
  if (db == nullptr) return std::unique_ptr<rocksdb::Iterator>(rocksdb::NewEmptyIterator());
  rocksdb::ReadOptions options;
  options.iterate_lower_bound = lower;
  options.iterate_upper_bound = upper;
  options.snapshot = at;
  return std::unique_ptr<rocksdb::Iterator>(db->NewIterator(options));
}

std::shared_ptr<const rocksdb::Snapshot> Store::snapshot() const {
  rocksdb::DB* db = &require();
  return std::shared_ptr<const rocksdb::Snapshot>(db->GetSnapshot(),
                                                  [db](const rocksdb::Snapshot* s) { db->ReleaseSnapshot(s); });
}

void Store::flush() {
  if (in_memory_) return;
  rocksdb::DB& db = require();
  db.FlushWAL(true);
  db.Flush(rocksdb::FlushOptions());
}

}  // namespace dynamo_items::storage
