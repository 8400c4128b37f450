// Expression builder output: placeholders, condition and update texts, and
// the requests item types send (checked without a server).
#include <catch2/catch.hpp>

#include "../client/client_test_models.h"

using namespace client_test;
using namespace dynamo_items::client;

namespace {
struct Doc {
  std::string id;
  int version = 0;
  std::vector<std::string> notes;
  std::set<std::string> tags;
  std::optional<std::string> owner;
  int hits = 0;
};
BOOST_DESCRIBE_STRUCT(Doc, (), (id, version, notes, tags, owner, hits))
}  // namespace

TEST_CASE("client expressions: paths", "[client][expression]") {
  CHECK(Path("a.b[2][10].c").to_string() == "a.b[2][10].c");
  CHECK(Path::field("a.b").steps().size() == 1);
  CHECK_THROWS_AS(Path("a..b"), std::invalid_argument);
  CHECK_THROWS_AS(Path("a[x]"), std::invalid_argument);
  CHECK_THROWS_AS(Path("a."), std::invalid_argument);
  ExpressionNames names;
  CHECK(names.name("a.b[2].a") == "#n0.#n1[2].#n0");
  CHECK(names.name(Path::field("a.b")) == "#n2");
}

TEST_CASE("client expressions: conditions", "[client][expression]") {
  ExpressionNames names;
  Condition c = (attr("status") == Statuses::pending && field(&Command::retry) < 3) ||
                !attr("note").exists() || attr("name").begins_with("x") || attr("n").between(1, 9);
  CHECK(c.render(names) ==
        "((((#n0 = :v0) AND (#n1 < :v1)) OR (NOT (attribute_exists(#n2)))) OR (begins_with(#n3, :v2))) OR "
        "(#n4 BETWEEN :v3 AND :v4)");
  rapidjson::Document req(rapidjson::kObjectType);
  names.write_to(req);
  CHECK(to_json(req) ==
        R"j({"ExpressionAttributeNames":{"#n0":"status","#n1":"retry","#n2":"note","#n3":"name","#n4":"n"},)j"
        R"j("ExpressionAttributeValues":{":v0":{"S":"pending"},":v1":{"N":"3"},":v2":{"S":"x"},":v3":{"N":"1"},)j"
        R"j(":v4":{"N":"9"}}})j");
  ExpressionNames more;
  CHECK((attr("a") != 1).render(more) == "#n0 <> :v0");
  CHECK(attr("a").contains("x").render(more) == "contains(#n0, :v1)");
  CHECK(attr("a").not_exists().render(more) == "attribute_not_exists(#n0)");
  CHECK(attr("a").type_is("S").render(more) == "attribute_type(#n0, :v2)");
  ExpressionNames none;
  rapidjson::Document empty(rapidjson::kObjectType);
  none.write_to(empty);
  CHECK(to_json(empty) == "{}");
}

TEST_CASE("client expressions: update expressions", "[client][expression]") {
  ExpressionNames names;
  Update u;
  u.set("status", Statuses::failed)
      .remove("note")
      .add("retry", 1)
      .append("log", std::vector<std::string>{"x"})
      .set_if_not_exists("created", 5)
      .delete_elements("tags", Operand::of(std::set<std::string>{"old"}))
      .prepend("log", std::vector<std::string>{"y"});
  CHECK(u.render(names) ==
        "SET #n0 = :v0, #n1 = list_append(if_not_exists(#n1, :v1), :v2), #n2 = if_not_exists(#n2, :v3), "
        "#n1 = list_append(:v4, if_not_exists(#n1, :v5)) REMOVE #n3 ADD #n4 :v6 DELETE #n5 :v7");
  rapidjson::Document req(rapidjson::kObjectType);
  names.write_to(req);
  CHECK(to_json(req["ExpressionAttributeValues"][":v1"]) == R"j({"L":[]})j");
  CHECK(to_json(req["ExpressionAttributeValues"][":v7"]) == R"j({"SS":["old"]})j");
}

TEST_CASE("client expressions: typed update requests", "[client][expression]") {
  auto t = std::make_shared<RecordingTransport>();
  Table table("docs", KeyType::S, std::nullopt, false, t);
  ItemOptions options;
  options.version_field = "version";
  Item<Doc> docs(table, options);
  auto req = docs.update_item("d1")
                 .set(&Doc::owner, "ann")
                 .add(&Doc::hits, 2)
                 .append(&Doc::notes, {"n"})
                 .remove(&Doc::tags)
                 .set("notes[0]", "first")
                 .if_exists()
                 .if_version(3)
                 .request();
  CHECK(to_json(req) ==
        R"j({"TableName":"docs","Key":{"pk":{"S":"DI#d1"}},)j"
        R"j("UpdateExpression":"SET #n0 = :v0, #n1 = list_append(if_not_exists(#n1, :v1), :v2), #n1[0] = :v3, )j"
        R"j(#n2 = if_not_exists(#n2, :v4) REMOVE #n3 ADD #n4 :v5, #n5 :v6",)j"
        R"j("ConditionExpression":"(attribute_exists(#n6)) AND (#n5 = :v7)","ReturnValuesOnConditionCheckFailure":"ALL_OLD",)j"
        R"j("ExpressionAttributeNames":{"#n0":"owner","#n1":"notes","#n2":"id","#n3":"tags","#n4":"hits","#n5":"version",)j"
        R"j("#n6":"pk"},"ExpressionAttributeValues":{":v0":{"S":"ann"},":v1":{"L":[]},":v2":{"L":[{"S":"n"}]},)j"
        R"j(":v3":{"S":"first"},":v4":{"S":"d1"},":v5":{"N":"2"},":v6":{"N":"1"},":v7":{"N":"3"}},"ReturnValues":"ALL_NEW"})j");
  // Setting an optional field to nullopt removes the attribute. The key field
  // and the defaults of untouched fields are set where absent (an upsert
  // stores a decodable item).
  auto cleared = docs.update_item("d1").set(&Doc::owner, std::optional<std::string>()).request();
  CHECK(std::string(cleared["UpdateExpression"].GetString()) ==
        "SET #n0 = if_not_exists(#n0, :v0), #n1 = if_not_exists(#n1, :v1), #n2 = if_not_exists(#n2, :v2) "
        "REMOVE #n3 ADD #n4 :v3");
  CHECK(to_json(cleared["ExpressionAttributeNames"]) ==
        R"j({"#n0":"id","#n1":"notes","#n2":"hits","#n3":"owner","#n4":"version"})j");
  // Key fields are written with the key, never by an update.
  CHECK_THROWS_AS(docs.update_item("d1").set(&Doc::id, "d2"), ValidationError);
  CHECK_THROWS_AS(docs.update_item("d1").remove("id"), ValidationError);

  // Versioned puts: version 0 means "must not exist"; the stored version is +1.
  Doc d{"d1", 0, {}, {}, std::nullopt, 0};
  docs.put_item(d);
  CHECK(d.version == 1);
  CHECK(to_json(t->requests.back()) ==
        R"j({"TableName":"docs","Item":{"pk":{"S":"DI#d1"},"id":{"S":"d1"},"version":{"N":"1"},"notes":{"L":[]},)j"
        R"j("hits":{"N":"0"}},"ConditionExpression":"attribute_not_exists(#n0)",)j" R"j("ReturnValuesOnConditionCheckFailure":"ALL_OLD","ExpressionAttributeNames":{"#n0":"pk"}})j");
  docs.put_item(d, PutOptions::when(attr("hits") < 10));
  CHECK(d.version == 2);
  CHECK(std::string(t->requests.back()["ConditionExpression"].GetString()) == "(#n0 = :v0) AND (#n1 < :v1)");
  CHECK(to_json(t->requests.back()["ExpressionAttributeValues"]) == R"j({":v0":{"N":"1"},":v1":{"N":"10"}})j");

  docs.delete_item("d1", DeleteOptions::at_version(2));
  CHECK(to_json(t->requests.back()) ==
        R"j({"TableName":"docs","Key":{"pk":{"S":"DI#d1"}},)j"
        R"j("ConditionExpression":"#n0 = :v0","ReturnValuesOnConditionCheckFailure":"ALL_OLD","ExpressionAttributeNames":{"#n0":"version"},)j"
        R"j("ExpressionAttributeValues":{":v0":{"N":"2"}},"ReturnValues":"ALL_OLD"})j");
}

TEST_CASE("client expressions: sort-key range requests stay inside the prefix", "[client][expression]") {
  auto t = std::make_shared<RecordingTransport>();
  Table table("t", KeyType::S, KeyType::S, false, t);
  Item<CommandV2> v2(table, Key{"device_id"}, Key{"command_id"});
  Item<CommandV2Log> logs(table, Key{"device_id", v2.pk().prefix_value}, Key{"timestamp"});
  auto device = uuid_of("3939ba91-7687-4df4-8ed3-db531a66f989");
  Micros t0(std::chrono::microseconds(1693098636357227));
  auto kce = [](const rapidjson::Document& r) { return std::string(r["KeyConditionExpression"].GetString()); };
  auto values = [](const rapidjson::Document& r) { return to_json(r["ExpressionAttributeValues"]); };

  auto all = logs.query(device).request();
  CHECK(kce(all) == "#n0 = :v0 AND begins_with(#n1, :v1)");
  CHECK(values(all) == R"j({":v0":{"S":"CD#3939ba91-7687-4df4-8ed3-db531a66f989"},":v1":{"S":"CT#"}})j");
  auto before = logs.query(device).before(t0).request();
  CHECK(kce(before) == "#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2");
  CHECK(values(before).find(R"j(":v1":{"S":"CT#"},":v2":{"S":"CT#2023-08-27T01:10:36.357227Z"})j") != std::string::npos);
  auto after = logs.query(device).after(t0).reverse().limit(5).request();
  // The upper bound is the prefix and the last code point (U+10FFFF): every
  // key between the bounds has the prefix, so a COUNT needs no filter.
  CHECK(values(after).find("\":v1\":{\"S\":\"CT#2023-08-27T01:10:36.357227Z\"},\":v2\":{\"S\":\"CT#\xF4\x8F\xBF\xBF\"}") !=
        std::string::npos);
  CHECK(after["ScanIndexForward"].GetBool() == false);
  CHECK(after["Limit"].GetInt() == 6);
  auto eq = logs.query(device).eq(t0).request();
  CHECK(kce(eq) == "#n0 = :v0 AND #n1 = :v1");
  auto prefix = logs.query(device).begins_with("2023-08").request();
  CHECK(values(prefix).find(R"j(":v1":{"S":"CT#2023-08"})j") != std::string::npos);
  Item<Command> commands(table);  // constant sort key "A": no range
  CHECK(kce(commands.query(device).request()) == "#n0 = :v0 AND #n1 = :v1");
  CHECK_THROWS_AS(commands.query(device).eq(1), ValidationError);
}

TEST_CASE("client: range builders on a temporary yield a query that owns its state", "[client][query]") {
  // The README's loop shape: the chain on query()'s temporary must return
  // queries by value, so the range-for keeps the last one alive.
  static_assert(!std::is_reference_v<decltype(std::declval<RangeQuery<CommandV2Log>>().reverse())>);
  static_assert(!std::is_reference_v<decltype(std::declval<RangeQuery<CommandV2Log>>().limit(10))>);
  static_assert(std::is_lvalue_reference_v<decltype(std::declval<RangeQuery<CommandV2Log>&>().limit(10))>);
}
