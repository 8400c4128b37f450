// client/README.md's "Simple usage", verbatim (tests/readme/check_readme.py
// checks that the README's code is in these readme_*.cpp files; ctest runs
// them, under the sanitizers too).
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
};
BOOST_DESCRIBE_STRUCT(Command, (), (command_id, status, retry))

int main() {
  auto engine = dynamo_items::Engine::open({}).value();                    // in memory
  Table::set_default_transport(std::make_shared<InProcessTransport>(*engine));
  // ... or, the one line for HTTP: Table::set_default_transport(HttpTransport::from_environment());

  // The first field of the model is the partition key. This item has no sort
  // key, so the default table only has a string partition key.
  Item<Command> commands;
  commands.table().create();                       // idempotent, waits until ACTIVE

  Command new_command{boost::uuids::random_generator()()};
  commands.put_item(new_command);                  // create a new item from the model

  // Get items by their primary key (the field's type, or its text).
  std::optional<Command> c = commands.get_item("aaf0637a-6221-4bbb-bf6d-edc4c04a6118");
  std::optional<Command> same = commands.get_item(new_command.command_id);
  return !c && same && same->retry == 0 ? 0 : 1;     // no such command; ours is there
}
