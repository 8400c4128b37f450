// Databases' named databases (databases.h): in-memory Engines cloned from a
// snapshot, kept by owner (the caller's key and region, or everyone) and name.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "dynamo_items/engine.h"
#include "dynamo_items/error.h"
#include "dynamo_items/server/databases.h"
#include "dynamo_items/snapshot_clone.h"

namespace dynamo_items::server {

namespace {

bool name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

// The rules (and DynamoDB's wording) of SnapshotName and TableName's pattern.
void check_name(std::string_view name, const char* path) {
  std::vector<std::string> errors;
  const std::string value = "Value '" + std::string(name) + "' at '" + path + "' failed to satisfy constraint: ";
  if (name.empty()) {
    errors.push_back(value + "Member must have length greater than or equal to 1");
  } else {
    for (char c : name) {
      if (!name_character(c)) {
        errors.push_back(value + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        break;
      }
    }
    if (name.size() > 255) errors.push_back(value + "Member must have length less than or equal to 255");
  }
  if (errors.empty()) return;
  std::string message = std::to_string(errors.size()) + " validation error" + (errors.size() > 1 ? "s" : "") +
                        " detected: ";
  for (std::size_t i = 0; i < errors.size(); ++i) message += (i ? "; " : "") + errors[i];
  throw Error::validation(message);
}

Error not_found(std::string_view name) {
  return Error("DatabaseNotFoundException", "Database not found: " + std::string(name));
}

double now_seconds() {
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  return static_cast<double>(static_cast<std::int64_t>(now * 1000)) / 1000.0;
}

}  // namespace

struct Databases::Named {
  struct Entry {
    std::shared_ptr<Engine> engine;
    DatabaseDescription description;
  };
  // owner + '/' + name: neither holds a '/' (owners are escaped, names checked).
  static std::string key(const std::string& owner, std::string_view name) {
    return owner + '/' + std::string(name);
  }
  mutable std::shared_mutex mutex;
  std::map<std::string, Entry, std::less<>> entries;

  // Closing an Engine waits for RocksDB's background flushes and compactions
  // (a fresh clone of 100,000 items has some running for a second or so), so
  // deleted databases are closed on a thread of their own, started with the
  // first DeleteDatabase and joined, closing what is left, with the
  // Databases: DeleteDatabase answers at once.
  ~Named() {
    {
      std::lock_guard lock(closing_mutex);
      stopping = true;
    }
    closing_ready.notify_one();
    if (closer.joinable()) closer.join();
  }
  void close_later(std::shared_ptr<Engine> engine) {
    {
      std::lock_guard lock(closing_mutex);
      to_close.push_back(std::move(engine));
      if (!closer.joinable()) closer = std::thread([this] { close_loop(); });
    }
    closing_ready.notify_one();
  }
  void close_loop() {
    std::unique_lock lock(closing_mutex);
    for (;;) {
      closing_ready.wait(lock, [&] { return stopping || !to_close.empty(); });
      if (to_close.empty()) return;  // stopping, nothing left
      std::vector<std::shared_ptr<Engine>> batch;
      batch.swap(to_close);
      lock.unlock();
      batch.clear();  // each Engine closes here, unless a request still holds it
      lock.lock();
    }
  }
  std::mutex closing_mutex;
  std::condition_variable closing_ready;
  std::vector<std::shared_ptr<Engine>> to_close;
  bool stopping = false;
  std::thread closer;
};

Databases::Databases() : named_(std::make_unique<Named>()) {}
Databases::~Databases() = default;

std::string Databases::owner(std::string_view access_key_id, std::string_view region) const {
  return database_directory_name(access_key_id, region);
}

DatabaseDescription Databases::create_database(std::string_view access_key_id, std::string_view region,
                                               std::string_view name, Engine& source,
                                               std::string_view from_snapshot) {
  check_name(name, "databaseName");
  if (!from_snapshot.empty()) check_name(from_snapshot, "fromSnapshot");
  const std::string key = Named::key(owner(access_key_id, region), name);
  const auto in_use = [&] { return Error::resource_in_use("Database already exists: " + std::string(name)); };
  {
    std::shared_lock lock(named_->mutex);
    if (named_->entries.count(key)) throw in_use();
  }
  // Cloned outside the lock: requests to other databases, and creations of
  // others, go on meanwhile. Always in memory, so deleting is instant.
  auto opened = Engine::open({});
  if (!opened) throw opened.error();
  std::shared_ptr<Engine> engine(std::move(opened.value()));
  DatabaseDescription description{std::string(name), std::string(from_snapshot), now_seconds(), {}, 0};
  if (!from_snapshot.empty()) {
    auto cloned = clone_snapshot(source, from_snapshot, *engine);
    if (!cloned) throw cloned.error();
    description.tables = std::move(cloned.value().tables);
    description.item_count = cloned.value().item_count;
  }
  std::unique_lock lock(named_->mutex);
  // Another request may have created the name while we cloned.
  if (!named_->entries.emplace(key, Named::Entry{engine, description}).second) throw in_use();
  return description;
}

DatabaseDescription Databases::delete_database(std::string_view access_key_id, std::string_view region,
                                               std::string_view name) {
  check_name(name, "databaseName");
  const std::string key = Named::key(owner(access_key_id, region), name);
  Named::Entry removed;
  {
    std::unique_lock lock(named_->mutex);
    auto it = named_->entries.find(key);
    if (it == named_->entries.end()) throw not_found(name);
    removed = std::move(it->second);
    named_->entries.erase(it);
  }
  // Closed on the closing thread (or by the last request still holding it).
  named_->close_later(std::move(removed.engine));
  return removed.description;
}

std::vector<DatabaseDescription> Databases::list_databases(std::string_view access_key_id,
                                                           std::string_view region) const {
  const std::string prefix = Named::key(owner(access_key_id, region), "");
  std::vector<DatabaseDescription> out;
  std::shared_lock lock(named_->mutex);
  for (auto it = named_->entries.lower_bound(prefix);
       it != named_->entries.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    out.push_back(it->second.description);
  }
  return out;
}

std::shared_ptr<Engine> Databases::named_database(std::string_view access_key_id, std::string_view region,
                                                  std::string_view name) const {
  check_name(name, "X-Dynamo-Items-Database");
  const std::string key = Named::key(owner(access_key_id, region), name);
  std::shared_lock lock(named_->mutex);
  auto it = named_->entries.find(key);
  if (it == named_->entries.end()) throw not_found(name);
  return it->second.engine;
}

}  // namespace dynamo_items::server
