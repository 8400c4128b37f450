// client/README.md's "Multiple items and item collections", verbatim where
// the README shows it, made a program (tests/readme/check_readme.py).
#include <iostream>

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

struct CommandV2 {            // uses command_id as its sort key
  boost::uuids::uuid device_id{};
  boost::uuids::uuid command_id{};
  Statuses status = Statuses::pending;
  int retry = 0;
};
BOOST_DESCRIBE_STRUCT(CommandV2, (), (device_id, command_id, status, retry))

struct CommandV2Log {
  boost::uuids::uuid device_id{};
  std::chrono::sys_time<std::chrono::microseconds> timestamp =
      std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
  std::string log;
};
BOOST_DESCRIBE_STRUCT(CommandV2Log, (), (device_id, timestamp, log))

namespace {
boost::uuids::random_generator uuid4;
std::chrono::sys_time<std::chrono::microseconds> now_us() {
  return std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
}
}  // namespace

int main() {
  auto engine = dynamo_items::Engine::open({}).value();
  auto transport = std::make_shared<InProcessTransport>(*engine);
  const auto t0 = now_us() - std::chrono::seconds(1);

// name, partition key type, sort key type, make_default, transport
Table items_table("dynamo-items-2", KeyType::S, KeyType::S, true, transport);
  items_table.create();

// Definition order determines key prefixes: item types defined in the same
// order get the same prefixes on the same table.
Item<Command> commands;          // the table has a sort key, Command none: sk = "A"

// Key{field} says which field holds the pk / sk value.
Item<CommandV2> commands_v2(Key{"device_id"}, Key{"command_id"});

// The logs adopt the prefix of the commands' partition key.
Item<CommandV2Log> commands_v2_logs(Key{"device_id", commands_v2.pk().prefix_value}, Key{"timestamp"});

auto device_id = uuid4();
commands_v2.put_item(CommandV2{device_id, uuid4()});
commands_v2_logs.put_item(CommandV2Log{device_id, now_us(), "Something happened!"});

Item<CommandV2Log> seed_logs(Key{"device_id", commands_v2.pk().prefix_value},
                             Key{"timestamp"}.with(TimeFormat::python));
if (seed_logs.sk()->prefix_value != "CT") return 1;  // the same prefix as commands_v2_logs

auto collection = query_collection(device_id, commands_v2, commands_v2_logs);
for (auto& item : collection.items)                  // std::variant<CommandV2, CommandV2Log>
  if (auto* log = std::get_if<CommandV2Log>(&item)) std::cout << log->log << "\n";
// collection.unknown: items whose sort key matches none of the listed types

for (const CommandV2Log& log : commands_v2_logs.query(device_id).after(t0).reverse().limit(10))
  std::cout << log.log << "\n";                      // pages are fetched as you iterate

return collection.items.size() == 2 && collection.unknown.empty() ? 0 : 1;
}
