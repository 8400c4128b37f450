// The seed README's "Simple Usage" in C++: one item type on the default
// table, put and get by primary key. Prints the stored item as DynamoDB JSON.
#include <iostream>

#include <boost/uuid/random_generator.hpp>

#include "example_transport.h"

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
  Table::set_default_transport(example::open_transport());

  // The first field of the model is the partition key. This item has no sort
  // key, so the default table ($DYDB_TABLE_NAME, "dynamo-items") only has a
  // string partition key.
  Item<Command> commands;
  commands.table().create();

  Command new_command{boost::uuids::random_generator()()};
  // Create a new item in the table using the model.
  commands.put_item(new_command);

  // Get items by passing their primary key. This returns the model.
  std::optional<Command> got = commands.get_item(new_command.command_id);
  if (!got || got->command_id != new_command.command_id) {
    std::cerr << "get_item did not return the command\n";
    return 1;
  }
  example::print_stored(commands.table().transport(), commands.table().name(), commands.key(new_command.command_id));
  return 0;
}
