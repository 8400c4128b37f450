// Engine: an embedded DynamoDB. It owns a RocksDB database (on disk at
// options.db_path, or in memory when the path is empty), the table catalog and
// every DynamoDB operation.
//
// Usage:
//   auto engine = dynamo_items::Engine::open({});          // in memory
//   rapidjson::Document req; req.Parse(R"({"TableName":"t", ...})");
//   auto res = engine.value()->execute("PutItem", req);
//   if (!res) std::cerr << res.error().type() << ": " << res.error().message();
//
// Requests and responses are DynamoDB JSON 1.0 documents (already parsed: no
// JSON text is read on this path). The HTTP server calls execute_to(), the
// same operations writing their response as text, so in-process and
// over-the-wire behaviour are identical.
//
// Thread safety: every method may be called from any number of threads at
// once. Conditional writes, transactions and index upkeep are atomic with
// respect to each other.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "dynamo_items/attribute_value.h"
#include "dynamo_items/result.h"

namespace dynamo_items {

struct EngineOptions {
  std::string db_path;  // empty: in memory, gone when the engine closes
  // How often expired items (Time to Live) are looked for; 0 turns it off.
  std::chrono::milliseconds ttl_sweep_interval{1000};
  // In memory: open RocksDB at the first write instead of now (reads of a
  // database nothing was written to need none), so a server that is started
  // and only probed answers in a fraction of the time and memory. Only for an
  // engine destroyed before the program's static objects, not one held in a
  // static: RocksDB creates statics of its own when it opens, and those would
  // be gone before such an engine closes.
  bool open_storage_on_first_write = false;
};

// Who is asking, as the server learns it from the request (the SigV4
// credential scope of the Authorization header). ARNs, Streams records and
// similar answers carry these, so a client that builds ARNs itself finds ours
// equal to its own.
struct RequestContext {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
};

class EngineImpl;

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> open(const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs one DynamoDB operation, e.g. "CreateTable", "PutItem", on a parsed
  // request. Unknown operations give UnknownOperationException.
  Result<rapidjson::Document> execute(std::string_view operation, const rapidjson::Value& request,
                                      const RequestContext& context = {});
  // The same, for callers that only want the response as JSON text: appends
  // it to `out` (untouched on error). Items are written straight from their
  // stored bytes, without building a document for them, so reads of whole
  // items are several times cheaper than execute() plus a Writer. The HTTP
  // server uses this. Returns the response's length in bytes.
  Result<std::size_t> execute_to(std::string_view operation, const rapidjson::Value& request, std::string& out,
                                 const RequestContext& context = {});

  // Typed fast path for point reads (no JSON at all). Key holds the table's
  // key attributes. Returns nullopt when the item does not exist.
  Result<std::optional<Item>> get_item(std::string_view table, const Item& key);
  // Typed unconditional put.
  Result<bool> put_item(std::string_view table, Item item);

  // Named snapshots for test fixtures (dynamo-items' own API, also reachable
  // through execute() as CreateSnapshot, RestoreSnapshot, ListSnapshots and
  // DeleteSnapshot): saves every table, or `tables`, under `name` (replacing
  // a snapshot of that name), and puts them back as saved; restoring a
  // snapshot of every table also deletes the tables it does not hold.
  Result<bool> save_snapshot(std::string_view name, const std::vector<std::string>& tables = {});
  Result<bool> restore_snapshot(std::string_view name);
  Result<bool> delete_snapshot(std::string_view name);

  // Flushes memtables (persistent mode) so a restart does not replay the WAL.
  void flush();

  EngineImpl& impl() { return *impl_; }

 private:
  explicit Engine(std::unique_ptr<EngineImpl> impl);
  std::unique_ptr<EngineImpl> impl_;
};

}  // namespace dynamo_items
