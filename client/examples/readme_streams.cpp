// client/README.md's "Streams", verbatim (tests/readme/check_readme.py),
// checked as it runs.
#undef NDEBUG  // the checks below run in every build type
#include <cassert>
#include <iostream>

#include "dynamo_items/client/client.h"
#include "dynamo_items/engine.h"
using namespace dynamo_items::client;

struct Account {
  std::string account_id;
  std::int64_t balance = 0;
};
BOOST_DESCRIBE_STRUCT(Account, (), (account_id, balance))

int main() {
  auto engine = dynamo_items::Engine::open({}).value();
  auto transport = std::make_shared<InProcessTransport>(*engine);
  Table table("bank", KeyType::S, KeyType::S, false, transport);
  table.create();
  Item<Account> accounts(table);
  {
    rapidjson::Document req;
    req.Parse(R"({"TableName": "bank", "StreamSpecification":
                  {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}})");
    transport->execute("UpdateTable", std::move(req));
  }
  std::int64_t moved = 0;

StreamReader reader(table);  // from the oldest record the stream holds
reader.on(accounts, [&](const Change<Account>& c) {
  if (c.type == ChangeType::modify) moved += c.new_image->balance - c.old_image->balance;
});
accounts.put_item(Account{"alice", 100});
accounts.update_item("alice").add(&Account::balance, -30).execute();
std::size_t records = reader.poll();  // 2; the next poll resumes after them

  assert(records == 2 && moved == -30);
  assert(reader.poll() == 0);
  return 0;
}
