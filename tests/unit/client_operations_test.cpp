// Item operations against an in-process Engine opened in memory: create,
// put/get/delete, conditions, updates, optimistic locking, sort-key ranges,
// item collections and batches (cases in tests/client/operations_cases.inc).
#include "dynamo_items/client/client.h"
#include "dynamo_items/engine.h"

namespace {
std::shared_ptr<dynamo_items::client::Transport> make_transport(dynamo_items::Engine& engine, std::shared_ptr<void>&) {
  return std::make_shared<dynamo_items::client::InProcessTransport>(engine);
}
}  // namespace

#define CLIENT_TRANSPORT "client in-process "
#include "../client/operations_cases.inc"
#include "../client/keys_paging_cases.inc"
#include "../client/transaction_cases.inc"
#include "../client/indexes_cases.inc"
#include "../client/reads_cases.inc"
