// Snapshot spares (backups/snapshot_store.h): the copy a RestoreSnapshot
// publishes is made ahead in the background, taken by the restore, and made
// again for the next one; back-to-back restores each give the saved state;
// deleted snapshots and cancelled or crashed copies leave no keys behind; a
// persistent database keeps its spares across a restart.
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <string>
#include <thread>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dynamo_items/engine.h"
#include "engine_impl.h"
#include "engine_test_support.h"
#include "storage/layout.h"

using dynamo_items::Engine;
using dynamo_items::EngineImpl;
namespace storage = dynamo_items::storage;

namespace {

using dynamo_items::testing::run;
using dynamo_items::testing::TempDir;

std::unique_ptr<Engine> open(const std::string& path = {}) { return dynamo_items::testing::open_engine(path); }

void seed(Engine& e, int items) {
  run(e, "CreateTable",
      R"({"TableName":"tbl","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"AttributeDefinitions":[)"
      R"({"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"g","AttributeType":"S"}],)"
      R"("GlobalSecondaryIndexes":[{"IndexName":"by_g","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],)"
      R"("Projection":{"ProjectionType":"ALL"}}],"BillingMode":"PAY_PER_REQUEST"})");
  for (int i = 0; i < items; ++i) {
    run(e, "PutItem",
        R"({"TableName":"tbl","Item":{"pk":{"S":"item-)" + std::to_string(i) + R"("},"g":{"S":"g)" +
            std::to_string(i % 3) + R"("}}})");
  }
}

int count(Engine& e) { return run(e, "Scan", R"({"TableName":"tbl","Select":"COUNT"})")["Count"].GetInt(); }

int count_index(Engine& e, const char* g) {
  return run(e, "Query",
             std::string(R"({"TableName":"tbl","IndexName":"by_g","KeyConditionExpression":"g = :g",)") +
                 R"("ExpressionAttributeValues":{":g":{"S":")" + g + R"("}},"Select":"COUNT"})")["Count"]
      .GetInt();
}

void dirty(Engine& e) {
  run(e, "PutItem", R"({"TableName":"tbl","Item":{"pk":{"S":"dirty"},"g":{"S":"g0"}}})");
  run(e, "DeleteItem", R"({"TableName":"tbl","Key":{"pk":{"S":"item-1"}}})");
}

std::uint64_t table_id(Engine& e) { return e.impl().catalog.find("tbl")->id; }

dynamo_items::backups::SnapshotTable saved(Engine& e, const char* name) {
  auto entry = e.impl().snapshots.find(name);
  REQUIRE(entry);
  REQUIRE(entry->tables.size() == 1);
  return entry->tables[0];
}

// Waits (bounded) for the background copy; a spare that never comes fails.
std::uint64_t wait_for_spare(Engine& e, const char* name) {
  for (int i = 0; i < 3000; ++i) {
    if (auto id = saved(e, name).spare_id) return id;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("no spare was made for snapshot " << name);
  return 0;
}

// Every table id up to the catalog's next one that holds keys.
std::set<std::uint64_t> ids_with_keys(Engine& e) {
  EngineImpl& impl = e.impl();
  const std::uint64_t next = impl.catalog.reserve_id();
  std::set<std::uint64_t> out;
  for (std::uint64_t id = 0; id < next; ++id) {
    const std::string lower = storage::table_prefix(id), upper = storage::table_prefix(id + 1);
    rocksdb::Slice lo(lower), hi(upper);
    auto it = impl.store.iterator(&lo, &hi);
    it->SeekToFirst();
    if (it->Valid()) out.insert(id);
  }
  return out;
}

}  // namespace

TEST_CASE("a restore publishes the spare made in the background, and another is made", "[snapshots]") {
  auto e = open();
  seed(*e, 60);
  run(*e, "CreateSnapshot", R"({"SnapshotName":"s"})");
  const std::uint64_t spare = wait_for_spare(*e, "s");
  CHECK(spare != saved(*e, "s").image_id);
  dirty(*e);
  CHECK(count(*e) == 60);
  CHECK(count_index(*e, "g0") == 21);

  run(*e, "RestoreSnapshot", R"({"SnapshotName":"s"})");
  CHECK(table_id(*e) == spare);
  CHECK(count(*e) == 60);
  CHECK(count_index(*e, "g0") == 20);
  CHECK(count_index(*e, "g1") == 20);
  CHECK(run(*e, "GetItem", R"({"TableName":"tbl","Key":{"pk":{"S":"item-1"}}})").HasMember("Item"));

  // Writes to the restored table touch neither the image nor the next spare.
  const std::uint64_t next = wait_for_spare(*e, "s");
  CHECK(next != spare);
  dirty(*e);
  run(*e, "RestoreSnapshot", R"({"SnapshotName":"s"})");
  CHECK(table_id(*e) == next);
  CHECK(count(*e) == 60);
  CHECK(count_index(*e, "g0") == 20);
}

TEST_CASE("back-to-back restores each give the saved state", "[snapshots]") {
  auto e = open();
  seed(*e, 200);
  run(*e, "CreateSnapshot", R"({"SnapshotName":"s"})");
  std::set<std::uint64_t> published;
  for (int round = 0; round < 6; ++round) {
    dirty(*e);
    run(*e, "RestoreSnapshot", R"({"SnapshotName":"s"})");
    CHECK(count(*e) == 200);
    CHECK(count_index(*e, "g2") == 66);
    CHECK(published.insert(table_id(*e)).second);  // never a copy used twice
  }
}

TEST_CASE("deleted and replaced snapshots leave no copies behind", "[snapshots]") {
  auto e = open();
  seed(*e, 300);
  run(*e, "CreateSnapshot", R"({"SnapshotName":"gone"})");
  run(*e, "DeleteSnapshot", R"({"SnapshotName":"gone"})");  // its spare is probably being made
  run(*e, "CreateSnapshot", R"({"SnapshotName":"s"})");
  run(*e, "CreateSnapshot", R"({"SnapshotName":"s"})");  // replaces the first "s"
  // The maker works in order: once the last "s" has its spare, the others'
  // copies are done and dropped.
  const std::uint64_t spare = wait_for_spare(*e, "s");
  CHECK(ids_with_keys(*e) == std::set<std::uint64_t>{table_id(*e), saved(*e, "s").image_id, spare});
  run(*e, "DeleteSnapshot", R"({"SnapshotName":"s"})");
  CHECK(ids_with_keys(*e) == std::set<std::uint64_t>{table_id(*e)});
}

TEST_CASE("closing the engine during a spare's copy leaves no partial copy", "[snapshots]") {
  TempDir dir;
  std::uint64_t live = 0, image = 0;
  {
    auto e = open(dir.path);
    seed(*e, 3000);
    run(*e, "CreateSnapshot", R"({"SnapshotName":"s"})");
    live = table_id(*e);
    image = saved(*e, "s").image_id;
  }  // closes at once, the copy cancelled or finished
  auto e = open(dir.path);
  const auto entry = saved(*e, "s");
  CHECK(entry.pending_id == 0);
  std::set<std::uint64_t> expected{live, image};
  if (entry.spare_id != 0) expected.insert(entry.spare_id);
  CHECK(ids_with_keys(*e) == expected);
  run(*e, "RestoreSnapshot", R"({"SnapshotName":"s"})");
  CHECK(count(*e) == 3000);
}

TEST_CASE("a persistent database keeps its spares and drops a crashed copy at open", "[snapshots]") {
  TempDir dir;
  std::uint64_t spare = 0, partial = 0;
  {
    auto e = open(dir.path);
    seed(*e, 50);
    run(*e, "CreateSnapshot", R"({"SnapshotName":"s"})");
    spare = wait_for_spare(*e, "s");
    // What a crash in the middle of a second table's copy leaves: an entry
    // naming the copy under way, and some of its keys.
    EngineImpl& impl = e->impl();
    partial = impl.catalog.reserve_id();
    rapidjson::Document entry;
    const auto raw = impl.store.get(storage::snapshot_key("s"));
    REQUIRE(raw);
    entry.Parse(raw->data(), raw->size());
    entry["tables"][0].AddMember("pending", partial, entry.GetAllocator());
    rapidjson::StringBuffer text;
    rapidjson::Writer<rapidjson::StringBuffer> writer(text);
    entry.Accept(writer);
    rocksdb::WriteBatch batch;
    batch.Put(storage::snapshot_key("s"), text.GetString());
    batch.Put(storage::table_prefix(partial) + "junk", "x");
    impl.store.write(batch);
  }
  auto e = open(dir.path);
  const auto entry = saved(*e, "s");
  CHECK(entry.pending_id == 0);
  CHECK(entry.spare_id == spare);
  CHECK(ids_with_keys(*e).count(partial) == 0);
  dirty(*e);
  run(*e, "RestoreSnapshot", R"({"SnapshotName":"s"})");
  CHECK(table_id(*e) == spare);
  CHECK(count(*e) == 50);
  CHECK(count_index(*e, "g1") == 17);
}
