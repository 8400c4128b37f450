#include "database_operations.h"

#include <cmath>
#include <string>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dynamo_items/error.h"
#include "dynamo_items/server/databases.h"

namespace dynamo_items::server {

namespace {

// The Java class DynamoDB's deserializer names for a JSON number.
std::string number_class(const rapidjson::Value& v) {
  if (v.IsDouble() && std::floor(v.GetDouble()) != v.GetDouble()) return "java.lang.Double";
  if (v.IsInt64() && v.GetInt64() >= -32768 && v.GetInt64() <= 32767) return "java.lang.Short";
  if (v.IsInt64() && v.GetInt64() >= -2147483648LL && v.GetInt64() <= 2147483647LL) return "java.lang.Integer";
  return "java.lang.Long";
}

// The string member `name`, or nullptr when absent (a null counts as absent).
// Another JSON type is a SerializationException with the texts DynamoDB's
// own operations send for a String member.
const rapidjson::Value* string_member(const rapidjson::Value& request, const char* name) {
  auto it = request.FindMember(name);
  if (it == request.MemberEnd() || it->value.IsNull()) return nullptr;
  const rapidjson::Value& v = it->value;
  if (v.IsString()) return &v;
  if (v.IsBool()) throw Error::serialization("class java.lang.Boolean can not be converted to an String");
  if (v.IsNumber()) throw Error::serialization("class " + number_class(v) + " can not be converted to an String");
  if (v.IsArray()) throw Error::serialization("Start of list found where not expected");
  throw Error::serialization("Start of structure or map found where not expected.");
}

std::string_view required_name(const rapidjson::Value& request) {
  const rapidjson::Value* name = string_member(request, "DatabaseName");
  if (name == nullptr) {
    throw Error::validation(
        "1 validation error detected: Value null at 'databaseName' failed to satisfy constraint: Member must not "
        "be null");
  }
  return {name->GetString(), name->GetStringLength()};
}

template <class Writer>
void write_string(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

template <class Writer>
void write_description(Writer& w, const DatabaseDescription& d) {
  w.StartObject();
  w.Key("DatabaseName");
  write_string(w, d.name);
  if (!d.from_snapshot.empty()) {
    w.Key("FromSnapshot");
    write_string(w, d.from_snapshot);
  }
  w.Key("CreationDateTime");
  w.Double(d.created);
  w.Key("TableNames");
  w.StartArray();
  for (const auto& t : d.tables) write_string(w, t);
  w.EndArray();
  w.Key("ItemCount");
  w.Int64(d.item_count);
  w.EndObject();
}

}  // namespace

bool is_database_operation(std::string_view operation) {
  return operation == "CreateDatabase" || operation == "DeleteDatabase" || operation == "ListDatabases";
}

void run_database_operation(std::string_view operation, const rapidjson::Value& request, Databases& databases,
                            std::string_view access_key_id, std::string_view region, Engine& routed,
                            std::string& out) {
  // Written to a buffer of its own: a throw half way leaves `out` untouched.
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  if (operation == "ListDatabases") {
    w.Key("Databases");
    w.StartArray();
    for (const auto& d : databases.list_databases(access_key_id, region)) write_description(w, d);
    w.EndArray();
  } else if (operation == "CreateDatabase") {
    const std::string_view name = required_name(request);
    std::string_view from;
    if (const rapidjson::Value* snapshot = string_member(request, "FromSnapshot")) {
      from = {snapshot->GetString(), snapshot->GetStringLength()};
      if (from.empty()) {
        throw Error::validation(
            "1 validation error detected: Value '' at 'fromSnapshot' failed to satisfy constraint: Member must "
            "have length greater than or equal to 1");
      }
    }
    w.Key("DatabaseDescription");
    write_description(w, databases.create_database(access_key_id, region, name, routed, from));
  } else if (operation == "DeleteDatabase") {
    w.Key("DatabaseDescription");
    write_description(w, databases.delete_database(access_key_id, region, required_name(request)));
  } else {
    throw Error::unknown_operation();
  }
  w.EndObject();
  out.append(buffer.GetString(), buffer.GetSize());
}

}  // namespace dynamo_items::server
