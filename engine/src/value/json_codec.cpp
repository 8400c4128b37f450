// JSON codec: DynamoDB JSON <-> AttributeValue with DynamoDB's validation.
//
// DynamoDB first deserializes the whole request (wrong JSON types become
// SerializationException) and only then validates values (ValidationException).
// To report the same error for a request with both kinds of mistakes, the
// decoder throws serialization errors at once but only remembers the first
// validation error, throwing it when the whole value / item has been read.
//
// Messages are DynamoDB's, as recorded by dynalite's tests against the real
// service (validations/index.js) and by DynamoDB Local's ErrorFactory; quirks
// such as "An string set  may not be empty" (two spaces) are deliberate.
#include "value/json_codec.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "dynamo_items/error.h"
#include "dynamo_items/number.h"
#include "value/base64.h"

namespace dynamo_items::json {

namespace {

constexpr int kMaxNestingDepth = 32;  // M and L levels, as in DynamoDB's limits page

constexpr const char* kInvalid = "One or more parameter values were invalid: ";
constexpr const char* kEmptyValue =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
constexpr const char* kMultipleTypes =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
    "datatypes";
constexpr const char* kNesting =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
    "supported limit";

// Names of JSON tokens in DynamoDB's "X cannot be converted to Y" messages.
const char* token_name(const rapidjson::Value& v) {
  if (v.IsNumber()) return "NUMBER_VALUE";
  if (v.IsBool()) return "BOOLEAN_VALUE";
  return "STRING_VALUE";
}

[[noreturn]] void throw_structure_or_list(const rapidjson::Value& v) {
  if (v.IsArray()) throw Error::serialization("Start of list found where not expected");
  throw Error::serialization("Start of structure or map found where not expected.");
}

std::string join_members(const std::vector<std::string>& members) {
  std::string s = "[";
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i) s += ", ";
    s += members[i];
  }
  s += "]";
  return s;
}

bool has_duplicates(const std::vector<std::string>& members) {
  if (members.size() < 2) return false;
  std::vector<std::string_view> sorted(members.begin(), members.end());
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
}

class Decoder {
 public:
  AttributeValue value(const rapidjson::Value& v, int depth) {
    if (v.IsNull()) {
      fail(kEmptyValue);
      return {};
    }
    if (!v.IsObject()) {
      if (v.IsArray()) throw Error::serialization("Start of list found where not expected");
      throw Error::serialization("Expected null");
    }

    // Pass 1: JSON types of every member (serialization errors first).
    const rapidjson::Value* fields[10] = {};
    int present = 0;
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      if (it->value.IsNull()) continue;  // a null member is as if absent
      const int t = type_index(std::string_view(it->name.GetString(), it->name.GetStringLength()));
      if (t < 0) continue;  // unknown members are ignored, as by DynamoDB
      check_json_type(static_cast<AttrType>(t), it->value);
      if (!fields[t]) ++present;
      fields[t] = &it->value;
    }
    if (present == 0) {
      fail(kEmptyValue);
      return {};
    }

    // Pass 2: build the value(s), validating in member order like DynamoDB.
    AttributeValue result;
    bool have_result = false;
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      if (it->value.IsNull()) continue;
      const int t = type_index(std::string_view(it->name.GetString(), it->name.GetStringLength()));
      if (t < 0 || fields[t] != &it->value) continue;
      AttributeValue built = build(static_cast<AttrType>(t), it->value, depth);
      if (!have_result) {
        result = std::move(built);
        have_result = true;
      }
    }
    if (present > 1) fail(kMultipleTypes);
    return result;
  }

  Item map(const rapidjson::Value& v, int depth) {
    Item m;
    for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
      std::string name(it->name.GetString(), it->name.GetStringLength());
      // JSON objects may repeat a name; the last one wins, as in a Java map.
      m.insert_or_assign(std::move(name), value(it->value, depth));
    }
    return m;
  }

  void finish() {
    if (first_error_) throw *first_error_;
  }

 private:
  static int type_index(std::string_view name) {
    static constexpr std::string_view kNames[] = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"};
    for (int i = 0; i < 10; ++i) {
      if (kNames[i] == name) return i;
    }
    return -1;
  }

  // Remember only the first validation error; keep decoding so a later
  // serialization error still wins.
  void fail(std::string message) {
    if (!first_error_) first_error_ = Error::validation(std::move(message));
  }

  static void check_string(const rapidjson::Value& v) {
    if (v.IsString()) return;
    if (v.IsObject() || v.IsArray()) throw_structure_or_list(v);
    throw Error::serialization(std::string(token_name(v)) + " cannot be converted to String");
  }

  static void check_boolean(const rapidjson::Value& v) {
    if (v.IsBool()) return;
    if (v.IsObject() || v.IsArray()) throw_structure_or_list(v);
    if (v.IsString() && parse_bool_text(v).has_value()) return;
    throw Error::serialization(std::string(token_name(v)) + " cannot be converted to Boolean");
  }

  static void check_blob(const rapidjson::Value& v) {
    if (v.IsObject() || v.IsArray()) throw_structure_or_list(v);
    if (!v.IsString())
      throw Error::serialization(std::string(token_name(v)) + " cannot be converted to Blob");
  }

  static void check_list(const rapidjson::Value& v, void (*member)(const rapidjson::Value&)) {
    if (v.IsObject()) throw Error::serialization("Start of structure or map found where not expected.");
    if (!v.IsArray()) throw Error::serialization("Expected list or null");
    for (const auto& e : v.GetArray()) {
      if (!e.IsNull()) member(e);
    }
  }

  static void check_json_type(AttrType t, const rapidjson::Value& v) {
    switch (t) {
      case AttrType::S:
      case AttrType::N:
        check_string(v);
        return;
      case AttrType::B:
        check_blob(v);
        return;
      case AttrType::BOOL:
      case AttrType::NUL:
        check_boolean(v);
        return;
      case AttrType::M:
        if (v.IsArray()) throw Error::serialization("Start of list found where not expected");
        if (!v.IsObject()) throw Error::serialization("Expected map or null");
        return;
      case AttrType::L:
        if (v.IsObject()) throw Error::serialization("Start of structure or map found where not expected.");
        if (!v.IsArray()) throw Error::serialization("Expected list or null");
        return;
      case AttrType::SS:
      case AttrType::NS:
        check_list(v, check_string);
        return;
      case AttrType::BS:
        check_list(v, check_blob);
        return;
    }
  }

  // DynamoDB's deserializer also takes "true"/"yes"/"1" (any case) as
  // booleans; other strings are errors.
  static std::optional<bool> parse_bool_text(const rapidjson::Value& v) {
    std::string s(v.GetString(), v.GetStringLength());
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (s == "TRUE" || s == "YES" || s == "1") return true;
    if (s == "FALSE" || s == "NO" || s == "0") return false;
    return std::nullopt;
  }

  static bool bool_of(const rapidjson::Value& v) { return v.IsBool() ? v.GetBool() : *parse_bool_text(v); }

  // Base64 failures are SerializationException with the offending text.
  static std::string blob(const rapidjson::Value& v) {
    std::string_view text(v.GetString(), v.GetStringLength());
    base64::DecodeResult r = base64::decode(text);
    if (r.error == base64::DecodeError::kNone) return std::move(r.bytes);
    std::string m = "'";
    m += text;
    m += "' can not be converted to a Blob: ";
    switch (r.error) {
      case base64::DecodeError::kLength:
        m += "Base64 encoded length is expected a multiple of 4 bytes but found: " +
             std::to_string(text.size());
        break;
      case base64::DecodeError::kCharacter:
        m += "Invalid Base64 character: '";
        m.push_back(r.bad_char);
        m += "'";
        break;
      default:
        m += "Invalid last non-pad Base64 character dectected";
        break;  // sic
    }
    throw Error::serialization(std::move(m));
  }

  // Parses and canonicalizes; on error records it and returns "0".
  std::string number(const rapidjson::Value& v) {
    try {
      return Number::parse(std::string_view(v.GetString(), v.GetStringLength())).to_string();
    } catch (const Error& e) {
      fail(e.message());
      return "0";
    }
  }

  AttributeValue build(AttrType t, const rapidjson::Value& v, int depth) {
    switch (t) {
      case AttrType::S:
        return AttributeValue::string(std::string(v.GetString(), v.GetStringLength()));
      case AttrType::N:
        return AttributeValue::number(number(v));
      case AttrType::B:
        return AttributeValue::binary(blob(v));
      case AttrType::BOOL:
        return AttributeValue::boolean(bool_of(v));
      case AttrType::NUL:
        // DynamoDB used to refuse {"NULL": false}; since 2026 it stores it as
        // NULL true (nubo-db/dynamodb-conformance captures, 2026-06-08). A value
        // that is not a boolean still gets the old message.
        if (!v.IsBool() && !bool_of(v))
          fail(std::string(kInvalid) + "Null attribute value types must have the value of true");
        return AttributeValue::null();
      case AttrType::M:
        if (depth + 1 > kMaxNestingDepth) {
          fail(kNesting);  // and do not descend: bounds our recursion
          return AttributeValue::map({});
        }
        return AttributeValue::map(map(v, depth + 1));
      case AttrType::L: {
        if (depth + 1 > kMaxNestingDepth) {
          fail(kNesting);
          return AttributeValue::list({});
        }
        AttributeList l;
        l.reserve(v.Size());
        for (const auto& e : v.GetArray()) l.push_back(value(e, depth + 1));
        return AttributeValue::list(std::move(l));
      }
      case AttrType::SS:
        return string_set(v);
      case AttrType::NS:
        return number_set(v);
      case AttrType::BS:
        return binary_set(v);
    }
    return {};
  }

  AttributeValue string_set(const rapidjson::Value& v) {
    std::vector<std::string> members;
    members.reserve(v.Size());
    bool empty_member = false;
    for (const auto& e : v.GetArray()) {
      // Empty strings are valid members since 2020; only null is not.
      if (e.IsNull()) empty_member = true;
      members.emplace_back(e.IsNull() ? "" : std::string(e.GetString(), e.GetStringLength()));
    }
    if (members.empty()) {
      fail(std::string(kInvalid) + "An string set  may not be empty");
    } else if (empty_member) {
      fail(std::string(kInvalid) + "An string set may not have a empty string as a member");
    } else if (has_duplicates(members)) {
      fail(std::string(kInvalid) + "Input collection " + join_members(members) + " contains duplicates.");
    }
    return AttributeValue::string_set(std::move(members));
  }

  AttributeValue number_set(const rapidjson::Value& v) {
    std::vector<std::string> members;
    members.reserve(v.Size());
    if (v.Size() == 0) fail(std::string(kInvalid) + "An number set  may not be empty");
    for (const auto& e : v.GetArray()) {
      if (e.IsNull()) {
        fail("The parameter cannot be converted to a numeric value");
        members.emplace_back("0");
      } else {
        members.push_back(number(e));
      }
    }
    // Canonical text makes 1 and 1.0 equal strings, so numeric duplicates
    // are string duplicates here.
    if (has_duplicates(members)) fail("Input collection contains duplicates");
    return AttributeValue::number_set(std::move(members));
  }

  AttributeValue binary_set(const rapidjson::Value& v) {
    std::vector<std::string> members;
    members.reserve(v.Size());
    bool empty_member = false;
    for (const auto& e : v.GetArray()) {
      if (e.IsNull()) {
        empty_member = true;
        members.emplace_back();
        continue;
      }
      members.push_back(blob(e));
    }
    if (members.empty()) {
      fail(std::string(kInvalid) + "Binary sets should not be empty");
    } else if (empty_member) {
      fail(std::string(kInvalid) + "Binary sets may not contain null or empty values");
    } else if (has_duplicates(members)) {
      // DynamoDB shows the members as sent (base64) and omits a space.
      std::vector<std::string> shown;
      shown.reserve(members.size());
      for (const auto& m : members) shown.push_back(base64::encode(m));
      fail(std::string(kInvalid) + "Input collection " + join_members(shown) +
           "of type BS contains duplicates.");
    }
    return AttributeValue::binary_set(std::move(members));
  }

  std::optional<Error> first_error_;
};

}  // namespace

AttributeValue decode_value(const rapidjson::Value& v) {
  Decoder d;
  AttributeValue r = d.value(v, 0);
  d.finish();
  return r;
}

Item decode_item(const rapidjson::Value& v) {
  if (v.IsArray()) throw Error::serialization("Start of list found where not expected");
  if (!v.IsObject()) throw Error::serialization("Expected map or null");
  Decoder d;
  Item item = d.map(v, 0);
  d.finish();
  return item;
}

// The decoder reports an error by throwing from deep in the value; this is
// the codec's one boundary where it becomes a value.
Result<Item> try_decode_item(const rapidjson::Value& v) {
  try {
    return decode_item(v);
  } catch (Error& e) {
    return std::move(e);
  }
}

namespace {

rapidjson::Value string_value(std::string_view s, rapidjson::Document::AllocatorType& a) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

rapidjson::Value base64_value(std::string_view raw, rapidjson::Document::AllocatorType& a) {
  return string_value(base64::encode(raw), a);
}

}  // namespace

rapidjson::Value encode_value(const AttributeValue& v, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value out(rapidjson::kObjectType);
  const std::string_view name = attr_type_name(v.type());
  rapidjson::Value key(name.data(), static_cast<rapidjson::SizeType>(name.size()));  // static string
  switch (v.type()) {
    case AttrType::S:
    case AttrType::N:
      out.AddMember(key, string_value(v.scalar(), a), a);
      break;
    case AttrType::B:
      out.AddMember(key, base64_value(v.scalar(), a), a);
      break;
    case AttrType::BOOL:
      out.AddMember(key, rapidjson::Value(v.boolean_value()), a);
      break;
    case AttrType::NUL:
      out.AddMember(key, rapidjson::Value(true), a);
      break;
    case AttrType::M:
      out.AddMember(key, encode_item(v.map(), a), a);
      break;
    case AttrType::L: {
      rapidjson::Value l(rapidjson::kArrayType);
      l.Reserve(static_cast<rapidjson::SizeType>(v.list().size()), a);
      for (const auto& e : v.list()) l.PushBack(encode_value(e, a), a);
      out.AddMember(key, l, a);
      break;
    }
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS: {
      const bool binary = v.type() == AttrType::BS;
      rapidjson::Value l(rapidjson::kArrayType);
      l.Reserve(static_cast<rapidjson::SizeType>(v.set().size()), a);
      for (const auto& e : v.set()) l.PushBack(binary ? base64_value(e, a) : string_value(e, a), a);
      out.AddMember(key, l, a);
      break;
    }
  }
  return out;
}

rapidjson::Value encode_item(const Item& item, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value out(rapidjson::kObjectType);
  for (const auto& [name, value] : item) out.AddMember(string_value(name, a), encode_value(value, a), a);
  return out;
}

}  // namespace dynamo_items::json
