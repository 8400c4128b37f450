// Marshalers: every supported type round-trips through DynamoDB JSON; edge
// values; errors name the model, the field path and the problem.
// (Compiled only where the client library is linked: see client/CMakeLists.txt.)
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "../client/client_test_models.h"

using namespace client_test;
using namespace dynamo_items::client;

namespace {

template <class T>
std::string encoded(const T& v) {
  rapidjson::Document d;
  encode_value(v, d, d.GetAllocator());
  return to_json(d);
}

template <class T>
T round_trip(const T& v) {
  rapidjson::Document d;
  encode_value(v, d, d.GetAllocator());
  return decode_value<T>(d);
}

Everything sample() {
  Everything e;
  e.s = "héllo \"world\"";
  e.b = true;
  e.i8 = std::numeric_limits<std::int8_t>::min();
  e.i16 = std::numeric_limits<std::int16_t>::max();
  e.i32 = -123456789;
  e.i64 = std::numeric_limits<std::int64_t>::min();
  e.u8 = 255;
  e.u64 = std::numeric_limits<std::uint64_t>::max();
  e.f = 0.1f;
  e.d = 0.1 + 0.2;
  e.bytes = {std::byte{0}, std::byte{0xFF}, std::byte{0x10}};
  e.status = Statuses::complete;
  e.id = uuid_of("3939ba91-7687-4df4-8ed3-db531a66f989");
  e.t_us = Micros(std::chrono::microseconds(1693098636357227));
  e.t_ns = std::chrono::system_clock::time_point(std::chrono::nanoseconds(1693098636357227123));
  e.t_s = std::chrono::sys_seconds(std::chrono::seconds(-1));
  e.opt_present = "";
  e.ints = {1, -2, 3};
  e.opt_list = {"a", std::nullopt, "c"};
  e.set_list = {{"x"}, {}};
  e.ss = {"a", "b"};
  e.ns = {-1.5, 0, 2e-7};
  e.bs = {Bytes{std::byte{1}}, Bytes{}};
  e.by_name = {{"one", Inner{"first", 1}}, {"two", Inner{"second", std::nullopt}}};
  e.inner = Inner{"inner", 7};
  e.inners = {Inner{"a", 1}, Inner{"b", std::nullopt}};
  return e;
}

}  // namespace

TEST_CASE("client marshal: scalar attribute forms", "[client][marshal]") {
  CHECK(encoded(std::string("x")) == R"({"S":"x"})");
  CHECK(encoded(true) == R"({"BOOL":true})");
  CHECK(encoded(42) == R"({"N":"42"})");
  CHECK(encoded(std::numeric_limits<std::int64_t>::min()) == R"({"N":"-9223372036854775808"})");
  CHECK(encoded(std::numeric_limits<std::uint64_t>::max()) == R"({"N":"18446744073709551615"})");
  CHECK(encoded(0.1) == R"({"N":"0.1"})");
  CHECK(encoded(1e21) == R"({"N":"1e+21"})");
  CHECK(encoded(Bytes{std::byte{'h'}, std::byte{'i'}}) == R"({"B":"aGk="})");
  CHECK(encoded(Statuses::failed) == R"({"S":"failed"})");
  CHECK(encoded(uuid_of("AAF0637A-6221-4BBB-BF6D-EDC4C04A6118")) == R"({"S":"aaf0637a-6221-4bbb-bf6d-edc4c04a6118"})");
  CHECK(encoded(std::optional<int>()) == R"({"NULL":true})");
  CHECK(encoded(std::vector<int>{1, 2}) == R"({"L":[{"N":"1"},{"N":"2"}]})");
  CHECK(encoded(std::set<std::string>{"b", "a"}) == R"({"SS":["a","b"]})");
  CHECK(encoded(std::set<int>{3, 1}) == R"({"NS":["1","3"]})");
  CHECK(encoded(std::set<Bytes>{Bytes{std::byte{1}}}) == R"({"BS":["AQ=="]})");
  CHECK(encoded(std::map<std::string, int>{{"a", 1}}) == R"({"M":{"a":{"N":"1"}}})");
  CHECK(encoded(Inner{"x", std::nullopt}) == R"({"M":{"name":{"S":"x"}}})");
}

TEST_CASE("client marshal: times are ISO 8601 UTC with the field's fixed-width fraction", "[client][marshal]") {
  Micros us(std::chrono::microseconds(1693098636357227));
  CHECK(encoded(us) == R"({"S":"2023-08-27T01:10:36.357227Z"})");
  CHECK(encoded(Micros(std::chrono::microseconds(1693098636000000))) == R"({"S":"2023-08-27T01:10:36.000000Z"})");
  CHECK(encoded(std::chrono::system_clock::time_point(std::chrono::nanoseconds(5))) ==
        R"({"S":"1970-01-01T00:00:00.000000005Z"})");
  CHECK(encoded(std::chrono::sys_seconds(std::chrono::seconds(-1))) == R"({"S":"1969-12-31T23:59:59Z"})");
  CHECK(encoded(std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(-1))) ==
        R"({"S":"1969-12-31T23:59:59.999Z"})");
  CHECK(encoded(std::chrono::sys_days(std::chrono::year(9999) / 12 / 31)) == R"({"S":"9999-12-31T00:00:00Z"})");
  CHECK_THROWS_AS(encoded(std::chrono::sys_days(std::chrono::year(10000) / 1 / 1)), EncodeError);
  // Text order is time order for one field type.
  Micros a(std::chrono::microseconds(999999)), b(std::chrono::microseconds(1000000));
  CHECK(encoded(a) < encoded(b));
  // Readers accept the seed's naive form and other fraction widths.
  auto d = parse(R"({"S":"2023-08-27T01:10:36.357227"})");
  CHECK(decode_value<Micros>(d) == us);
  d = parse(R"({"S":"2023-08-27 01:10:36.3572271+00:00"})");
  CHECK(decode_value<Micros>(d) == us);
  d = parse(R"({"S":"2023-02-29T00:00:00Z"})");
  CHECK_THROWS_AS(decode_value<Micros>(d), DecodeError);
}

TEST_CASE("client marshal: every type round-trips", "[client][marshal]") {
  CHECK(round_trip(std::string()) == "");
  CHECK(round_trip(std::numeric_limits<std::int64_t>::max()) == std::numeric_limits<std::int64_t>::max());
  CHECK(round_trip(std::numeric_limits<std::uint64_t>::max()) == std::numeric_limits<std::uint64_t>::max());
  for (double v : {0.1, -0.1 - 0.2, 1e-130, 9.999999999999999e125, 5e-324, 1.7976931348623157e308, 123456789.125})
    CHECK(round_trip(v) == v);
  for (float v : {0.1f, 3.4028235e38f, 1e-45f}) CHECK(round_trip(v) == v);
  CHECK(round_trip(Bytes{}).empty());

  Everything e = sample();
  rapidjson::Document item(rapidjson::kObjectType);
  encode_item(e, item, item.GetAllocator());
  CHECK_FALSE(item.HasMember("opt_absent"));  // empty optional: no attribute
  CHECK_FALSE(item.HasMember("empty_ns"));    // empty set: no attribute
  CHECK(to_json(item["opt_list"]) == R"({"L":[{"S":"a"},{"NULL":true},{"S":"c"}]})");
  CHECK(to_json(item["set_list"]) == R"({"L":[{"SS":["x"]},{"NULL":true}]})");
  CHECK(decode_item<Everything>(item) == e);
  // Unknown attributes are ignored.
  rapidjson::Document extra = parse(R"({"S":"x"})");
  item.AddMember("extra", rapidjson::Value().CopyFrom(extra, item.GetAllocator()), item.GetAllocator());
  CHECK(decode_item<Everything>(item) == e);
}

TEST_CASE("client marshal: errors name the model, the field and the problem", "[client][marshal]") {
  Everything e = sample();
  rapidjson::Document item(rapidjson::kObjectType);
  encode_item(e, item, item.GetAllocator());
  auto decode_error = [&](const char* field, const char* json) -> std::string {
    rapidjson::Document copy;
    copy.CopyFrom(item, copy.GetAllocator());
    rapidjson::Document value = parse(json);
    copy[field].CopyFrom(value, copy.GetAllocator());
    try {
      decode_item<Everything>(copy);
    } catch (const DecodeError& err) {
      CHECK(err.model() == "Everything");
      return err.field() + ": " + err.problem();
    }
    return "no error";
  };
  CHECK(decode_error("i8", R"({"N":"128"})") == "i8: number 128 is out of range for int8");
  CHECK(decode_error("i32", R"({"N":"1.5"})") == "i32: number 1.5 is not an integer");
  CHECK(decode_error("s", R"({"N":"1"})") == "s: expected S, found N");
  CHECK(decode_error("status", R"({"S":"lost"})") == "status: 'lost' is not an enumerator of Statuses");
  CHECK(decode_error("id", R"({"S":"not-a-uuid"})") == "id: 'not-a-uuid' is not a UUID");
  CHECK(decode_error("bytes", R"({"B":"***"})") == "bytes: invalid base64 in B value");
  CHECK(decode_error("inners", R"({"L":[{"M":{"name":{"S":"a"}}},{"M":{"n":{"N":"1"}}}]})") ==
        "inners[1].name: missing attribute");
  CHECK(decode_error("by_name", R"({"M":{"k":{"M":{"name":{"BOOL":true}}}}})") == "by_name.k.name: expected S, found BOOL");
  CHECK(decode_error("t_us", R"({"S":"yesterday"})") == "t_us: 'yesterday' is not an ISO 8601 UTC time");
  item.RemoveMember("s");
  CHECK_THROWS_WITH(decode_item<Everything>(item), "DecodeError: Everything.s: missing attribute");

  e.inners[1].n = 1;
  e.d = std::nan("");
  rapidjson::Document out(rapidjson::kObjectType);
  CHECK_THROWS_WITH(encode_item(e, out, out.GetAllocator()),
                    "EncodeError: Everything.d: NaN and infinity cannot be stored as a DynamoDB number");
}

TEST_CASE("client marshal: model names and field names", "[client][marshal]") {
  CHECK(model_name<Command>() == "Command");
  CHECK(model_name<Statuses>() == "Statuses");
  CHECK(field_name(&CommandV2::command_id) == "command_id");
  CHECK(field_names<Command>() == std::vector<std::string_view>{"command_id", "status", "retry"});
}
