#include "backups/snapshot_restore.h"

#include <chrono>
#include <set>

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "ops/stream_specification.h"

namespace dynamo_items::backups {

namespace {

void drop_table(EngineImpl& engine, const std::string& name) {
  try {
    engine.catalog.remove(name);
  } catch (const Error& e) {
    if (e.type() != "ResourceNotFoundException") throw;  // deleted meanwhile
  }
}

}  // namespace

void restore_tables(EngineImpl& target, const Snapshot& snapshot, const CopyImage& copy) {
  std::set<std::string> saved;
  for (const auto& t : snapshot.tables) saved.insert(t.table.name);
  if (snapshot.whole) {
    for (const std::string& name : target.catalog.names()) {
      if (!saved.count(name)) drop_table(target, name);
    }
  }
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  for (const auto& t : snapshot.tables) {
    catalog::TableSchema schema = t.table;
    schema.id = copy(t);
    const bool had_stream = schema.stream_enabled;
    schema.stream_enabled = false;
    schema.stream_no = 0;
    schema.stream_label.clear();
    if (schema.pitr_enabled) schema.pitr_enabled_time = now;
    drop_table(target, schema.name);
    try {
      target.catalog.create(std::move(schema), [&](catalog::TableSchema& draft, rocksdb::WriteBatch&) {
        if (had_stream) ops::start_stream(draft, draft.stream_view_type);
      });
    } catch (const Error& e) {
      if (e.type() != "ResourceInUseException") throw;
      throw Error::resource_in_use("Table " + t.table.name + " was created again while the snapshot was restored");
    }
  }
}

}  // namespace dynamo_items::backups
