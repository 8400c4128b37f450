// The named-database operations of dynamo-items' own API (target prefix
// DynamoItems_20261201), answered by the server rather than an Engine, since
// they create and drop Engines (databases.h):
//   CreateDatabase {DatabaseName, FromSnapshot?}  -> {DatabaseDescription}
//   DeleteDatabase {DatabaseName}                 -> {DatabaseDescription}
//   ListDatabases  {}                             -> {Databases: [...]}
// A DatabaseDescription is {DatabaseName, FromSnapshot?, CreationDateTime,
// TableNames, ItemCount}.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace dynamo_items {
class Engine;
}

namespace dynamo_items::server {

class Databases;

// Whether `operation` is one of the three.
bool is_database_operation(std::string_view operation);

// Runs one for the caller (`access_key_id`, `region`); `routed` is the
// database the request would run on (FromSnapshot is one of its snapshots).
// Appends the response JSON to `out`. Throws dynamo_items::Error.
void run_database_operation(std::string_view operation, const rapidjson::Value& request, Databases& databases,
                            std::string_view access_key_id, std::string_view region, Engine& routed,
                            std::string& out);

}  // namespace dynamo_items::server
