// client/README.md's "Operations", verbatim (tests/readme/check_readme.py),
// on a model with the fields the README's update uses.
#include <map>

#include "dynamo_items/client/client.h"
#include "dynamo_items/engine.h"                   // the in-process engine
#include <boost/uuid/random_generator.hpp>
using namespace dynamo_items::client;

enum class Statuses { pending, failed, complete };
BOOST_DESCRIBE_ENUM(Statuses, pending, failed, complete)

struct Command {
  boost::uuids::uuid command_id{};
  Statuses status = Statuses::pending;
  int retry = 0;
  std::optional<std::string> note;
  std::vector<std::string> history;
  std::map<std::string, std::string> meta;
};
BOOST_DESCRIBE_STRUCT(Command, (), (command_id, status, retry, note, history, meta))

int main() {
  auto engine = dynamo_items::Engine::open({}).value();
  Table::set_default_transport(std::make_shared<InProcessTransport>(*engine));
  Item<Command> commands;
  commands.table().create();
  const auto id = boost::uuids::random_generator()();
  Command cmd{id, Statuses::pending, 0, "first try", {}, {{"owner", "bob"}}};

commands.put_item(cmd);                                   // PutItem
commands.put_item(cmd, PutOptions::when(attr("retry") < 3));
try {
  commands.put_item(cmd, PutOptions::absent());           // only if no item has this key
} catch (const ConditionFailed&) {                        // ... and there is one
}
std::optional<Command> c = commands.get_item(id);         // GetItem (get_item(id, true): consistent)
Command c2 = commands.require_item(id);                   // NotFound when missing

auto updated = commands.update_item(id)                   // UpdateItem, returns the new item
    .set(&Command::status, Statuses::failed)              // values must convert to the field's type
    .add(&Command::retry, 1)
    .remove(&Command::note)
    .append(&Command::history, {"failed"})                // list_append; prepend too
    .set("meta.owner", "ann")                             // any document path
    .condition(field(&Command::retry) < 3)
    .if_exists()                                          // no upsert
    .execute();

std::optional<Command> old = commands.delete_item(id, DeleteOptions::when(field(&Command::status) == Statuses::failed));

commands.put_item(cmd);

std::optional<Command> now;
try {
  commands.put_item(cmd, PutOptions::when(attr("retry") > 5));
} catch (const ConditionFailed& e) {
  now = commands.current(e);                              // the stored item, typed
}

  const bool ok = c && c2.retry == 0 && updated && updated->retry == 1 && !updated->note &&
                  updated->history == std::vector<std::string>{"failed"} && updated->meta.at("owner") == "ann" &&
                  old && old->status == Statuses::failed && now && now->command_id == cmd.command_id;
  return ok ? 0 : 1;
}
