// Stored items in response documents; see response_items.h.
#include "ops/response_items.h"

#include <rapidjson/writer.h>

#include <functional>

#include "dynamo_items/string_sink.h"
#include "storage/item_codec.h"
#include "storage/stored_item.h"
#include "value/json_codec.h"

namespace dynamo_items::ops {

namespace {

// Never read: only the addresses of its bytes name fragments.
const char kMarks[RawItemScope::kMaxFragments] = {};

thread_local RawItemScope* current_scope = nullptr;

// Kept per thread so their capacity is reused; a nested scope (none exists
// today) would start after its parent's fragments.
struct Buffers {
  std::string text;
  std::vector<std::size_t> ends;
};
thread_local Buffers buffers;

// Buffers that grew past this for one big response are released afterwards.
constexpr std::size_t kKeepBytes = 1 << 20;

bool is_mark(const char* s) {
  std::less<const char*> less;
  return !less(s, kMarks) && less(s, kMarks + RawItemScope::kMaxFragments);
}

class FragmentWriter : public rapidjson::Writer<StringSink> {
 public:
  FragmentWriter(StringSink& sink, const RawItemScope& scope) : Writer(sink), scope_(scope) {}

  bool String(const Ch* s, rapidjson::SizeType length, bool copy = false) {
    if (!copy) {
      std::string_view fragment = scope_.fragment(s);
      if (!fragment.empty()) {
        // Writer::RawValue, with one memcpy instead of a store per character.
        Prefix(rapidjson::kObjectType);
        os_->Append(fragment.data(), fragment.size());
        return EndValue(true);
      }
    }
    return Writer::String(s, length, copy);
  }

 private:
  const RawItemScope& scope_;
};

}  // namespace

RawItemScope::RawItemScope() : text_(buffers.text), ends_(buffers.ends), previous_(current_scope) {
  current_scope = this;
}

RawItemScope::~RawItemScope() {
  current_scope = previous_;
  if (previous_ != nullptr) return;  // the parent's fragments stay
  text_.clear();
  ends_.clear();
  if (text_.capacity() > kKeepBytes) std::string().swap(text_);
  if (ends_.capacity() > kKeepBytes / sizeof(std::size_t)) std::vector<std::size_t>().swap(ends_);
}

std::string_view RawItemScope::fragment(const char* s) const {
  if (!is_mark(s)) return {};
  const auto i = static_cast<std::size_t>(s - kMarks);
  if (i >= ends_.size()) return {};
  const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
  return std::string_view(text_).substr(begin, ends_[i] - begin);
}

std::optional<rapidjson::Value> RawItemScope::add(std::string_view stored) {
  if (ends_.size() >= kMaxFragments) return std::nullopt;
  storage::append_stored_item_json(stored, text_);
  ends_.push_back(text_.size());
  return rapidjson::Value(rapidjson::StringRef(kMarks + ends_.size() - 1, 0));
}

rapidjson::Value stored_item_value(std::string_view stored, rapidjson::Document::AllocatorType& a) {
  if (current_scope != nullptr) {
    if (auto fragment = current_scope->add(stored)) return std::move(*fragment);
  }
  return json::encode_item(storage::decode_item(stored), a);
}

void write_json(const rapidjson::Value& doc, const RawItemScope& scope, std::string& out) {
  StringSink sink{&out};
  FragmentWriter writer(sink, scope);
  doc.Accept(writer);
}

}  // namespace dynamo_items::ops
