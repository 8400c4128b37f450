#include "storage/format_version.h"

#include <rocksdb/write_batch.h>

#include "dynamo_items/error.h"
#include "storage/layout.h"
#include "storage/store.h"

namespace dynamo_items::storage {

namespace {
constexpr std::string_view kFormatVersionKey = "format-version";
}  // namespace

void check_format_version(Store& store, const std::string& where) {
  const std::string key = meta_key(kFormatVersionKey);
  if (auto found = store.get(key)) {
    const std::uint64_t version = found->size() == 8 ? read_u64(*found) : 0;
    if (version == kFormatVersion) return;
    throw Error::internal("the database at '" + where + "' has on-disk format version " + std::to_string(version) +
                          "; this build of dynamo-items reads format version " + std::to_string(kFormatVersion) +
                          " only: open it with the dynamo-items that wrote it, or use another --db-path");
  }
  rocksdb::WriteBatch batch;
  std::string value;
  append_u64(value, kFormatVersion);
  batch.Put(key, value);
  store.write(batch);
}

}  // namespace dynamo_items::storage
