// Key prefixes: the seed's algorithm (CC#, CD#, CCO#, CT#), collisions,
// adoption, determinism, and the seed README's DynamoDB JSON.
#include <catch2/catch.hpp>

#include "../client/client_test_models.h"

using namespace client_test;
using namespace dynamo_items::client;

TEST_CASE("client prefixes: the seed's allocation rule", "[client][prefix]") {
  PrefixAllocator p;
  CHECK(p.allocate("Command", "command_id") == "CC");
  CHECK(p.allocate("CommandV2", "device_id") == "CD");
  CHECK(p.allocate("CommandV2", "command_id") == "CCO");   // "CC" is taken
  CHECK(p.allocate("Command", "command_id") == "CC");      // same pair, same prefix
  CHECK(p.allocate("Comment", "command_id") == "CCOM");    // "CC", "CCO" taken
  CHECK(p.allocate("customer", "id") == "CI");             // first letters upper-cased
  CHECK(p.allocate("Cat", "i") == "CI2");                  // every letter used: count on
  CHECK(p.allocate("Cow", "i") == "CI3");
  p.reserve("XY");
  CHECK(p.allocate("Xenon", "yield") == "XYI");            // explicit prefixes are reserved
  CHECK(p.reserved("CD"));
  CHECK_FALSE(p.reserved("ZZ"));
  auto a = p.assignments();
  REQUIRE(a.size() == 8);
  CHECK(a[2] == std::pair<std::string, std::string>("CommandV2.command_id", "CCO"));
}

TEST_CASE("client prefixes: deterministic in definition order", "[client][prefix]") {
  auto run = [] {
    auto t = std::make_shared<RecordingTransport>();
    Table table("t", KeyType::S, KeyType::S, false, t);
    Item<Command> commands(table);
    Item<CommandV2> v2(table, Key{"device_id"}, Key{"command_id"});
    Item<CommandV2Log> logs(table, Key{"device_id", v2.pk().prefix_value}, Key{"timestamp"});
    return table.prefixes().assignments();
  };
  CHECK(run() == run());
}

TEST_CASE("client prefixes: the seed README's examples", "[client][prefix]") {
  auto t = std::make_shared<RecordingTransport>();
  auto device = uuid_of("3939ba91-7687-4df4-8ed3-db531a66f989");
  auto command = uuid_of("186a3ca1-f1df-4975-a9dd-39f11015b4a1");

  SECTION("simple usage") {
    Table table("dynamo-items", KeyType::S, std::nullopt, true, t);
    Item<Command> commands;  // the default table
    CHECK(&commands.table() == &table);
    CHECK(commands.pk().prefix_value == "CC");
    commands.put_item(Command{uuid_of("aaf0637a-6221-4bbb-bf6d-edc4c04a6118")});
    REQUIRE(t->operations == std::vector<std::string>{"PutItem"});
    CHECK(to_json(t->requests[0]) ==
          R"({"TableName":"dynamo-items","Item":{"pk":{"S":"CC#aaf0637a-6221-4bbb-bf6d-edc4c04a6118"},)"
          R"("command_id":{"S":"aaf0637a-6221-4bbb-bf6d-edc4c04a6118"},"status":{"S":"pending"},"retry":{"N":"0"}}})");
    // get_item takes the key value as the field's type or as text.
    commands.get_item("aaf0637a-6221-4bbb-bf6d-edc4c04a6118");
    commands.get_item(uuid_of("aaf0637a-6221-4bbb-bf6d-edc4c04a6118"));
    CHECK(to_json(t->requests[1]) == to_json(t->requests[2]));
    CHECK(to_json(t->requests[1]["Key"]) == R"({"pk":{"S":"CC#aaf0637a-6221-4bbb-bf6d-edc4c04a6118"}})");
  }

  SECTION("multiple items and item collections") {
    Table items_table("dynamo-items-2", KeyType::S, KeyType::S, true, t);
    Item<Command> commands;
    Item<CommandV2> commands_v2(Key{"device_id"}, Key{"command_id"});
    Item<CommandV2Log> commands_v2_logs(Key{"device_id", commands_v2.pk().prefix_value}, Key{"timestamp"});
    CHECK(commands.pk().prefix_value == "CC");
    CHECK_FALSE(commands.sk());
    CHECK(commands_v2.pk().prefix_value == "CD");
    CHECK(commands_v2.sk()->prefix_value == "CCO");
    CHECK(commands_v2_logs.pk().prefix_value == "CD");
    CHECK(commands_v2_logs.sk()->prefix_value == "CT");

    commands_v2.put_item(CommandV2{device, command});
    CommandV2Log log{device, Micros(std::chrono::microseconds(1693098636357227)), "Something happened!"};
    commands_v2_logs.put_item(log);
    commands.put_item(Command{command});

    auto expected_v2 = parse(R"({
      "pk": {"S": "CD#3939ba91-7687-4df4-8ed3-db531a66f989"},
      "sk": {"S": "CCO#186a3ca1-f1df-4975-a9dd-39f11015b4a1"},
      "command_id": {"S": "186a3ca1-f1df-4975-a9dd-39f11015b4a1"},
      "device_id": {"S": "3939ba91-7687-4df4-8ed3-db531a66f989"},
      "retry": {"N": "0"},
      "status": {"S": "pending"}})");
    auto expected_log = parse(R"({
      "pk": {"S": "CD#3939ba91-7687-4df4-8ed3-db531a66f989"},
      "sk": {"S": "CT#2023-08-27T01:10:36.357227Z"},
      "device_id": {"S": "3939ba91-7687-4df4-8ed3-db531a66f989"},
      "log": {"S": "Something happened!"},
      "timestamp": {"S": "2023-08-27T01:10:36.357227Z"}})");
    CHECK(t->requests[0]["Item"] == expected_v2);
    CHECK(t->requests[1]["Item"] == expected_log);
    // The table has a sort key and Command has none: the constant "A".
    CHECK(to_json(t->requests[2]["Item"]["sk"]) == R"({"S":"A"})");

    auto regs = items_table.registrations();
    REQUIRE(regs.size() == 3);
    CHECK(regs[2].model == "CommandV2Log");
    CHECK(regs[2].pk_prefix == "CD#");
    CHECK(regs[2].sk_prefix == "CT#");
  }
}

TEST_CASE("client prefixes: definitions that cannot work are rejected", "[client][prefix]") {
  auto t = std::make_shared<RecordingTransport>();
  Table numeric("n", KeyType::N, std::nullopt, false, t);
  CHECK_THROWS_AS(Item<Command>(numeric), std::invalid_argument);                 // prefix needs an S key
  CHECK_THROWS_AS(Item<Command>(numeric, Key{"command_id", std::nullopt, false}),  // S field, N key
                  std::invalid_argument);
  Item<Command> by_retry(numeric, Key{"retry", std::nullopt, false});             // N field, N key
  CHECK(to_json(by_retry.key(5)) == R"({"pk":{"N":"5"}})");
  CHECK_THROWS_AS(by_retry.key("5"), ValidationError);

  Table plain("p", KeyType::S, std::nullopt, false, t);
  CHECK_THROWS_AS(Item<Command>(plain, Key{"nope"}), std::invalid_argument);
  CHECK_THROWS_AS(Item<Command>(plain, Key{"command_id"}, Key{"retry"}), std::invalid_argument);  // no sk on table
  ItemOptions versioned;
  versioned.version_field = "status";
  CHECK_THROWS_AS(Item<Command>(plain, versioned), std::invalid_argument);  // not an integer
}
