#include "dynamo_items/server/databases.h"

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <shared_mutex>

#include "dynamo_items/engine.h"
#include "dynamo_items/error.h"

namespace dynamo_items::server {
namespace {

class SharedDatabase final : public Databases {
 public:
  explicit SharedDatabase(Engine& engine) : engine_(engine) {}
  Engine& database(std::string_view, std::string_view) override { return engine_; }

 protected:
  // One database for everyone, so one set of named databases too.
  std::string owner(std::string_view, std::string_view) const override { return {}; }

 private:
  Engine& engine_;
};

void append_escaped(std::string& out, std::string_view part) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : part) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '.';
    if (plain) {
      out += c;
    } else {
      auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
}

class PerKeyDatabases final : public Databases {
 public:
  PerKeyDatabases(std::string dir, std::function<void(Engine&)> on_open, EngineOptions options)
      : dir_(std::move(dir)), on_open_(std::move(on_open)), options_(std::move(options)), id_(next_id_++) {}

  Engine& database(std::string_view access_key_id, std::string_view region) override {
    // Nearly every request on a thread comes from the key before it: a
    // per-thread note of the last answer skips the map and its lock.
    thread_local struct {
      std::uint64_t owner = 0;
      std::string access_key_id, region;
      Engine* engine = nullptr;
    } last;
    if (last.owner == id_ && last.access_key_id == access_key_id && last.region == region) return *last.engine;
    Engine* engine = find_or_open(database_directory_name(access_key_id, region));
    last.owner = id_;
    last.access_key_id = access_key_id;
    last.region = region;
    last.engine = engine;
    return *engine;
  }

 private:
  Engine* find_or_open(const std::string& key) {
    {
      std::shared_lock lock(mu_);
      if (auto it = engines_.find(key); it != engines_.end()) return it->second.get();
    }
    std::unique_lock lock(mu_);
    if (auto it = engines_.find(key); it != engines_.end()) return it->second.get();
    EngineOptions options = options_;
    options.db_path = dir_.empty() ? std::string() : dir_ + "/" + key;
    auto opened = Engine::open(options);
    if (!opened) throw opened.error();
    Engine* engine = opened.value().get();
    if (on_open_) on_open_(*engine);
    engines_.emplace(key, std::move(opened.value()));
    return engine;
  }

  static inline std::atomic<std::uint64_t> next_id_{1};
  std::string dir_;
  std::function<void(Engine&)> on_open_;
  EngineOptions options_;
  std::uint64_t id_;  // never reused, unlike an address
  std::shared_mutex mu_;
  std::map<std::string, std::unique_ptr<Engine>, std::less<>> engines_;
};

}  // namespace

std::unique_ptr<Databases> shared_database(Engine& engine) { return std::make_unique<SharedDatabase>(engine); }

std::unique_ptr<Databases> per_key_databases(std::string dir, std::function<void(Engine&)> on_open,
                                             EngineOptions options) {
  return std::make_unique<PerKeyDatabases>(std::move(dir), std::move(on_open), std::move(options));
}

std::string database_directory_name(std::string_view access_key_id, std::string_view region) {
  std::string out;
  append_escaped(out, access_key_id);
  out += '_';
  append_escaped(out, region);
  return out;
}

}  // namespace dynamo_items::server
