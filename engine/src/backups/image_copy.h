// Copying a table's keys to another table id: what backups, restores and
// snapshots are made of. Keys keep their suffix after the prefix, so item
// keys, partition hashes and (for whole-table copies) index entries are
// valid under the new id unchanged.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include <rocksdb/write_batch.h>

#include "storage/store.h"

namespace dynamo_items::backups {

// Copies every key under `from` to the same suffix under `to`, in batches of
// a few MB, reading as of `at` (nullptr: one iterator's own view). `each`
// sees every key (its suffix after `from`) and value copied and may add to
// the batch it goes in. A copy made in the background passes `cancel`: once
// it is set, the copy stops between batches and returns false, leaving part of
// the keys under `to` for the caller to drop.
bool copy_keys(storage::Store& store, const std::string& from, const std::string& to,
               const rocksdb::Snapshot* at = nullptr,
               const std::function<void(std::string_view suffix, std::string_view value,
                                        rocksdb::WriteBatch&)>& each = {},
               const std::atomic<bool>* cancel = nullptr);

// The same from one engine's store into another's (a snapshot cloned into a
// named database): read from `source` as of `at`, written to `target`.
void copy_keys_between(const storage::Store& source, const std::string& from, storage::Store& target,
                       const std::string& to, const rocksdb::Snapshot* at);

}  // namespace dynamo_items::backups
