// Stored items in response documents; see response_items.h.
#include "ops/response_items.h"

#include <rapidjson/writer.h>

#include "dynamo_items/string_sink.h"
#include "storage/item_codec.h"
#include "storage/stored_item.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {

thread_local RawItemScope* current_scope = nullptr;

// A fragment is a string value that does not own its characters and starts
// where one of the scope's fragments starts; it is written as the JSON object
// it holds. Every other string is written as a string.
class FragmentWriter : public rapidjson::Writer<StringSink> {
 public:
  FragmentWriter(StringSink& sink, const RawItemScope& scope) : Writer(sink), scope_(scope) {}

  bool String(const Ch* s, rapidjson::SizeType length, bool copy = false) {
    if (!copy && scope_.is_fragment(s)) return RawValue(s, length, rapidjson::kObjectType);
    return Writer::String(s, length, copy);
  }

 private:
  const RawItemScope& scope_;
};

}  // namespace

RawItemScope::RawItemScope() : previous_(current_scope) { current_scope = this; }

RawItemScope::~RawItemScope() { current_scope = previous_; }

rapidjson::Value RawItemScope::add(std::string_view stored) {
  std::string& text = fragments_.emplace_back();
  storage::append_stored_item_json(stored, text);
  starts_.insert(text.data());
  return rapidjson::Value(rapidjson::StringRef(text.data(), text.size()));
}

rapidjson::Value stored_item_value(std::string_view stored, rapidjson::Document::AllocatorType& a) {
  if (current_scope != nullptr) return current_scope->add(stored);
  return json::encode_item(storage::decode_item(stored), a);
}

void write_json(const rapidjson::Value& doc, const RawItemScope& scope, std::string& out) {
  StringSink sink{&out};
  FragmentWriter writer(sink, scope);
  doc.Accept(writer);
}

}  // namespace dynamo_items::ops
