// client/README.md's "Secondary indexes and table definitions", verbatim
// (tests/readme/check_readme.py), checked as it runs.
#undef NDEBUG  // the checks below run in every build type
#include <cassert>
#include <iostream>

#include "dynamo_items/client/client.h"
#include "dynamo_items/engine.h"
using namespace dynamo_items::client;

struct Ticket {
  std::string project;
  std::string id;
  std::string status = "open";
  std::int64_t priority = 0;
  std::optional<std::string> assignee;  // empty: not in the by_user index
  std::string title;
};
BOOST_DESCRIBE_STRUCT(Ticket, (), (project, id, status, priority, assignee, title))

struct Project {
  std::string id;
  std::string owner;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(Project, (), (id, owner, name))

int main() {
  auto engine = dynamo_items::Engine::open({}).value();
  auto transport = std::make_shared<InProcessTransport>(*engine);

TableSpec spec{.name = "work", .sort_key = KeyType::S};
spec.indexes = {IndexSpec::global("gsi1", "gsi1pk", "gsi1sk"),
                IndexSpec::global("by_user", "gsi2pk", "gsi2sk", Projection::keys_only())};
Table table(spec, transport);

Item<Ticket> tickets(table, ItemOptions{
    .pk = Key{&Ticket::project},
    .sk = Key{&Ticket::id},
    .indexes = {IndexKey::global("gsi1", Key{&Ticket::status}, Key{&Ticket::priority}),  // gsi1pk "TS#open"
                IndexKey::global("by_user", Key("assignee", "U"), Key{&Ticket::id})}});
Item<Project> projects(table, ItemOptions{
    .pk = Key{&Project::id}.with_prefix(*tickets.pk().prefix_value),  // a project and its tickets: one collection
    .indexes = {IndexKey::global("by_user", Key("owner", "U"), Key{&Project::name})}});  // overloads by_user
table.migrate();  // CreateTable with both indexes; later runs add what the models gained

tickets.put_item(Ticket{"apollo", "t1", "open", 2, "alice", "Fuel"});
tickets.put_item(Ticket{"apollo", "t2", "open", 10, std::nullopt, "Lander"});
projects.put_item(Project{"apollo", "alice", "Apollo"});

for (const Ticket& t : tickets.query_index("gsi1", "open").after(std::int64_t{5}))  // priority > 5
  std::cout << t.id << "\n";                                                         // t2
std::size_t open = tickets.query_index("gsi1", "open").count();                      // 2
// by_user is KEYS_ONLY: partial models with their key fields, whole items by key
auto mine = index_collection("by_user", "alice", projects, tickets).all();           // Apollo, then t1
auto q = tickets.query_index("by_user", "alice");
for (auto it = q.begin(); it != q.end(); ++it) std::cout << tickets.require_item("apollo", it->id).title << "\n";
// Change an indexed field: its index attributes follow
tickets.update_item("apollo", "t2").set(&Ticket::status, std::string("closed")).execute();

  assert(open == 2);
  assert(mine.items.size() == 2 && std::holds_alternative<Project>(mine.items[0]));
  assert(tickets.query_index("gsi1", "closed").all().at(0).id == "t2");

TableDrift drift = table.compare();  // DescribeTable against the definition
if (!drift.empty()) std::cout << drift.describe() << "\n";

  assert(drift.empty());
  return 0;
}
