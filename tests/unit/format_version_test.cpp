// The on-disk format version: recorded in a new database, accepted on
// reopen, and a database of another version is refused with a clear error.
#include "storage/format_version.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "dynamo_items/engine.h"
#include "dynamo_items/error.h"
#include "engine_test_support.h"
#include "storage/layout.h"
#include "storage/store.h"

using namespace dynamo_items;

namespace {

using dynamo_items::testing::TempDir;

void put_version(storage::Store& store, std::uint64_t version) {
  rocksdb::WriteBatch batch;
  std::string value;
  storage::append_u64(value, version);
  batch.Put(storage::meta_key("format-version"), value);
  store.write(batch);
}

}  // namespace

TEST_CASE("a new database records the format version and reopens", "[format]") {
  TempDir dir;
  {
    storage::Store store(dir.path);
    auto found = store.get(storage::meta_key("format-version"));
    REQUIRE(found);
    CHECK(storage::read_u64(*found) == storage::kFormatVersion);
  }
  CHECK_NOTHROW(storage::Store(dir.path));
  CHECK(Engine::open({.db_path = dir.path}));
}

TEST_CASE("a database of another format version is refused at open", "[format]") {
  TempDir dir;
  {
    storage::Store store(dir.path);
    put_version(store, storage::kFormatVersion + 1);
  }
  auto opened = Engine::open({.db_path = dir.path});
  REQUIRE_FALSE(opened);
  const std::string message = opened.error().message();
  CHECK(message.find("on-disk format version " + std::to_string(storage::kFormatVersion + 1)) != std::string::npos);
  CHECK(message.find(dir.path) != std::string::npos);
  CHECK(message.find("reads format version " + std::to_string(storage::kFormatVersion)) != std::string::npos);
}

TEST_CASE("a database written before the version existed is version 1", "[format]") {
  TempDir dir;
  {
    storage::Store store(dir.path);
    rocksdb::WriteBatch batch;
    batch.Delete(storage::meta_key("format-version"));
    store.write(batch);
  }
  {
    storage::Store store(dir.path);
    CHECK(storage::read_u64(*store.get(storage::meta_key("format-version"))) == 1);
  }
}
