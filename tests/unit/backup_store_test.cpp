// BackupStore: a backup is a frozen image of the table's items under a
// reserved table id, listed in creation order, unaffected by later writes,
// restorable into another id, and dropped with its image; and the ARN suffix
// names its image id. The recovery log restores the items of any moment.
#include "backups/backup_store.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "backups/recovery_log.h"

#include "catalog/catalog.h"
#include "keys/key_codec.h"
#include "storage/item_codec.h"
#include "storage/layout.h"
#include "storage/store.h"

using namespace dynamo_items;

namespace {

catalog::TableSchema schema(std::string name) {
  catalog::TableSchema s;
  s.name = std::move(name);
  s.hash = {"pk", AttrType::S};
  s.attribute_definitions = {s.hash};
  return s;
}

void put(storage::Store& store, std::uint64_t table_id, const std::string& pk) {
  Item item;
  item.emplace("pk", AttributeValue::string(pk));
  rocksdb::WriteBatch batch;
  batch.Put(storage::item_key(table_id, item.at("pk"), nullptr), storage::encode_item(item));
  store.write(batch);
}

std::size_t count(storage::Store& store, std::uint64_t table_id) {
  const std::string lower = storage::items_prefix(table_id);
  const std::string upper = keys::prefix_successor(lower);
  rocksdb::Slice lo(lower), hi(upper);
  auto it = store.iterator(&lo, &hi);
  std::size_t n = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
  return n;
}

}  // namespace

TEST_CASE("a backup is a frozen image of the table's items") {
  storage::Store store("");
  catalog::Catalog catalog(store);
  backups::BackupStore backups(store, catalog);
  auto table = catalog.create(schema("src"));
  for (int i = 0; i < 10; ++i) put(store, table->id, "k" + std::to_string(i));

  backups::Backup first = backups.create(*table, "first");
  CHECK(first.item_count == 10);
  CHECK(first.size_bytes > 0);
  CHECK(first.image_id != table->id);
  put(store, table->id, "later");
  backups::Backup second = backups.create(*table, "second");
  CHECK(second.item_count == 11);
  CHECK(count(store, first.image_id) == 10);

  auto listed = backups.list();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].name == "first");
  CHECK(listed[1].name == "second");
  CHECK(listed[0].table.name == "src");

  SECTION("the ARN suffix names the image") {
    CHECK(backups::BackupStore::image_of(first.arn_suffix()) == first.image_id);
    CHECK_FALSE(backups::BackupStore::image_of("no-dash-here-xyz").has_value());
    CHECK_FALSE(backups::BackupStore::image_of("0123-zzzzzzzz").has_value());
  }

  SECTION("restoring copies the image into another id and sees every item") {
    const std::uint64_t target = catalog.reserve_id();
    CHECK(target > second.image_id);
    int seen = 0;
    backups.copy_into(first, target, [&](std::string_view stored, rocksdb::WriteBatch&) {
      CHECK(storage::decode_item(stored).count("pk") == 1);
      ++seen;
    });
    CHECK(seen == 10);
    CHECK(count(store, target) == 10);
  }

  SECTION("removing drops the entry and the image") {
    CHECK(backups.remove(first.image_id));
    CHECK_FALSE(backups.remove(first.image_id));
    CHECK_FALSE(backups.find(first.image_id).has_value());
    CHECK(count(store, first.image_id) == 0);
    CHECK(backups.list().size() == 1);
    CHECK(count(store, table->id) == 11);
  }
}

TEST_CASE("reserved ids are never given to a table") {
  storage::Store store("");
  catalog::Catalog catalog(store);
  const std::uint64_t reserved = catalog.reserve_id();
  auto table = catalog.create(schema("after"));
  CHECK(table->id == reserved + 1);
  catalog::TableSchema restored = schema("restored");
  restored.id = catalog.reserve_id();
  auto published = catalog.create(restored);
  CHECK(published->id == restored.id);
  CHECK(catalog.create(schema("next"))->id == restored.id + 1);
}

TEST_CASE("the recovery log gives back the items of a moment") {
  storage::Store store("");
  catalog::Catalog catalog(store);
  backups::RecoveryLog log(store);
  auto table = catalog.create(schema("pit"));
  auto write = [&](const std::string& pk, const char* v) {
    const std::string key = storage::item_key(table->id, AttributeValue::string(pk), nullptr);
    std::optional<std::string> before = store.get(key);
    std::optional<Item> old_item;
    if (before) old_item = storage::decode_item(*before);
    rocksdb::WriteBatch batch;
    log.append(*table, key, old_item ? &*old_item : nullptr, batch);
    if (v == nullptr) {
      batch.Delete(key);
    } else {
      Item item;
      item.emplace("pk", AttributeValue::string(pk));
      item.emplace("v", AttributeValue::string(v));
      batch.Put(key, storage::encode_item(item));
    }
    store.write(batch);
  };
  auto moment = [] {
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    const std::uint64_t t = backups::RecoveryLog::now_ms();
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    return t;
  };
  auto state_at = [&](std::uint64_t t) {
    const std::uint64_t target = catalog.reserve_id();
    std::map<std::string, std::string> out;
    log.restore(table->id, t, target, [&](std::string_view stored, rocksdb::WriteBatch&) {
      Item item = storage::decode_item(stored);
      out[item.at("pk").scalar()] = item.at("v").scalar();
    });
    CHECK(count(store, target) == out.size());
    return out;
  };

  write("a", "1");
  write("b", "1");
  const std::uint64_t t1 = moment();
  write("a", "2");
  write("a", "3");
  write("b", nullptr);
  write("c", "1");
  const std::uint64_t t2 = moment();
  write("c", nullptr);

  CHECK(state_at(t1) == std::map<std::string, std::string>{{"a", "1"}, {"b", "1"}});
  CHECK(state_at(t2) == std::map<std::string, std::string>{{"a", "3"}, {"c", "1"}});
  CHECK(state_at(backups::RecoveryLog::now_ms()) == std::map<std::string, std::string>{{"a", "3"}});

  SECTION("pruning forgets what is older") {
    rocksdb::WriteBatch batch;
    backups::RecoveryLog::drop(table->id, batch);
    store.write(batch);
    // Without history the items now are all there is.
    CHECK(state_at(t1) == std::map<std::string, std::string>{{"a", "3"}});
  }
}
