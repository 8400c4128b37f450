// Stored items in response documents. When the caller only wants the
// response as JSON text (Engine::execute_to, the server's path), a stored item
// goes into the document as a raw fragment: its JSON text, written once
// straight from the stored bytes and copied to the output as it is. For
// Engine::execute, whose callers read the document, it is decoded into an
// ordinary JSON object. Building an Item map and then a DOM per item was most
// of the cost of GetItem, Query and Scan.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace dynamo_items::ops {

// While one is alive on a thread, stored_item_value() there returns raw
// fragments, which live as long as the scope does. The fragments' text is one
// per-thread buffer reused from request to request, so a response of whole
// items allocates nothing for them once the buffer has grown.
class RawItemScope {
 public:
  RawItemScope();
  ~RawItemScope();
  RawItemScope(const RawItemScope&) = delete;
  RawItemScope& operator=(const RawItemScope&) = delete;

  // A fragment in the document is a string value pointing at kMarks[i] (its
  // own length 0): the i-th fragment. Nothing else points there.
  static constexpr std::size_t kMaxFragments = 1 << 16;
  std::string_view fragment(const char* s) const;  // empty: not a fragment
  // Empty (no room for another fragment): the caller decodes instead.
  std::optional<rapidjson::Value> add(std::string_view stored);

 private:
  std::string& text_;               // every fragment, one after another
  std::vector<std::size_t>& ends_;  // where each ends in text_
  RawItemScope* previous_;
};

// The stored item (item_codec bytes) as a response value.
rapidjson::Value stored_item_value(std::string_view stored, rapidjson::Document::AllocatorType& a);

// Appends `doc` to `out` as JSON text, with the fragments of `scope` as they are.
void write_json(const rapidjson::Value& doc, const RawItemScope& scope, std::string& out);

}  // namespace dynamo_items::ops
