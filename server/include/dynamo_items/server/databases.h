// Databases: which Engine a request's tables live in. DynamoDB Local keeps a
// separate database for each access key and region unless started with
// -sharedDb, so that two developers (or two test suites) on one endpoint do
// not see each other's tables; `serve` does the same unless --shared-db.
//
// Ownership: every Engine a Databases hands out lives as long as it does.
// Thread safety: database() may be called from any number of threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace dynamo_items {
class Engine;
}

namespace dynamo_items::server {

class Databases {
 public:
  virtual ~Databases() = default;
  // The database of requests signed by `access_key_id` for `region` (an
  // unsigned request has an empty key). Throws dynamo_items::Error when it
  // cannot be opened.
  virtual Engine& database(std::string_view access_key_id, std::string_view region) = 0;
};

// Everyone's requests go to `engine` (borrowed; it must outlive the result).
std::unique_ptr<Databases> shared_database(Engine& engine);

// One Engine per access key and region, opened on first use: in memory when
// `dir` is empty, else on disk in `dir`/<key>_<region> (characters other than
// letters, digits, '-' and '.' written as %XX).
// `on_open` runs on each database as it is opened, before any request sees it
// (`serve --load-snapshot` restores a snapshot there).
std::unique_ptr<Databases> per_key_databases(std::string dir, std::function<void(Engine&)> on_open = {});

// The directory per_key_databases gives a key and region, below its `dir`.
std::string database_directory_name(std::string_view access_key_id, std::string_view region);

}  // namespace dynamo_items::server
