#include "wire_error.h"

#include <rapidjson/document.h>
#include <rapidjson/writer.h>

#include <array>

#include "dynamo_items/string_sink.h"
#include "dynamo_items/json.h"

namespace dynamo_items::server {
namespace {

constexpr std::string_view kValidate = "com.amazon.coral.validate#";
constexpr std::string_view kCoral = "com.amazon.coral.service#";
constexpr std::string_view kDynamo = "com.amazonaws.dynamodb.v20120810#";

constexpr std::array<std::string_view, 8> kCoralTypes = {
    "SerializationException",       "UnknownOperationException", "MissingAuthenticationTokenException",
    "IncompleteSignatureException", "InvalidSignatureException", "UnrecognizedClientException",
    "AccessDeniedException",        "InternalFailure",
};

using Writer = rapidjson::Writer<StringSink>;

void write_type(Writer& w, std::string_view type) {
  std::string_view ns = wire_namespace(type);
  std::string full;
  full.reserve(ns.size() + type.size());
  full.append(ns).append(type);
  w.Key("__type");
  w.String(full.data(), static_cast<rapidjson::SizeType>(full.size()));
}

void write_message(Writer& w, std::string_view type, std::string_view message) {
  if (message.empty()) return;
  std::string_view key = message_member(type);
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
}

void write_item(Writer& w, const Item& item) {
  rapidjson::MemoryPoolAllocator<> pool;
  rapidjson::Value v = json::encode_item(item, pool);
  w.Key("Item");
  v.Accept(w);
}

}  // namespace

std::string_view wire_namespace(std::string_view type) {
  if (type == "ValidationException") return kValidate;
  for (std::string_view t : kCoralTypes)
    if (t == type) return kCoral;
  return kDynamo;
}

std::string_view message_member(std::string_view type) {
  if (type == "SerializationException" || type == "TransactionCanceledException") return "Message";
  return "message";
}

void append_error_body(std::string_view type, std::string_view message, std::string& out) {
  StringSink sink{&out};
  Writer w(sink);
  w.StartObject();
  write_type(w, type);
  write_message(w, type, message);
  w.EndObject();
}

void append_error_body(const Error& error, std::string& out) {
  StringSink sink{&out};
  Writer w(sink);
  w.StartObject();
  write_type(w, error.type());
  if (error.item) write_item(w, *error.item);
  if (!error.cancellation_reasons.empty()) {
    w.Key("CancellationReasons");
    w.StartArray();
    for (const auto& reason : error.cancellation_reasons) {
      w.StartObject();
      w.Key("Code");
      w.String(reason.code.data(), static_cast<rapidjson::SizeType>(reason.code.size()));
      if (!reason.message.empty()) {
        w.Key("Message");
        w.String(reason.message.data(), static_cast<rapidjson::SizeType>(reason.message.size()));
      }
      if (reason.item) write_item(w, *reason.item);
      w.EndObject();
    }
    w.EndArray();
  }
  write_message(w, error.type(), error.message());
  w.EndObject();
}

}  // namespace dynamo_items::server
