// EngineImpl: what every operation works on: the store, the catalog and the
// per-key locks. Owned by Engine; lives as long as it does.
#pragma once

#include "catalog/catalog.h"
#include "dynamo_items/engine.h"
#include "storage/key_locks.h"
#include "storage/store.h"

namespace dynamo_items {

class EngineImpl {
 public:
  explicit EngineImpl(const EngineOptions& options) : store(options.db_path), catalog(store) {}

  storage::Store store;
  catalog::Catalog catalog;
  storage::KeyLocks locks;
};

}  // namespace dynamo_items
