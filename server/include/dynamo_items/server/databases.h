// Databases: which Engine a request's tables live in. DynamoDB Local keeps a
// separate database for each access key and region unless started with
// -sharedDb, so that two developers (or two test suites) on one endpoint do
// not see each other's tables; `serve` does the same unless --shared-db.
//
// Named databases, for tests that run at once: create_database clones a
// snapshot of the caller's database into a new in-memory Engine (always in
// memory, even when the server keeps its data on disk, so dropping one is
// instant), and a request carrying `X-Dynamo-Items-Database: NAME` runs there
// instead of in the caller's database. Names belong to the caller's access
// key and region (two keys may each have a database "t1"), or to everyone
// with --shared-db. The HTTP API is CreateDatabase, DeleteDatabase and
// ListDatabases under the target prefix DynamoItems_20261201 (router.h).
//
// Ownership: every Engine database() hands out lives as long as the
// Databases. A named database is shared: a request holds it while it runs, so
// delete_database during requests to it is safe (the Engine goes with the
// last of them).
// Thread safety: every method may be called from any number of threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dynamo_items/engine.h"

namespace dynamo_items::server {

// The header that picks a named database for one request.
inline constexpr std::string_view kDatabaseHeader = "X-Dynamo-Items-Database";

struct DatabaseDescription {
  std::string name;
  std::string from_snapshot;  // empty: created empty
  double created = 0;         // seconds since the epoch
  std::vector<std::string> tables;  // as created (cloned from the snapshot)
  std::int64_t item_count = 0;      // as created
};

class Databases {
 public:
  Databases();
  virtual ~Databases();
  Databases(const Databases&) = delete;
  Databases& operator=(const Databases&) = delete;

  // The database of requests signed by `access_key_id` for `region` (an
  // unsigned request has an empty key). Throws dynamo_items::Error when it
  // cannot be opened.
  virtual Engine& database(std::string_view access_key_id, std::string_view region) = 0;

  // A new named database of the caller's, holding the tables of snapshot
  // `from_snapshot` of `source` (empty: no tables). `source` is the database
  // the request came to: the caller's own, or a named one. Throws
  // dynamo_items::Error: ValidationException for a name that is not 1 to 255
  // of [a-zA-Z0-9_.-], ResourceInUseException when the caller has one of that
  // name, SnapshotNotFoundException.
  DatabaseDescription create_database(std::string_view access_key_id, std::string_view region,
                                      std::string_view name, Engine& source, std::string_view from_snapshot = {});
  // Forgets the named database at once; requests still running on it finish
  // there. Its Engine is closed on a thread of the Databases' own (closing
  // waits for RocksDB's background work), joined by the destructor.
  // Throws DatabaseNotFoundException (or ValidationException for a bad name).
  DatabaseDescription delete_database(std::string_view access_key_id, std::string_view region,
                                      std::string_view name);
  // The caller's named databases, by name.
  std::vector<DatabaseDescription> list_databases(std::string_view access_key_id, std::string_view region) const;
  // The named database a request with the header goes to. Throws
  // DatabaseNotFoundException.
  std::shared_ptr<Engine> named_database(std::string_view access_key_id, std::string_view region,
                                         std::string_view name) const;

 protected:
  // Whose named databases a caller sees: by default those of its access key
  // and region; shared_database() answers the same for everyone.
  virtual std::string owner(std::string_view access_key_id, std::string_view region) const;

 private:
  struct Named;
  std::unique_ptr<Named> named_;
};

// Everyone's requests go to `engine` (borrowed; it must outlive the result).
std::unique_ptr<Databases> shared_database(Engine& engine);

// One Engine per access key and region, opened on first use: in memory when
// `dir` is empty, else on disk in `dir`/<key>_<region> (characters other than
// letters, digits, '-' and '.' written as %XX).
// `on_open` runs on each database as it is opened, before any request sees it
// (`serve --load-snapshot` restores a snapshot there). Each Engine is opened
// with `options` (its db_path replaced as above).
std::unique_ptr<Databases> per_key_databases(std::string dir, std::function<void(Engine&)> on_open = {},
                                             EngineOptions options = {});

// The directory per_key_databases gives a key and region, below its `dir`.
std::string database_directory_name(std::string_view access_key_id, std::string_view region);

}  // namespace dynamo_items::server
