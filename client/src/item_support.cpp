// Non-template parts of Item<Model>: key values, conditions, batches with
// retries, paged queries and sort-key ranges (see item_support.h).
#include "dynamo_items/client/item_support.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <thread>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dynamo_items/client/errors.h"

namespace dynamo_items::client::detail {

namespace {

constexpr rapidjson::SizeType kBatchWriteLimit = 25;
constexpr rapidjson::SizeType kBatchGetLimit = 100;

const char* tag_for(char type) { return type == 'N' ? "N" : type == 'B' ? "B" : "S"; }

Json text_value(char type, std::string_view text, JsonAllocator& a) {
  Json out;
  set_tagged(out, tag_for(type), make_string(type == 'B' ? base64_encode(text) : std::string(text), a), a);
  return out;
}

}  // namespace

// ---- Value-ordered numbers ---------------------------------------------

namespace {
constexpr int kIntegerDigits = 20;  // the digits of 2^64 - 1

unsigned __int128 power_of_ten(int n) {
  unsigned __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}
std::string digits_of(unsigned __int128 v, int width) {
  std::string out(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0 && v > 0; --i, v /= 10) out[static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
  return out;
}
unsigned __int128 parse_digits(std::string_view text) {
  unsigned __int128 v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') throw ValidationError("ValidationException", "'" + std::string(text) + "' is not an integer");
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  return v;
}
}  // namespace

std::string ordered_text(char number, std::string text) {
  if (number == 'i') {
    const bool negative = !text.empty() && text.front() == '-';
    std::string_view digits = std::string_view(text).substr(negative ? 1 : 0);
    if (digits.empty() || digits.size() > kIntegerDigits)
      throw ValidationError("ValidationException", "'" + text + "' does not fit a value-ordered key");
    const unsigned __int128 v = parse_digits(digits);
    if (!negative || v == 0) return digits_of(v, kIntegerDigits);
    return "-" + digits_of(power_of_ten(kIntegerDigits) - v, kIntegerDigits);
  }
  if (number == 'f') {
    double v = 0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size())
      throw ValidationError("ValidationException", "'" + text + "' is not a number");
    if (v == 0) v = 0;  // one zero: -0 sorts with +0
    std::uint64_t bits = std::bit_cast<std::uint64_t>(v);
    bits = (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, bits >>= 4) out[static_cast<std::size_t>(i)] = kHex[bits & 0xF];
    return out;
  }
  return text;
}

std::string number_text(char number, std::string_view ordered) {
  if (number == 'i') {
    const bool negative = !ordered.empty() && ordered.front() == '-';
    unsigned __int128 v = parse_digits(ordered.substr(negative ? 1 : 0));
    if (negative) v = power_of_ten(kIntegerDigits) - v;
    std::string digits = digits_of(v, kIntegerDigits);
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
    return negative ? "-" + digits : digits;
  }
  if (number == 'f') {
    std::uint64_t bits = 0;
    for (char c : ordered) {
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0 || ordered.size() != 16) throw ValidationError("ValidationException", "'" + std::string(ordered) + "' is not a value-ordered number");
      bits = bits << 4 | static_cast<std::uint64_t>(d);
    }
    bits = (bits >> 63) != 0 ? bits & ~(std::uint64_t{1} << 63) : ~bits;
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, std::bit_cast<double>(bits));
    return std::string(buf, r.ptr);
  }
  return std::string(ordered);
}

std::string join_key_parts(const KeySpec& spec, const std::vector<std::string>& texts) {
  if (!spec.composite()) return texts.empty() ? std::string() : ordered_text(spec.number, texts.front());
  std::string out;
  for (std::size_t i = 0; i < texts.size(); ++i)
    out += (i == 0 ? "" : spec.joiner) + ordered_text(spec.part_numbers[i], texts[i]);
  return out;
}

std::vector<std::pair<std::string, std::string>> key_field_texts_of(const KeySpec& spec, std::string_view t) {
  std::vector<std::pair<std::string, std::string>> out;
  if (spec.constant || spec.field.empty()) return out;
  if (spec.prefixed) {
    if (t.substr(0, spec.prefix.size()) != spec.prefix) return out;
    t.remove_prefix(spec.prefix.size());
  }
  try {
    if (!spec.composite()) {
      if (spec.python_time) {
        std::int64_t seconds = 0;
        std::uint32_t nanos = 0;
        if (!parse_time(t, seconds, nanos)) return out;
        out.emplace_back(spec.field, format_time(seconds, nanos, nanos != 0 ? 6 : 0));
      } else {
        out.emplace_back(spec.field, number_text(spec.number, t));
      }
      return out;
    }
    for (std::size_t i = 0; i < spec.parts.size(); ++i) {
      const bool last = i + 1 == spec.parts.size();
      const std::size_t end = last ? t.size() : t.find(spec.joiner);
      if (end == std::string_view::npos) return {};
      out.emplace_back(spec.parts[i], number_text(spec.part_numbers[i], t.substr(0, end)));
      if (!last) t.remove_prefix(end + spec.joiner.size());
    }
  } catch (const ValidationError&) {
    return {};
  }
  return out;
}

Json ttl_value(std::string_view iso_text, JsonAllocator& a) {
  std::int64_t seconds = 0;
  std::uint32_t nanos = 0;
  if (!parse_time(iso_text, seconds, nanos))
    throw ValidationError("ValidationException", "'" + std::string(iso_text) + "' is not a time for a TTL field");
  return text_value('N', std::to_string(seconds), a);
}

void ttl_to_epoch(rapidjson::Document& item, const std::string& attribute) {
  auto it = item.FindMember(attribute.c_str());
  if (it == item.MemberEnd() || !it->value.IsObject()) return;
  auto s = it->value.FindMember("S");
  if (s == it->value.MemberEnd() || !s->value.IsString()) return;  // NULL (an empty optional) stays
  Json n = ttl_value(std::string_view(s->value.GetString(), s->value.GetStringLength()), item.GetAllocator());
  it->value = n;
}

rapidjson::Document ttl_from_epoch(const Json& item, const std::string& attribute) {
  rapidjson::Document out;
  out.CopyFrom(item, out.GetAllocator());
  if (!out.IsObject()) return out;
  auto it = out.FindMember(attribute.c_str());
  if (it == out.MemberEnd() || !it->value.IsObject()) return out;
  auto n = it->value.FindMember("N");
  if (n == it->value.MemberEnd() || !n->value.IsString()) return out;
  std::int64_t seconds = 0;
  const std::string_view t(n->value.GetString(), n->value.GetStringLength());
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), seconds);
  if (ec != std::errc() || end != t.data() + t.size()) return out;  // left for the decoder to refuse
  it->value = text_value('S', format_time(seconds, 0, 0), out.GetAllocator());
  return out;
}

Json key_value(const KeySpec& spec, std::string_view text, JsonAllocator& a) {
  if (spec.constant) return text_value('S', "A", a);
  if (spec.python_time) {
    std::string python = python_time_text(text);
    if (python.empty()) throw ValidationError("ValidationException", "'" + std::string(text) + "' is not a time for key '" + spec.field + "'");
    return spec.prefixed ? text_value('S', spec.prefix + python, a) : text_value('S', python, a);
  }
  if (spec.prefixed) return text_value('S', spec.prefix + std::string(text), a);
  return text_value(spec.table_type, text, a);
}

void check_key_kind(const KeySpec& spec, char kind) {
  if (spec.constant) return;
  if (spec.prefixed ? (kind != 'S' && kind != 'N') : kind != spec.table_type)
    throw ValidationError("ValidationException", "key value for '" + spec.field + "' has type " +
                                                     std::string(1, kind) + ", the key needs " +
                                                     (spec.prefixed ? "S or N" : std::string(1, spec.table_type)));
}

std::optional<std::string> key_attribute_text(const Json& item, const std::string& attribute) {
  if (!item.IsObject()) return std::nullopt;
  auto it = item.FindMember(attribute.c_str());
  if (it == item.MemberEnd() || !it->value.IsObject() || it->value.MemberCount() != 1) return std::nullopt;
  const auto& tagged = *it->value.MemberBegin();
  if (!tagged.value.IsString()) return std::nullopt;
  std::string_view tag = view(tagged.name);
  if (tag == "S" || tag == "N") return std::string(view(tagged.value));
  if (tag == "B") {
    std::string bytes;
    if (base64_decode(view(tagged.value), bytes)) return bytes;
  }
  return std::nullopt;
}

rapidjson::Document request_for(const Table& table) {
  rapidjson::Document req(rapidjson::kObjectType);
  req.AddMember("TableName", make_string(table.name(), req.GetAllocator()), req.GetAllocator());
  return req;
}

void add_condition(rapidjson::Document& request, const std::optional<Condition>& condition, ExpressionNames& names) {
  if (!condition) return;
  std::string text = condition->render(names);
  auto& a = request.GetAllocator();
  request.AddMember("ConditionExpression", make_string(text, a), a);
  // The item as it was comes back with the failure (ConditionFailed::item);
  // DynamoDB charges nothing for it.
  request.AddMember("ReturnValuesOnConditionCheckFailure", "ALL_OLD", a);
}

std::optional<Condition> all_of(std::optional<Condition> a, std::optional<Condition> b) {
  if (a && b) return *a && *b;
  return a ? a : b;
}

// ---- Batches ------------------------------------------------------------

void batch_write(Transport& transport, const std::string& table, std::vector<rapidjson::Document> write_requests,
                 const RetryPolicy& policy) {
  for (std::size_t start = 0; start < write_requests.size(); start += kBatchWriteLimit) {
    rapidjson::Document pending(rapidjson::kArrayType);
    auto& pa = pending.GetAllocator();
    for (std::size_t i = start; i < write_requests.size() && i < start + kBatchWriteLimit; ++i)
      pending.PushBack(Json().CopyFrom(write_requests[i], pa), pa);
    for (int attempt = 1;; ++attempt) {
      rapidjson::Document req(rapidjson::kObjectType);
      auto& a = req.GetAllocator();
      Json items(rapidjson::kObjectType);
      items.AddMember(make_string(table, a), Json().CopyFrom(pending, a), a);
      req.AddMember("RequestItems", items, a);
      rapidjson::Document res = transport.execute("BatchWriteItem", std::move(req));
      auto unprocessed = res.FindMember("UnprocessedItems");
      if (unprocessed == res.MemberEnd() || !unprocessed->value.IsObject()) break;
      auto mine = unprocessed->value.FindMember(table.c_str());
      if (mine == unprocessed->value.MemberEnd() || !mine->value.IsArray() || mine->value.Empty()) break;
      if (attempt >= policy.max_attempts)
        throw Throttled("UnprocessedItems", std::to_string(mine->value.Size()) +
                                                " write requests still unprocessed after " +
                                                std::to_string(attempt) + " attempts");
      pending.CopyFrom(mine->value, pending.GetAllocator());
      std::this_thread::sleep_for(backoff_delay(policy, attempt));
    }
  }
}

std::vector<rapidjson::Document> batch_get(Transport& transport, const std::string& table,
                                           std::vector<rapidjson::Document> keys, bool consistent,
                                           const RetryPolicy& policy) {
  std::vector<rapidjson::Document> items;
  for (std::size_t start = 0; start < keys.size(); start += kBatchGetLimit) {
    rapidjson::Document pending(rapidjson::kArrayType);
    auto& pa = pending.GetAllocator();
    for (std::size_t i = start; i < keys.size() && i < start + kBatchGetLimit; ++i)
      pending.PushBack(Json().CopyFrom(keys[i], pa), pa);
    for (int attempt = 1;; ++attempt) {
      rapidjson::Document req(rapidjson::kObjectType);
      auto& a = req.GetAllocator();
      Json spec(rapidjson::kObjectType);
      spec.AddMember("Keys", Json().CopyFrom(pending, a), a);
      if (consistent) spec.AddMember("ConsistentRead", true, a);
      Json request_items(rapidjson::kObjectType);
      request_items.AddMember(make_string(table, a), spec, a);
      req.AddMember("RequestItems", request_items, a);
      rapidjson::Document res = transport.execute("BatchGetItem", std::move(req));
      auto responses = res.FindMember("Responses");
      if (responses != res.MemberEnd() && responses->value.IsObject()) {
        auto mine = responses->value.FindMember(table.c_str());
        if (mine != responses->value.MemberEnd() && mine->value.IsArray()) {
          for (const Json& item : mine->value.GetArray()) {
            rapidjson::Document d;
            d.CopyFrom(item, d.GetAllocator());
            items.push_back(std::move(d));
          }
        }
      }
      auto unprocessed = res.FindMember("UnprocessedKeys");
      if (unprocessed == res.MemberEnd() || !unprocessed->value.IsObject()) break;
      auto mine = unprocessed->value.FindMember(table.c_str());
      if (mine == unprocessed->value.MemberEnd() || !mine->value.IsObject()) break;
      auto left = mine->value.FindMember("Keys");
      if (left == mine->value.MemberEnd() || !left->value.IsArray() || left->value.Empty()) break;
      if (attempt >= policy.max_attempts)
        throw Throttled("UnprocessedKeys", std::to_string(left->value.Size()) + " keys still unprocessed after " +
                                               std::to_string(attempt) + " attempts");
      pending.CopyFrom(left->value, pending.GetAllocator());
      std::this_thread::sleep_for(backoff_delay(policy, attempt));
    }
  }
  return items;
}

// ---- Queries ------------------------------------------------------------

QueryPager::QueryPager(Transport& transport, rapidjson::Document request, const char* operation)
    : transport_(&transport), request_(std::move(request)), operation_(operation) {}

const Json* QueryPager::next() {
  for (;;) {
    if (started_) {
      auto items = page_.FindMember("Items");
      if (items != page_.MemberEnd() && items->value.IsArray() && index_ < items->value.Size())
        return &items->value[index_++];
      if (last_page_) return nullptr;
      auto& a = request_.GetAllocator();
      request_.RemoveMember("ExclusiveStartKey");
      request_.AddMember("ExclusiveStartKey", Json().CopyFrom(page_["LastEvaluatedKey"], a), a);
    }
    rapidjson::Document req;
    req.CopyFrom(request_, req.GetAllocator());
    page_ = transport_->execute(operation_, std::move(req));
    started_ = true;
    index_ = 0;
    auto lek = page_.FindMember("LastEvaluatedKey");
    last_page_ = lek == page_.MemberEnd() || !lek->value.IsObject() || lek->value.ObjectEmpty();
  }
}

SortRange leading_parts_range(SortRange range, const std::string& joiner) {
  using Op = SortRange::Op;
  const std::string past = joiner + "\xF4\x8F\xBF\xBF";  // above any text that follows the parts
  switch (range.op) {
    case Op::kEq:
      range.op = Op::kBeginsWith;
      range.low += joiner;
      break;
    case Op::kAtOrBefore: range.low += past; break;
    case Op::kAfter:
      range.op = Op::kAtOrAfter;
      range.low += past;
      break;
    case Op::kBetween: range.high += past; break;
    case Op::kAll:
    case Op::kBefore:
    case Op::kAtOrAfter:
    case Op::kBeginsWith: break;
  }
  return range;
}

bool QueryPager::exhausted() const {
  if (!started_) return false;
  auto items = page_.FindMember("Items");
  bool buffered = items != page_.MemberEnd() && items->value.IsArray() && index_ < items->value.Size();
  return !buffered && last_page_;
}

// ---- Cursors ------------------------------------------------------------

namespace {
constexpr std::string_view kCursorTag = "dic1.";
}

std::string make_cursor(const Json& item, const std::vector<std::string>& key_attributes) {
  rapidjson::Document key(rapidjson::kObjectType);
  for (const std::string& name : key_attributes) {
    auto it = item.FindMember(name.c_str());
    if (it == item.MemberEnd()) continue;
    key.AddMember(make_string(name, key.GetAllocator()), Json().CopyFrom(it->value, key.GetAllocator()),
                  key.GetAllocator());
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  key.Accept(writer);
  std::string text = base64_encode(std::string_view(buffer.GetString(), buffer.GetSize()));
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!text.empty() && text.back() == '=') text.pop_back();
  return std::string(kCursorTag) + text;
}

rapidjson::Document read_cursor(std::string_view token, const std::vector<std::string>& key_attributes) {
  auto refuse = [&](const std::string& why) {
    return ValidationError("ValidationException", "Invalid cursor: " + why);
  };
  if (token.substr(0, kCursorTag.size()) != kCursorTag) throw refuse("not a dynamo-items cursor");
  std::string text(token.substr(kCursorTag.size()));
  for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (text.size() % 4 != 0) text += '=';
  std::string json;
  if (!base64_decode(text, json)) throw refuse("not base64");
  rapidjson::Document key;
  key.Parse(json.data(), json.size());
  if (key.HasParseError() || !key.IsObject()) throw refuse("not a key");
  if (key.MemberCount() != key_attributes.size()) throw refuse("it is the cursor of another table or index");
  for (const std::string& name : key_attributes) {
    auto it = key.FindMember(name.c_str());
    if (it == key.MemberEnd() || !it->value.IsObject() || it->value.MemberCount() != 1)
      throw refuse("it is the cursor of another table or index");
  }
  return key;
}

std::vector<std::string> key_attributes(const Table& table, const IndexSpec* index) {
  std::vector<std::string> names{table.spec().partition_key_attribute};
  if (table.has_sort_key()) names.push_back(table.spec().sort_key_attribute);
  if (index != nullptr) {
    auto add = [&](const std::string& n) {
      if (!n.empty() && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    };
    if (!index->is_local)
      for (const auto& a : index->hash_attributes()) add(a.first);
    for (const auto& a : index->range_attributes()) add(a.first);
  }
  return names;
}

void set_start_key(rapidjson::Document& request, const Json& key) {
  auto& a = request.GetAllocator();
  request.RemoveMember("ExclusiveStartKey");
  request.AddMember("ExclusiveStartKey", Json().CopyFrom(key, a), a);
}

bool SortFilter::keep(const Json& item) const {
  if (attribute.empty()) return true;
  auto text = key_attribute_text(item, attribute);
  if (!text) return false;
  if (text->compare(0, required_prefix.size(), required_prefix) != 0) return false;
  return !(excluded && *text == *excluded);
}

namespace {

// ProjectionExpression of the selected attributes and the key attributes
// (which cursors and collections need).
void add_projection(rapidjson::Document& req, const std::vector<std::string>& select,
                    const std::vector<std::string>& keys, ExpressionNames& names) {
  if (select.empty()) return;
  std::vector<std::string> all = keys;
  for (const auto& s : select)
    if (std::find(all.begin(), all.end(), s) == all.end()) all.push_back(s);
  std::string expr;
  for (const auto& s : all) expr += (expr.empty() ? "" : ", ") + names.name(Path::field(s));
  req.AddMember("ProjectionExpression", make_string(expr, req.GetAllocator()), req.GetAllocator());
}

void add_shape(rapidjson::Document& req, const Table& table, const QueryKeys& keys, const ReadShape& shape,
               std::optional<Condition> where, ExpressionNames& names) {
  auto& a = req.GetAllocator();
  if (keys.index != nullptr) req.AddMember("IndexName", make_string(keys.index->name, a), a);
  where = all_of(std::move(where), shape.where);
  if (where) req.AddMember("FilterExpression", make_string(where->render(names), a), a);
  if (shape.count) req.AddMember("Select", "COUNT", a);
  else add_projection(req, shape.select, key_attributes(table, keys.index), names);
  names.write_to(req);
  if (!shape.forward) req.AddMember("ScanIndexForward", false, a);
  if (shape.page_size) req.AddMember("Limit", *shape.page_size, a);
  if (shape.consistent) req.AddMember("ConsistentRead", true, a);
  if (shape.total_segments) {
    req.AddMember("Segment", shape.segment.value_or(0), a);
    req.AddMember("TotalSegments", *shape.total_segments, a);
  }
}

}  // namespace

rapidjson::Document build_query(const Table& table, const QueryKeys& keys, std::string_view pk_text,
                                const SortRange& range, const ReadShape& shape, SortFilter& filter) {
  rapidjson::Document req = request_for(table);
  auto& a = req.GetAllocator();
  const KeySpec& pk = *keys.pk;
  const KeySpec* sk = keys.sk;
  ExpressionNames names;
  rapidjson::Document scratch;
  auto value = [&](const KeySpec& spec, std::string_view text) {
    return names.value(Operand::raw(key_value(spec, text, scratch.GetAllocator())));
  };
  auto raw_s = [&](const std::string& text) { return names.value(Operand::raw(text_value('S', text, scratch.GetAllocator()))); };
  std::string pk_name = names.name(Path::field(pk.attribute));
  std::string expr = pk_name + " = " + value(pk, pk_text);
  filter = SortFilter{};
  // Unprefixed and unranged: no condition on the sort key (and no name for it).
  if (sk != nullptr && keys.has_sort_key && (sk->constant || sk->prefixed || range.op != SortRange::Op::kAll)) {
    std::string s = names.name(Path::field(sk->attribute));
    using Op = SortRange::Op;
    if (sk->constant) {
      expr += " AND " + s + " = " + value(*sk, "");
    } else if (sk->prefixed) {
      const std::string& p = sk->prefix;
      // Bounds are field texts; a Python-format time key compares its own
      // text. begins_with takes key text as the caller wrote it.
      SortRange bounds = range;
      if (sk->python_time && range.op != Op::kBeginsWith && range.op != Op::kAll) {
        auto python = [&](const std::string& text) {
          std::string t = python_time_text(text);
          if (t.empty()) throw ValidationError("ValidationException", "'" + text + "' is not a time for key '" + sk->field + "'");
          return t;
        };
        bounds.low = python(range.low);
        if (range.op == Op::kBetween) bounds.high = python(range.high);
      }
      filter.attribute = sk->attribute;
      filter.required_prefix = p;
      switch (bounds.op) {
        case Op::kAll: expr += " AND begins_with(" + s + ", " + raw_s(p) + ")"; break;
        case Op::kEq: expr += " AND " + s + " = " + raw_s(p + bounds.low); break;
        case Op::kBefore:
        case Op::kAtOrBefore:
          expr += " AND " + s + " BETWEEN " + raw_s(p);
          expr += " AND " + raw_s(p + bounds.low);
          if (bounds.op == Op::kBefore) filter.excluded = p + bounds.low;
          break;
        case Op::kAfter:
        case Op::kAtOrAfter:
          // The largest text with the prefix (the last code point, which
          // no text uses): every key between the bounds has the prefix.
          expr += " AND " + s + " BETWEEN " + raw_s(p + bounds.low);
          expr += " AND " + raw_s(p + "\xF4\x8F\xBF\xBF");
          if (bounds.op == Op::kAfter) filter.excluded = p + bounds.low;
          break;
        case Op::kBetween:
          expr += " AND " + s + " BETWEEN " + raw_s(p + bounds.low);
          expr += " AND " + raw_s(p + bounds.high);
          break;
        case Op::kBeginsWith: expr += " AND begins_with(" + s + ", " + raw_s(p + bounds.low) + ")"; break;
      }
    } else {
      auto cmp = [&](const char* op) { expr += " AND " + s + " " + op + " " + value(*sk, range.low); };
      switch (range.op) {
        case Op::kAll: break;
        case Op::kEq: cmp("="); break;
        case Op::kBefore: cmp("<"); break;
        case Op::kAtOrBefore: cmp("<="); break;
        case Op::kAfter: cmp(">"); break;
        case Op::kAtOrAfter: cmp(">="); break;
        case Op::kBetween:
          expr += " AND " + s + " BETWEEN " + value(*sk, range.low);
          expr += " AND " + value(*sk, range.high);
          break;
        case Op::kBeginsWith:
          expr += " AND begins_with(" + s + ", " + (sk->python_time ? raw_s(range.low) : value(*sk, range.low)) + ")";
          break;
      }
    }
  }
  req.AddMember("KeyConditionExpression", make_string(expr, a), a);
  add_shape(req, table, keys, shape, std::nullopt, names);
  return req;
}

std::size_t count_query(const Table& table, const QueryKeys& keys, std::string_view pk_text, const SortRange& range,
                        ReadShape shape) {
  shape.count = true;
  shape.select.clear();
  SortFilter filter;
  std::size_t total = count_pages(table.transport(), "Query", build_query(table, keys, pk_text, range, shape, filter));
  // The key condition of an exclusive bound admits the bound itself (a
  // filter may not name key attributes): count it apart and take it off.
  if (filter.excluded) {
    SortRange bound{SortRange::Op::kEq, filter.excluded->substr(filter.required_prefix.size()), "", 'S'};
    SortFilter ignored;
    total -= count_pages(table.transport(), "Query", build_query(table, keys, pk_text, bound, shape, ignored));
  }
  return total;
}

rapidjson::Document build_multi_query(const Table& table, const IndexSpec& index, const Json& partition,
                                      const Json& low, const Json& high, SortRange::Op op, const ReadShape& shape) {
  using Op = SortRange::Op;
  rapidjson::Document req = request_for(table);
  auto& a = req.GetAllocator();
  ExpressionNames names;
  const auto hash = index.hash_attributes();
  const auto range = index.range_attributes();
  if (partition.Size() != hash.size())
    throw ValidationError("ValidationException", "index " + index.name + " has " + std::to_string(hash.size()) +
                                                     " partition key attributes; " +
                                                     std::to_string(partition.Size()) + " values given");
  if (low.Size() > range.size())
    throw ValidationError("ValidationException", "index " + index.name + " has " + std::to_string(range.size()) +
                                                     " sort key attributes; " + std::to_string(low.Size()) +
                                                     " values given");
  std::string expr;
  for (rapidjson::SizeType i = 0; i < partition.Size(); ++i)
    expr += (i == 0 ? "" : " AND ") + names.name(Path::field(hash[i].first)) + " = " +
            names.value(Operand::raw(partition[i]));
  // Sort attributes left to right: equality on all but the last given, the
  // range on the last.
  for (rapidjson::SizeType i = 0; i < low.Size(); ++i) {
    const std::string n = names.name(Path::field(range[i].first));
    const bool last = i + 1 == low.Size();
    const Op o = last ? op : Op::kEq;
    auto v = [&](const Json& values) { return names.value(Operand::raw(values[i])); };
    switch (o) {
      case Op::kAll:
      case Op::kEq: expr += " AND " + n + " = " + v(low); break;
      case Op::kBefore: expr += " AND " + n + " < " + v(low); break;
      case Op::kAtOrBefore: expr += " AND " + n + " <= " + v(low); break;
      case Op::kAfter: expr += " AND " + n + " > " + v(low); break;
      case Op::kAtOrAfter: expr += " AND " + n + " >= " + v(low); break;
      case Op::kBetween: expr += " AND " + n + " BETWEEN " + v(low) + " AND " + v(high); break;
      case Op::kBeginsWith: expr += " AND begins_with(" + n + ", " + v(low) + ")"; break;
    }
  }
  req.AddMember("KeyConditionExpression", make_string(expr, a), a);
  add_shape(req, table, QueryKeys{&index, nullptr, nullptr, !range.empty()}, shape, std::nullopt, names);
  return req;
}

rapidjson::Document build_scan(const Table& table, const QueryKeys& keys, const ReadShape& shape) {
  rapidjson::Document req = request_for(table);
  ExpressionNames names;
  std::optional<Condition> where;
  for (const KeySpec* spec : {keys.pk, keys.sk}) {
    if (spec == nullptr) continue;
    if (spec->constant) where = all_of(where, attr(Path::field(spec->attribute)) == std::string("A"));
    else if (spec->prefixed) where = all_of(where, attr(Path::field(spec->attribute)).begins_with(spec->prefix));
  }
  ReadShape s = shape;
  s.forward = true;
  add_shape(req, table, keys, s, std::move(where), names);
  return req;
}

std::size_t count_pages(Transport& transport, const char* operation, rapidjson::Document request) {
  std::size_t total = 0;
  for (;;) {
    rapidjson::Document req;
    req.CopyFrom(request, req.GetAllocator());
    rapidjson::Document page = transport.execute(operation, std::move(req));
    auto count = page.FindMember("Count");
    if (count != page.MemberEnd() && count->value.IsUint64()) total += count->value.GetUint64();
    auto lek = page.FindMember("LastEvaluatedKey");
    if (lek == page.MemberEnd() || !lek->value.IsObject() || lek->value.ObjectEmpty()) return total;
    set_start_key(request, lek->value);
  }
}

int match_sort_key(const Json& item, const std::string& sk_attribute, const std::vector<const KeySpec*>& sort_keys) {
  std::optional<std::string> text;
  if (!sk_attribute.empty()) text = key_attribute_text(item, sk_attribute);
  int best = -1;
  std::size_t best_score = 0;
  for (std::size_t i = 0; i < sort_keys.size(); ++i) {
    const KeySpec* spec = sort_keys[i];
    std::size_t score = 0;
    if (spec == nullptr || sk_attribute.empty()) score = 1;  // table without a sort key
    else if (!text) score = 0;
    else if (spec->constant) score = *text == "A" ? 2 : 0;
    else if (spec->prefixed) score = text->compare(0, spec->prefix.size(), spec->prefix) == 0 ? 3 + spec->prefix.size() : 0;
    else score = 1;
    if (score > best_score) {
      best = static_cast<int>(i);
      best_score = score;
    }
  }
  return best;
}

}  // namespace dynamo_items::client::detail
