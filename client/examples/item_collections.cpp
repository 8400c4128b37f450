// The seed README's "Multiple Items and Item Collections" in C++: three item
// types on one table, prefixes allocated in definition order, a log type that
// adopts the partition-key prefix of the command type so both share item
// collections. Prints the two stored items as DynamoDB JSON, then the
// collection as the client decodes it.
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

// This new version of the command item uses `command_id` as a sort key.
struct CommandV2 {
  boost::uuids::uuid device_id{};
  boost::uuids::uuid command_id{};
  Statuses status = Statuses::pending;
  int retry = 0;
};
BOOST_DESCRIBE_STRUCT(CommandV2, (), (device_id, command_id, status, retry))

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

struct CommandV2Log {
  boost::uuids::uuid device_id{};
  Timestamp timestamp = std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
  std::string log;
};
BOOST_DESCRIBE_STRUCT(CommandV2Log, (), (device_id, timestamp, log))

int main() {
  // Pass the types for the partition and sort keys, and make it the default.
  Table items_table("dynamo-items-2", KeyType::S, KeyType::S, /*make_default=*/true, example::open_transport());
  items_table.create();

  // Item order determines key prefixes: item types always defined in the
  // same order get the same prefixes on the same table.
  Item<Command> commands;  // the table has a sort key, the item none: "A"

  // Key{attribute} picks the model field for the pk and the sk.
  Item<CommandV2> commands_v2(Key{"device_id"}, Key{"command_id"});

  // The logs adopt the prefix calculated for the commands' partition key.
  Item<CommandV2Log> commands_v2_logs(Key{"device_id", commands_v2.pk().prefix_value}, Key{"timestamp"});

  // These calls create an item collection.
  boost::uuids::random_generator uuid4;
  auto device_id = uuid4();
  CommandV2 command{device_id, uuid4()};
  commands_v2.put_item(command);
  CommandV2Log log{device_id, std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now()),
                   "Something happened!"};
  commands_v2_logs.put_item(log);

  example::print_stored(items_table.transport(), items_table.name(), commands_v2.key_of(command));
  example::print_stored(items_table.transport(), items_table.name(), commands_v2_logs.key_of(log));

  // One query returns the whole collection, decoded by prefix.
  auto collection = query_collection(device_id, commands_v2, commands_v2_logs);
  for (const auto& item : collection.items) {
    if (const auto* c = std::get_if<CommandV2>(&item)) std::cerr << "CommandV2 " << c->retry << "\n";
    if (const auto* l = std::get_if<CommandV2Log>(&item)) std::cerr << "CommandV2Log " << l->log << "\n";
  }
  if (collection.items.size() != 2 || !collection.unknown.empty()) {
    std::cerr << "unexpected collection\n";
    return 1;
  }
  return 0;
}
