// PartiQL planner: which classic operation a statement becomes (GetItem,
// Query on the table or an index, Scan with a filter, PutItem, UpdateItem,
// DeleteItem, ConditionCheck) and the request it builds, with placeholders
// resolved back to names and values so the tests read as expressions.
#include <catch2/catch.hpp>

#include <algorithm>

#include <rapidjson/writer.h>

#include "dynamo_items/engine.h"
#include "dynamo_items/error.h"
#include "dynamo_items/string_sink.h"
#include "engine_impl.h"
#include "partiql/parser.h"
#include "partiql/planner.h"
#include "value/json_codec.h"

using namespace dynamo_items;
using partiql::Plan;
using partiql::PlanOptions;
using partiql::Surface;

namespace {

std::string json_text(const rapidjson::Value& v) {
  std::string out;
  StringSink sink{&out};
  rapidjson::Writer<StringSink> w(sink);
  v.Accept(w);
  return out;
}

struct Planner {
  std::unique_ptr<Engine> engine;
  Planner() {
    auto e = Engine::open({});
    REQUIRE(e.ok());
    engine = std::move(e.value());
    ok("CreateTable", R"({"TableName":"music","BillingMode":"PAY_PER_REQUEST",
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},
                                {"AttributeName":"g","AttributeType":"S"},{"AttributeName":"y","AttributeType":"N"}],
        "GlobalSecondaryIndexes":[{"IndexName":"by_g","KeySchema":[{"AttributeName":"g","KeyType":"HASH"},
                                   {"AttributeName":"y","KeyType":"RANGE"}],"Projection":{"ProjectionType":"ALL"}},
                                  {"IndexName":"keys","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
                                   "Projection":{"ProjectionType":"KEYS_ONLY"}}]})");
    ok("CreateTable", R"({"TableName":"simple","BillingMode":"PAY_PER_REQUEST",
        "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
        "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}]})");
  }
  void ok(const char* op, const char* json) {
    rapidjson::Document req;
    req.Parse(json);
    REQUIRE_FALSE(req.HasParseError());
    auto r = engine->execute(op, req);
    if (!r.ok()) FAIL(r.error().type() + ": " + r.error().message());
  }

  Plan plan(std::string_view text, const std::vector<AttributeValue>& params = {}, PlanOptions options = {}) {
    const partiql::Statement st = partiql::parse_statement(text);
    return partiql::plan_statement(engine->impl(), text, st, params, options);
  }
  Error error(std::string_view text, PlanOptions options = {}, const std::vector<AttributeValue>& params = {}) {
    try {
      plan(text, params, options);
    } catch (const Error& e) {
      return e;
    }
    FAIL("no error for " << text);
    return Error::validation("");
  }
};

// An expression member of the request with #names and :values replaced by
// what they stand for (values as their DynamoDB JSON).
std::string resolved(const Plan& p, const char* member) {
  if (!p.request.HasMember(member)) return "<none>";
  std::string text = p.request[member].GetString();
  std::vector<std::pair<std::string, std::string>> subs;
  if (p.request.HasMember("ExpressionAttributeNames")) {
    for (const auto& m : p.request["ExpressionAttributeNames"].GetObject()) {
      subs.emplace_back(m.name.GetString(), m.value.GetString());
    }
  }
  if (p.request.HasMember("ExpressionAttributeValues")) {
    for (const auto& m : p.request["ExpressionAttributeValues"].GetObject()) {
      subs.emplace_back(m.name.GetString(), json_text(m.value));
    }
  }
  // Longest placeholders first, so #n1 does not eat into #n10.
  std::sort(subs.begin(), subs.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const auto& [from, to] : subs) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }
  return text;
}

std::string member_json(const Plan& p, const char* member) {
  return p.request.HasMember(member) ? json_text(p.request[member]) : "<none>";
}

}  // namespace

TEST_CASE("the whole primary key by equality is a GetItem", "[partiql][planner]") {
  Planner t;
  Plan p = t.plan("SELECT * FROM music WHERE pk = 'a' AND sk = 1");
  CHECK(std::string(p.operation) == "GetItem");
  CHECK(member_json(p, "TableName") == R"("music")");
  CHECK(member_json(p, "Key") == R"({"pk":{"S":"a"},"sk":{"N":"1"}})");
  CHECK_FALSE(p.request.HasMember("KeyConditionExpression"));
  // Either way round, with parameters, projection and ConsistentRead.
  PlanOptions o;
  o.consistent_read = true;
  p = t.plan("SELECT n, m FROM music WHERE ? = sk AND pk = ?", {AttributeValue::number("2"), AttributeValue::string("b")}, o);
  CHECK(std::string(p.operation) == "GetItem");
  CHECK(member_json(p, "Key") == R"({"pk":{"S":"b"},"sk":{"N":"2"}})");
  CHECK(resolved(p, "ProjectionExpression") == "n, m");
  CHECK(member_json(p, "ConsistentRead") == "true");
}

TEST_CASE("the partition key by equality is a Query, the rest a filter", "[partiql][planner]") {
  Planner t;
  Plan p = t.plan("SELECT * FROM music WHERE pk = 'a'");
  CHECK(std::string(p.operation) == "Query");
  CHECK(resolved(p, "KeyConditionExpression") == R"(pk = {"S":"a"})");
  CHECK(resolved(p, "FilterExpression") == "<none>");

  p = t.plan("SELECT * FROM music WHERE pk = 'a' AND sk > 3 AND n <> 2");
  CHECK(std::string(p.operation) == "Query");
  CHECK(resolved(p, "KeyConditionExpression") == R"(pk = {"S":"a"} AND sk > {"N":"3"})");
  CHECK(resolved(p, "FilterExpression") == R"(n <> {"N":"2"})");

  // A value on the left flips the comparison.
  p = t.plan("SELECT * FROM music WHERE 3 < sk AND pk = 'a'");
  CHECK(resolved(p, "KeyConditionExpression") == R"(pk = {"S":"a"} AND sk > {"N":"3"})");

  p = t.plan("SELECT * FROM music WHERE pk = 'a' AND sk BETWEEN 1 AND 5");
  CHECK(resolved(p, "KeyConditionExpression") == R"(pk = {"S":"a"} AND sk BETWEEN {"N":"1"} AND {"N":"5"})");

  p = t.plan("SELECT * FROM simple WHERE id = 'x' AND begins_with(name, 'J')");
  CHECK(std::string(p.operation) == "Query");
  CHECK(resolved(p, "FilterExpression") == R"(begins_with(name, {"S":"J"}))");

  // The whole key and more: a Query whose filter holds the rest.
  p = t.plan("SELECT * FROM music WHERE pk = 'a' AND sk = 1 AND n = 2");
  CHECK(std::string(p.operation) == "Query");
  CHECK(resolved(p, "KeyConditionExpression") == R"(pk = {"S":"a"} AND sk = {"N":"1"})");
  CHECK(resolved(p, "FilterExpression") == R"(n = {"N":"2"})");

  // A sort-key condition a key condition cannot hold (a Query's filter may
  // not name key attributes): a Scan with the whole WHERE as its filter.
  p = t.plan("SELECT * FROM music WHERE pk = 'a' AND sk <> 1");
  CHECK(std::string(p.operation) == "Scan");
  CHECK(resolved(p, "FilterExpression") == R"(pk = {"S":"a"} AND sk <> {"N":"1"})");
}

TEST_CASE("anything else is a Scan with a filter", "[partiql][planner]") {
  Planner t;
  Plan p = t.plan("SELECT * FROM music");
  CHECK(std::string(p.operation) == "Scan");
  CHECK(resolved(p, "FilterExpression") == "<none>");

  p = t.plan("SELECT * FROM music WHERE pk = 'a' OR pk = 'b'");
  CHECK(std::string(p.operation) == "Scan");
  CHECK(resolved(p, "FilterExpression") == R"((pk = {"S":"a"} OR pk = {"S":"b"}))");

  p = t.plan("SELECT * FROM music WHERE pk IN ['a', 'b'] AND x IS MISSING AND y IS NOT MISSING");
  CHECK(std::string(p.operation) == "Scan");
  CHECK(resolved(p, "FilterExpression") ==
        R"(pk IN ({"S":"a"}, {"S":"b"}) AND attribute_not_exists(x) AND attribute_exists(y))");

  p = t.plan("SELECT * FROM music WHERE a.b[1] = 'x' AND NOT contains(s, 'q') AND size(l) >= 2 AND m IS NULL");
  CHECK(resolved(p, "FilterExpression") ==
        R"(a.b[1] = {"S":"x"} AND (NOT contains(s, {"S":"q"})) AND size(l) >= {"N":"2"} AND attribute_type(m, {"S":"NULL"}))");

  // Limit and the start key from a NextToken go to the read.
  rapidjson::Document start;
  start.Parse(R"({"pk":{"S":"a"},"sk":{"N":"1"}})");
  PlanOptions o;
  o.limit = 5;
  o.exclusive_start_key = &start;
  p = t.plan("SELECT * FROM music WHERE n > 1", {}, o);
  CHECK(member_json(p, "Limit") == "5");
  CHECK(member_json(p, "ExclusiveStartKey") == R"({"pk":{"S":"a"},"sk":{"N":"1"}})");
}

TEST_CASE("a named index is read by Query or Scan with IndexName", "[partiql][planner]") {
  Planner t;
  Plan p = t.plan(R"(SELECT * FROM "music"."by_g" WHERE g = 'x' AND y >= 2000)");
  CHECK(std::string(p.operation) == "Query");
  CHECK(member_json(p, "IndexName") == R"("by_g")");
  CHECK(resolved(p, "KeyConditionExpression") == R"(g = {"S":"x"} AND y >= {"N":"2000"})");

  // The table's key on an index is no GetItem.
  p = t.plan(R"(SELECT * FROM "music"."by_g" WHERE g = 'x' AND y = 1)");
  CHECK(std::string(p.operation) == "Query");

  p = t.plan(R"(SELECT * FROM "music"."by_g" WHERE pk = 'a')");
  CHECK(std::string(p.operation) == "Scan");
  CHECK(member_json(p, "IndexName") == R"("by_g")");

  CHECK(t.error(R"(SELECT * FROM "music"."nope")").message() == "The table does not have the specified index");
  PlanOptions consistent;
  consistent.consistent_read = true;
  CHECK(t.error(R"(SELECT * FROM "music"."by_g" WHERE g = 'x')", consistent).message() ==
        "Strongly consistent read is not supported on Global Secondary Indexes");
  CHECK(t.error(R"(SELECT n FROM "music"."keys" WHERE g = 'x')").message() ==
        "One or more parameter values were invalid: Global secondary index keys does not project [n]");
}

TEST_CASE("ORDER BY the sort key reads a Query backwards", "[partiql][planner]") {
  Planner t;
  Plan p = t.plan("SELECT * FROM music WHERE pk = 'a' ORDER BY sk DESC");
  CHECK(std::string(p.operation) == "Query");
  CHECK(member_json(p, "ScanIndexForward") == "false");
  p = t.plan("SELECT * FROM music WHERE pk = 'a' ORDER BY sk");
  CHECK_FALSE(p.request.HasMember("ScanIndexForward"));
  CHECK(t.error("SELECT * FROM music ORDER BY sk").message() ==
        "Must have WHERE clause in the statement when using ORDER BY clause.");
  CHECK(t.error("SELECT * FROM music WHERE pk = 'a' ORDER BY n").message() ==
        "Attribute n in ORDER BY clause must be part of the primary key");
}

TEST_CASE("SELECT of a nested path renames the column", "[partiql][planner]") {
  Planner t;
  Plan p = t.plan("SELECT a.b, c FROM music WHERE pk = 'a'");
  CHECK(resolved(p, "ProjectionExpression") == "a, c");
  REQUIRE(p.columns.size() == 2);
  CHECK(p.columns[0].name == "b");
  CHECK(p.columns[1].name == "c");
  CHECK(t.error("SELECT a.x, b.x FROM music").message() == "Duplicate identifiers in select clause: x");
}

TEST_CASE("INSERT is a PutItem that must not find the key", "[partiql][planner]") {
  Planner t;
  Plan p = t.plan("INSERT INTO music VALUE {'pk': 'a', 'sk': 1, 'l': [1, MISSING], 'gone': MISSING, 's': <<'x', 'y'>>}");
  CHECK(std::string(p.operation) == "PutItem");
  CHECK(p.kind == partiql::StatementKind::kInsert);
  CHECK(member_json(p, "Item") ==
        R"({"l":{"L":[{"N":"1"},{"NULL":true}]},"pk":{"S":"a"},"s":{"SS":["x","y"]},"sk":{"N":"1"}})");
  CHECK(resolved(p, "ConditionExpression") == "attribute_not_exists(pk)");
  CHECK(t.error("INSERT INTO music VALUE {'pk': 'a', 'pk': 'b'}").message() ==
        "Duplicate keys in tuple. Key: pk under root");
  CHECK(t.error("INSERT INTO music VALUE {'pk': 'a', 's': <<>>}").message() == "Empty bags are not supported");
  CHECK(t.error("INSERT INTO music VALUE {'pk': 'a', 's': <<1, 'x'>>}").message() ==
        "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags");
  CHECK(t.error("INSERT INTO nope VALUE {'pk': 'a'}").type() == "ResourceNotFoundException");
}

TEST_CASE("UPDATE is an UpdateItem on an item that exists", "[partiql][planner]") {
  Planner t;
  Plan p = t.plan("UPDATE music SET n = n + 1 SET l = list_append(l, [2]) SET s = set_add(s, <<'z'>>) "
                  "SET d = set_delete(d, <<1>>) REMOVE old WHERE pk = 'a' AND sk = 1 AND n < 10 RETURNING ALL NEW *");
  CHECK(std::string(p.operation) == "UpdateItem");
  CHECK(member_json(p, "Key") == R"({"pk":{"S":"a"},"sk":{"N":"1"}})");
  CHECK(resolved(p, "UpdateExpression") ==
        R"(SET n = n + {"N":"1"}, l = list_append(l, {"L":[{"N":"2"}]}) ADD s {"SS":["z"]} DELETE d {"NS":["1"]} REMOVE old)");
  CHECK(resolved(p, "ConditionExpression") == R"(attribute_exists(pk) AND n < {"N":"10"})");
  CHECK(member_json(p, "ReturnValues") == R"("ALL_NEW")");
  p = t.plan("UPDATE music SET n = 1 WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED OLD *");
  CHECK(member_json(p, "ReturnValues") == R"("UPDATED_OLD")");

  CHECK(t.error("UPDATE music SET n = 1 WHERE pk = 'a'").message() ==
        "Where clause does not contain a mandatory equality on all key attributes");
  CHECK(t.error("UPDATE music SET n = 1 WHERE pk = 'a' OR sk = 1").message() ==
        "Where clause does not contain a mandatory equality on all key attributes");
  CHECK(t.error("UPDATE music SET n = 1 WHERE pk = 'a' AND sk = 'one'").message() ==
        "Key attribute's data type should match its data type in table's schema: Key sk");
  CHECK(t.error("UPDATE music SET n = 1 WHERE pk = 'a' AND pk = 'b' AND sk = 1").message() ==
        "Multiple conditions on same key pk. Only single item Update/Insert/Delete are supported");
  CHECK(t.error("UPDATE music SET s = set_add(t, <<'z'>>) WHERE pk = 'a' AND sk = 1").message() ==
        "The first argument to SET_ADD must equal the assignment value at 1:22:7");
}

TEST_CASE("DELETE is a DeleteItem whose extra WHERE holds only for an item that exists", "[partiql][planner]") {
  Planner t;
  Plan p = t.plan("DELETE FROM music WHERE pk = 'a' AND sk = 1");
  CHECK(std::string(p.operation) == "DeleteItem");
  CHECK(resolved(p, "ConditionExpression") == "<none>");
  p = t.plan("DELETE FROM music WHERE pk = 'a' AND sk = 1 AND n = 3 RETURNING ALL OLD *");
  CHECK(resolved(p, "ConditionExpression") == R"(attribute_not_exists(pk) OR (n = {"N":"3"}))");
  CHECK(member_json(p, "ReturnValues") == R"("ALL_OLD")");
  CHECK(t.error("DELETE FROM music WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *").message() ==
        "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
  CHECK(t.error("DELETE FROM music WHERE sk = 1").message() ==
        "Where clause does not contain a mandatory equality on all key attributes");
}

TEST_CASE("batches and transactions read by the whole key only", "[partiql][planner]") {
  Planner t;
  PlanOptions batch;
  batch.surface = Surface::kBatch;
  Plan p = t.plan("SELECT * FROM music WHERE pk = 'a' AND sk = 1", {}, batch);
  CHECK(std::string(p.operation) == "GetItem");
  CHECK(t.error("SELECT * FROM music WHERE pk = 'a'", batch).message() ==
        "Select statements within BatchExecuteStatement must specify the primary key in the where clause.");
  PlanOptions tx;
  tx.surface = Surface::kTransaction;
  CHECK(t.error("SELECT * FROM music WHERE pk = 'a' AND sk = 1 AND n = 1", tx).message() ==
        "Select statements within ExecuteTransaction must specify the primary key in the where clause.");
  CHECK(t.error(R"(SELECT * FROM "music"."by_g" WHERE g = 'x')", tx).message() ==
        "Reads on indices are not supported within transactions.");
  CHECK(t.error("UPDATE music SET n = 1 WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *", tx).message() ==
        "RETURNING clause is not supported in ExecuteTransaction.");
  CHECK(t.error("EXISTS(SELECT * FROM music WHERE pk = 'a' AND sk = 1 AND n = 1)").message() ==
        "EXISTS can only be used in ExecuteTransaction write requests.");
  p = t.plan("EXISTS(SELECT * FROM music WHERE pk = 'a' AND sk = 1 AND n = 1)", {}, tx);
  CHECK(std::string(p.operation) == "ConditionCheck");
  CHECK(resolved(p, "ConditionExpression") == R"(attribute_exists(pk) AND n = {"N":"1"})");
}

TEST_CASE("values a condition cannot use are refused in DynamoDB's words", "[partiql][planner]") {
  Planner t;
  CHECK(t.error("SELECT * FROM music WHERE n = MISSING").message() == "MISSING must be compared using IS operator");
  CHECK(t.error("SELECT * FROM music WHERE n LIKE 'a%'").message() ==
        "Unsupported operator in Condition Expression. Operator: LIKE");
  CHECK(t.error("SELECT * FROM music WHERE upper(n) = 'A'").message() == "Unrecognized function: upper at 1:27:5");
  CHECK(t.error("SELECT * FROM music WHERE n IS INT").message() ==
        "Unsupported data type for IS operator: INT. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, "
        "NUMERIC, STRUCT, TUPLE, LIST]");
  CHECK(t.error("SELECT * FROM nope").type() == "ResourceNotFoundException");
}
