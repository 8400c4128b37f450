// client/README.md's "Composite keys, ordered numbers, cursors and
// transactions", verbatim (tests/readme/check_readme.py), checked as it runs.
#undef NDEBUG  // the checks below run in every build type
#include <cassert>
#include <iostream>

#include "dynamo_items/client/client.h"
#include "dynamo_items/engine.h"
using namespace dynamo_items::client;

struct Order {
  std::string customer;
  std::string region;
  std::int64_t number = 0;
  std::string note;
};
BOOST_DESCRIBE_STRUCT(Order, (), (customer, region, number, note))

struct Account {
  std::string account_id;
  std::int64_t balance = 0;
};
BOOST_DESCRIBE_STRUCT(Account, (), (account_id, balance))

int main() {
  auto engine = dynamo_items::Engine::open({}).value();
  auto transport = std::make_shared<InProcessTransport>(*engine);
  Table table("shop", KeyType::S, KeyType::S, false, transport);
  table.create();

// pk "OC#alice", sk "OR#eu#00000000000000000042": the fields checked at compile time
Item<Order> orders(table, Key{&Order::customer}, Key{&Order::region, &Order::number});
for (std::int64_t n : {9, 10, 100}) orders.put_item(Order{"alice", "eu", n, ""});
orders.put_item(Order{"alice", "us", 1, ""});
auto order = orders.get_item("alice", std::tuple{"eu", 10});      // std::optional<Order>
for (const Order& o : orders.query("alice").eq(std::tuple{"eu"}))  // leading parts: every "eu" order
  std::cout << o.number << "\n";                                   // 9, 10, 100: numeric order
auto big = orders.query("alice").between(std::tuple{"eu", 10}, std::tuple{"eu", 1000}).all();

  assert(order && order->number == 10);
  assert(big.size() == 2 && big[0].number == 10);

Page<Order> first = orders.query("alice").page(2);                // 2 items and a cursor
// ... later, in another request or process:
Page<Order> second = orders.query("alice").start_after(*first.next).page(2);

  assert(first.items.size() == 2 && second.items.size() == 2 && !second.next);

Item<Account> accounts(table);
accounts.put_item(Account{"alice", 100});
accounts.put_item(Account{"bob", 0});
WriteTransaction tx;
tx.update(accounts.update_item("alice").add(&Account::balance, -30).condition(field(&Account::balance) >= 30))
  .update(accounts.update_item("bob").add(&Account::balance, 30).if_exists())
  .put(orders, Order{"alice", "eu", 101, "paid"}, PutOptions::absent())
  .token("order-101");                                             // a retry applies it once
try {
  tx.execute();                                                    // all or nothing
} catch (const TransactionCanceled& e) {
  for (const CancellationReason& r : e.failures()) std::cout << r.action << ": " << r.code << "\n";
}
auto [alice, bob] = transact_get(get(accounts, accounts.key("alice")), get(accounts, accounts.key("bob")));

  assert(alice->balance == 70 && bob->balance == 30);
  assert(orders.get_item("alice", std::tuple{"eu", 101})->note == "paid");
  return 0;
}
