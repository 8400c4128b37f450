// DynamoDB JSON decoding: every validation error's type and exact message,
// and round trips through encode.
#include "value/json_codec.h"

#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <catch2/catch.hpp>
#include <string>

#include "dynamo_items/error.h"

using namespace dynamo_items;

namespace {

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

AttributeValue value(const std::string& text) { return json::decode_value(parse(text)); }

// "Type: message" of the error decoding a value, or "ok".
std::string value_error(const std::string& text) {
  try {
    json::decode_value(parse(text));
  } catch (const Error& e) {
    return e.type() + ": " + e.message();
  }
  return "ok";
}

std::string item_error(const std::string& text) {
  try {
    json::decode_item(parse(text));
  } catch (const Error& e) {
    return e.type() + ": " + e.message();
  }
  return "ok";
}

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

std::string reencode(const std::string& text) {
  rapidjson::Document out;
  return to_json(json::encode_value(value(text), out.GetAllocator()));
}

const std::string V = "ValidationException: ";
const std::string S = "SerializationException: ";
const std::string kInvalid = "One or more parameter values were invalid: ";

}  // namespace

TEST_CASE("json codec: decodes all ten types", "[json_codec]") {
  CHECK(value(R"({"S":"x"})") == AttributeValue::string("x"));
  CHECK(value(R"({"S":""})") == AttributeValue::string(""));
  CHECK(value(R"({"N":"1.50"})") == AttributeValue::number("1.5"));
  CHECK(value(R"({"N":"-0"})") == AttributeValue::number("0"));
  CHECK(value(R"({"B":"AAEC/w=="})") == AttributeValue::binary(std::string("\x00\x01\x02\xFF", 4)));
  CHECK(value(R"({"B":""})") == AttributeValue::binary(""));
  CHECK(value(R"({"BOOL":true})") == AttributeValue::boolean(true));
  CHECK(value(R"({"BOOL":false})") == AttributeValue::boolean(false));
  CHECK(value(R"({"NULL":true})") == AttributeValue::null());
  CHECK(value(R"({"M":{"a":{"S":"b"}}})") == AttributeValue::map({{"a", AttributeValue::string("b")}}));
  CHECK(value(R"({"M":{}})") == AttributeValue::map({}));
  CHECK(value(R"({"L":[{"N":"1"},{"S":"a"}]})") ==
        AttributeValue::list({AttributeValue::number("1"), AttributeValue::string("a")}));
  CHECK(value(R"({"L":[]})") == AttributeValue::list({}));
  CHECK(value(R"({"SS":["a","b"]})") == AttributeValue::string_set({"a", "b"}));
  CHECK(value(R"({"NS":["1.0","2e1"]})") == AttributeValue::number_set({"1", "20"}));
  CHECK(value(R"({"BS":["AA==","AQ=="]})") == AttributeValue::binary_set({std::string("\x00", 1), "\x01"}));
}

TEST_CASE("json codec: lenient forms DynamoDB accepts", "[json_codec]") {
  // Booleans given as text, as DynamoDB's deserializer takes them.
  CHECK(value(R"({"BOOL":"true"})") == AttributeValue::boolean(true));
  CHECK(value(R"({"BOOL":"No"})") == AttributeValue::boolean(false));
  CHECK(value(R"({"NULL":"TRUE"})") == AttributeValue::null());
  // Unknown members and null members are ignored.
  CHECK(value(R"({"S":"x","Q":"y"})") == AttributeValue::string("x"));
  CHECK(value(R"({"S":"x","N":null})") == AttributeValue::string("x"));
}

TEST_CASE("json codec: structural validation errors", "[json_codec]") {
  CHECK(value_error(R"({})") ==
        V + "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  CHECK(value_error(R"({"X":"y"})") ==
        V + "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  CHECK(value_error(R"(null)") ==
        V + "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  CHECK(value_error(R"({"S":"a","N":"1"})") ==
        V + "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
            "supported datatypes");
  CHECK(value_error(R"({"S":"a","BOOL":true,"NULL":true})") ==
        V + "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
            "supported datatypes");
  // A value's own error comes before the more-than-one-type error.
  CHECK(value_error(R"({"S":"a","N":"b"})") == V + "The parameter cannot be converted to a numeric value: b");
  CHECK(value_error(R"({"NULL":"no"})") ==
        V + kInvalid + "Null attribute value types must have the value of true");
}

TEST_CASE("json codec: NULL false is stored as NULL true, as DynamoDB does today", "[json_codec]") {
  rapidjson::Document d;
  d.Parse(R"({"NULL":false})");
  CHECK(json::decode_value(d) == AttributeValue::null());
}

TEST_CASE("json codec: wrong JSON types are serialization errors", "[json_codec]") {
  CHECK(value_error(R"({"S":5})") == S + "NUMBER_VALUE cannot be converted to String");
  CHECK(value_error(R"({"N":123})") == S + "NUMBER_VALUE cannot be converted to String");
  CHECK(value_error(R"({"S":true})") == S + "BOOLEAN_VALUE cannot be converted to String");
  CHECK(value_error(R"({"S":{}})") == S + "Start of structure or map found where not expected.");
  CHECK(value_error(R"({"S":[]})") == S + "Start of list found where not expected");
  CHECK(value_error(R"({"BOOL":"x"})") == S + "STRING_VALUE cannot be converted to Boolean");
  CHECK(value_error(R"({"BOOL":1})") == S + "NUMBER_VALUE cannot be converted to Boolean");
  CHECK(value_error(R"({"NULL":[]})") == S + "Start of list found where not expected");
  CHECK(value_error(R"({"B":5})") == S + "NUMBER_VALUE cannot be converted to Blob");
  CHECK(value_error(R"({"B":false})") == S + "BOOLEAN_VALUE cannot be converted to Blob");
  CHECK(value_error(R"({"M":"x"})") == S + "Expected map or null");
  CHECK(value_error(R"({"M":[]})") == S + "Start of list found where not expected");
  CHECK(value_error(R"({"L":"x"})") == S + "Expected list or null");
  CHECK(value_error(R"({"L":{}})") == S + "Start of structure or map found where not expected.");
  CHECK(value_error(R"({"SS":"a"})") == S + "Expected list or null");
  CHECK(value_error(R"({"SS":[1]})") == S + "NUMBER_VALUE cannot be converted to String");
  CHECK(value_error(R"({"NS":[1]})") == S + "NUMBER_VALUE cannot be converted to String");
  CHECK(value_error(R"({"BS":[true]})") == S + "BOOLEAN_VALUE cannot be converted to Blob");
  CHECK(value_error(R"("x")") == S + "Expected null");
  CHECK(value_error(R"([])") == S + "Start of list found where not expected");
  CHECK(value_error(R"({"L":[5]})") == S + "Expected null");
  CHECK(item_error(R"([])") == S + "Start of list found where not expected");
  CHECK(item_error(R"("x")") == S + "Expected map or null");
  CHECK(item_error(R"({"a":1})") == S + "Expected null");
}

TEST_CASE("json codec: serialization errors win over validation errors", "[json_codec]") {
  // DynamoDB deserializes the whole request before validating it.
  CHECK(item_error(R"({"a":{"N":"x"},"b":{"S":5}})") == S + "NUMBER_VALUE cannot be converted to String");
  CHECK(value_error(R"({"L":[{"SS":[]},{"B":"!"}]})") ==
        S + "'!' can not be converted to a Blob: " +
            "Base64 encoded length is expected a multiple of 4 "
            "bytes but found: 1");
  // Among validation errors, the first one in document order.
  CHECK(item_error(R"({"a":{"N":"x"},"b":{"SS":[]}})") ==
        V + "The parameter cannot be converted to a numeric value: x");
}

TEST_CASE("json codec: number errors", "[json_codec]") {
  CHECK(value_error(R"({"N":""})") == V + "The parameter cannot be converted to a numeric value");
  CHECK(value_error(R"({"N":"abc"})") == V + "The parameter cannot be converted to a numeric value: abc");
  CHECK(value_error(R"({"N":" 1"})") == V + "The parameter cannot be converted to a numeric value:  1");
  CHECK(value_error(R"({"N":"1e126"})") ==
        V + "Number overflow. Attempting to store a number with magnitude larger than supported range");
  CHECK(value_error(R"({"N":"1e-131"})") ==
        V + "Number underflow. Attempting to store a number with magnitude smaller than supported range");
  CHECK(value_error(R"({"N":"123456789012345678901234567890123456789"})") ==
        V + "Attempting to store more than 38 significant digits in a Number");
  CHECK(value_error(R"({"NS":["1",""]})") == V + "The parameter cannot be converted to a numeric value");
  CHECK(value_error(R"({"NS":["1","b"]})") == V + "The parameter cannot be converted to a numeric value: b");
  CHECK(value_error(R"({"NS":["1",null]})") == V + "The parameter cannot be converted to a numeric value");
}

TEST_CASE("json codec: set errors", "[json_codec]") {
  CHECK(value_error(R"({"SS":[]})") == V + kInvalid + "An string set  may not be empty");
  CHECK(value_error(R"({"NS":[]})") == V + kInvalid + "An number set  may not be empty");
  CHECK(value_error(R"({"BS":[]})") == V + kInvalid + "Binary sets should not be empty");
  CHECK(value_error(R"({"SS":["a",null]})") ==
        V + kInvalid + "An string set may not have a empty string as a member");
  CHECK(value_error(R"({"BS":["AA==",null]})") ==
        V + kInvalid + "Binary sets may not contain null or empty values");
  CHECK(value_error(R"({"SS":["a","b","a"]})") ==
        V + kInvalid + "Input collection [a, b, a] contains duplicates.");
  CHECK(value_error(R"({"NS":["1","1"]})") == V + "Input collection contains duplicates");
  // Numeric duplicates: 1 and 1.0 are the same number.
  CHECK(value_error(R"({"NS":["1","1.0"]})") == V + "Input collection contains duplicates");
  CHECK(value_error(R"({"NS":["100","1e2"]})") == V + "Input collection contains duplicates");
  CHECK(value_error(R"({"BS":["AA==","AA=="]})") ==
        V + kInvalid + "Input collection [AA==, AA==]of type BS contains duplicates.");
}

TEST_CASE("json codec: base64 errors", "[json_codec]") {
  const std::string prefix = S + "'";
  CHECK(value_error(R"({"B":"abc"})") ==
        prefix +
            "abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes "
            "but found: 3");
  CHECK(value_error(R"({"B":"ab$d"})") ==
        prefix + "ab$d' can not be converted to a Blob: Invalid Base64 character: '$'");
  CHECK(value_error(R"({"B":"a=bc"})") ==
        prefix + "a=bc' can not be converted to a Blob: Invalid Base64 character: '='");
  CHECK(value_error(R"({"B":"===="})") ==
        prefix + "====' can not be converted to a Blob: Invalid Base64 character: '='");
  CHECK(value_error(R"({"B":"AB=="})") ==
        prefix + "AB==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected");
  CHECK(value_error(R"({"BS":["AA==","AAB="]})") ==
        prefix + "AAB=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected");
}

TEST_CASE("json codec: nesting depth", "[json_codec]") {
  auto nested = [](int levels) {
    std::string s;
    for (int i = 0; i < levels; ++i) s += i % 2 ? R"({"M":{"k":)" : R"({"L":[)";
    s += R"({"S":"x"})";
    for (int i = levels - 1; i >= 0; --i) s += i % 2 ? "}}" : "]}";
    return s;
  };
  CHECK(value_error(nested(32)) == "ok");
  CHECK(value_error(nested(33)) ==
        V + "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
            "supported limit");
  CHECK(value_error(nested(200)).rfind(V + "Nesting Levels", 0) == 0);
}

TEST_CASE("json codec: encode and round trip", "[json_codec]") {
  CHECK(reencode(R"({"N":"1E+2"})") == R"({"N":"100"})");
  CHECK(reencode(R"({"NULL":true})") == R"({"NULL":true})");
  CHECK(reencode(R"({"B":"AAEC/w=="})") == R"({"B":"AAEC/w=="})");
  CHECK(reencode(R"({"B":""})") == R"({"B":""})");
  CHECK(reencode(R"({"BS":["AQ==","AAE="]})") == R"({"BS":["AQ==","AAE="]})");
  CHECK(reencode(R"({"NS":["0.10","3"]})") == R"({"NS":["0.1","3"]})");
  const std::string text =
      R"({"M":{"a":{"S":"x"},"b":{"L":[{"BOOL":false},{"NULL":true},{"SS":["p","q"]}]},"c":{"N":"-1.5"}}})";
  CHECK(reencode(text) == text);

  const std::string item_text = R"({"pk":{"S":"k"},"v":{"M":{"b":{"BS":["AA=="]},"n":{"NS":["1","2"]}}}})";
  rapidjson::Document out;
  const Item item = json::decode_item(parse(item_text));
  CHECK(to_json(json::encode_item(item, out.GetAllocator())) == item_text);
}

TEST_CASE("json codec: try_decode_item returns the error decode_item throws", "[json_codec]") {
  Result<Item> ok = json::try_decode_item(parse(R"({"a":{"S":"x"}})"));
  REQUIRE(ok);
  CHECK(ok.value().at("a") == AttributeValue::string("x"));

  Result<Item> bad_type = json::try_decode_item(parse(R"({"a":{"S":1}})"));
  REQUIRE_FALSE(bad_type);
  CHECK(bad_type.error().type() == "SerializationException");
  CHECK(bad_type.error().message() == "NUMBER_VALUE cannot be converted to String");

  Result<Item> empty_set = json::try_decode_item(parse(R"({"a":{"SS":[]}})"));
  REQUIRE_FALSE(empty_set);
  CHECK(empty_set.error().type() == "ValidationException");
  CHECK(empty_set.error().message() ==
        "One or more parameter values were invalid: An string set  may not be empty");

  Result<Item> not_a_map = json::try_decode_item(parse("[]"));
  REQUIRE_FALSE(not_a_map);
  CHECK(not_a_map.error().message() == "Start of list found where not expected");
}
