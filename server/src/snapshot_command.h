// `dynamo-items snapshot create|restore|list|delete` against a running server:
// one request to dynamo-items' own API (target prefix DynamoItems_20261201),
// signed with SigV4 when AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set,
// so it reaches the same per-key database the caller's tests use.
#pragma once

#include <string>
#include <vector>

namespace dynamo_items::server {

struct SnapshotCommand {
  std::string action;  // create, restore, list, delete
  std::string name;    // not for list
  std::vector<std::string> tables;  // create: these tables only
  std::string endpoint = "http://127.0.0.1:8000";
  std::string region;  // empty: AWS_REGION, AWS_DEFAULT_REGION, us-east-1
};

// Prints the answer's JSON on stdout, or the error on stderr. Returns the
// process exit code: 0 on success, 1 when the server refused, 2 when it could
// not be reached.
int run_snapshot_command(const SnapshotCommand& command);

}  // namespace dynamo_items::server
