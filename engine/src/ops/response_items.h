// Stored items in response documents. When the caller only wants the
// response as JSON text (Engine::execute_to, the server's path), a stored item
// goes into the document as a raw fragment: its JSON text, written once
// straight from the stored bytes and copied to the output as it is. For
// Engine::execute, whose callers read the document, it is decoded into an
// ordinary JSON object. Building an Item map and then a DOM per item was most
// of the cost of GetItem, Query and Scan.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>

#include <rapidjson/document.h>

namespace dynamo_items::ops {

// While one is alive on a thread, stored_item_value() there returns raw
// fragments, which live as long as the scope does.
class RawItemScope {
 public:
  RawItemScope();
  ~RawItemScope();
  RawItemScope(const RawItemScope&) = delete;
  RawItemScope& operator=(const RawItemScope&) = delete;

  // Whether `s` is where one of this scope's fragments starts.
  bool is_fragment(const char* s) const { return starts_.count(s) != 0; }
  rapidjson::Value add(std::string_view stored);

 private:
  std::deque<std::string> fragments_;  // a deque never moves its elements
  std::unordered_set<const char*> starts_;
  RawItemScope* previous_;
};

// The stored item (item_codec bytes) as a response value.
rapidjson::Value stored_item_value(std::string_view stored, rapidjson::Document::AllocatorType& a);

// Appends `doc` to `out` as JSON text, with the fragments of `scope` as they are.
void write_json(const rapidjson::Value& doc, const RawItemScope& scope, std::string& out);

}  // namespace dynamo_items::ops
