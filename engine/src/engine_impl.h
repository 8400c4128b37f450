// EngineImpl: what every operation works on: the store, the catalog, the
// per-key locks, the stream log and the TTL sweeper. Owned by Engine; lives as long as it does.
#pragma once

#include "backups/backup_store.h"
#include "backups/recovery_log.h"
#include "backups/snapshot_store.h"
#include "catalog/catalog.h"
#include "dynamo_items/engine.h"
#include "ops/client_tokens.h"
#include "storage/key_locks.h"
#include "storage/store.h"
#include "streams/stream_log.h"
#include "ttl_sweeper.h"

namespace dynamo_items {

class EngineImpl {
 public:
  explicit EngineImpl(const EngineOptions& options)
      : store(options.db_path, options.open_storage_on_first_write), catalog(store), backups(store, catalog), recovery(store), snapshots(store, catalog), streams(store), ttl(*this, options.ttl_sweep_interval) {}

  storage::Store store;
  catalog::Catalog catalog;
  backups::BackupStore backups;
  backups::RecoveryLog recovery;  // point-in-time recovery history
  backups::SnapshotStore snapshots;
  storage::KeyLocks locks;
  streams::StreamLog streams;
  ops::ClientTokens client_tokens;  // TransactWriteItems' ClientRequestToken
  // Last: its thread uses the members above, so it must stop first.
  TtlSweeper ttl;
};

}  // namespace dynamo_items
