// Queries over item types (included by item.h):
//
// RangeQuery<Model>: the items of one type under a partition key, optionally
// limited to a sort-key range, fetched page by page as the caller iterates.
//
//   for (const CommandV2Log& log : logs.query(device_id).between(t0, t1).reverse().limit(50)) ...
//   std::vector<CommandV2Log> all = logs.query(device_id).all();
//
// Ranges are on the sort-key field's values: eq, before (<), at_or_before
// (<=), after (>), at_or_after (>=), between (inclusive), begins_with (text).
// On a prefixed sort key the query stays inside the type's prefix (values of
// other types in the same collection are never returned). Numbers in a
// prefixed sort key are stored value-ordered (item_support.h), so ranges and
// reverse() follow numeric order; times order by time. On a composite sort
// key, a range may give a tuple of the leading parts only: eq(std::tuple{a})
// is every key whose first part is a.
//
// Item collections (several types under one partition key) are queried with
// collection() and query_collection() (collection.h).
//
// Paging across requests: page(n) returns n items and a cursor (an opaque
// token) that start_after(cursor) resumes from, in this process or another.
//
// A RangeQuery skips items that do not decode into its model and keeps them
// in undecodable() (one bad item never makes the whole query throw).
//
// A RangeQuery is a description; each begin() runs the query anew. Iterators
// are input iterators and must stay on the thread that created them.
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <tuple>
#include <variant>
#include <vector>

#include "dynamo_items/client/item.h"
#include "dynamo_items/json.h"

namespace dynamo_items::client {

// A stored item as DynamoDB returned it, in the engine's typed form.
using StoredItem = dynamo_items::Item;

// An item that matched a type by its keys but does not decode into it.
struct Undecodable {
  StoredItem item;
  DecodeError error;
};

// One page of a query: its items and, when more may follow, the cursor that
// resumes after the last of them (start_after(next), in this process or
// another one, e.g. a web API's next-page token).
template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next;
};

namespace detail {
inline StoredItem stored_item(const Json& item) { return dynamo_items::json::decode_item(item); }
// The key attributes of the item an iterator stands on, kept for cursor().
inline void keep_key(rapidjson::Document& into, const Json& item, const std::vector<std::string>& attributes) {
  into.SetObject();
  for (const std::string& name : attributes) {
    auto it = item.FindMember(name.c_str());
    if (it != item.MemberEnd())
      into.AddMember(make_string(name, into.GetAllocator()), Json().CopyFrom(it->value, into.GetAllocator()),
                     into.GetAllocator());
  }
}
// A key given as one value or a std::tuple of values, as an array of
// attribute values (multi-attribute index keys).
template <class V>
rapidjson::Document attribute_values(const V& value) {
  rapidjson::Document out(rapidjson::kArrayType);
  auto add = [&](const auto& part) {
    const auto& v = normalize_key(part);
    Json e;
    encode_value(v, e, out.GetAllocator(), "key value");
    out.PushBack(e, out.GetAllocator());
  };
  if constexpr (is_tuple<V>) std::apply([&](const auto&... parts) { (add(parts), ...); }, value);
  else add(value);
  return out;
}
// The key values of a query on a multi-attribute index.
struct MultiKeyRange {
  rapidjson::Document partition{rapidjson::kArrayType}, low{rapidjson::kArrayType}, high{rapidjson::kArrayType};
  SortRange::Op op = SortRange::Op::kAll;
  std::shared_ptr<MultiKeyRange> copy() const {
    auto m = std::make_shared<MultiKeyRange>();
    m->partition.CopyFrom(partition, m->partition.GetAllocator());
    m->low.CopyFrom(low, m->low.GetAllocator());
    m->high.CopyFrom(high, m->high.GetAllocator());
    m->op = op;
    return m;
  }
};
}  // namespace detail

// The iterator of RangeQuery and ScanQuery: pages are fetched as it moves.
template <class Model>
class ItemIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = Model;
  using difference_type = std::ptrdiff_t;
  using pointer = const Model*;
  using reference = const Model&;

  struct State {
    State(const Item<Model>* t, detail::QueryPager p, detail::SortFilter f, std::optional<std::size_t> r,
          std::shared_ptr<std::vector<Undecodable>> u, std::vector<std::string> k, bool partial_items)
        : type(t),
          pager(std::move(p)),
          filter(std::move(f)),
          remaining(r),
          undecodable(std::move(u)),
          key_attributes(std::move(k)),
          partial(partial_items) {}
    const Item<Model>* type;
    detail::QueryPager pager;
    detail::SortFilter filter;
    std::optional<std::size_t> remaining;
    std::shared_ptr<std::vector<Undecodable>> undecodable;
    std::vector<std::string> key_attributes;
    bool partial;  // projected items: decode what they hold
    rapidjson::Document last_key;
    Model current{};
    bool done = false;
  };

  ItemIterator() = default;
  explicit ItemIterator(std::shared_ptr<State> s) : state_(std::move(s)) { advance(); }
  const Model& operator*() const { return state_->current; }
  const Model* operator->() const { return &state_->current; }
  ItemIterator& operator++() {
    advance();
    return *this;
  }
  void operator++(int) { advance(); }
  friend bool operator==(const ItemIterator& it, std::default_sentinel_t) { return !it.state_ || it.state_->done; }
  // A cursor that resumes after the current item (start_after).
  std::string cursor() const { return detail::make_cursor(state_->last_key, state_->key_attributes); }
  // Whether items may follow the current one.
  bool more() const { return !(state_->remaining && *state_->remaining == 0) && !state_->pager.exhausted(); }
  // The primary key of the current item, e.g. to read the whole item after
  // a KEYS_ONLY index query.
  ItemKey<Model> key() const { return state_->type->key_of_item(state_->last_key); }

 private:
  void advance() {
    State& s = *state_;
    if (s.remaining && *s.remaining == 0) {
      s.done = true;
      return;
    }
    for (const Json* item = s.pager.next(); item != nullptr; item = s.pager.next()) {
      if (!s.filter.keep(*item)) continue;
      try {
        s.current = s.partial ? s.type->from_partial_item(*item) : s.type->from_item(*item);
      } catch (const DecodeError& e) {
        s.undecodable->push_back(Undecodable{detail::stored_item(*item), e});
        continue;
      }
      detail::keep_key(s.last_key, *item, s.key_attributes);
      if (s.remaining) --*s.remaining;
      return;
    }
    s.done = true;
  }
  std::shared_ptr<State> state_;
};

// The first n items of an iteration (and the cursor of the rest).
template <class Model, class Query>
Page<Model> first_page(const Query& query, std::size_t n) {
  Page<Model> out;
  auto it = query.begin();
  for (; it != query.end() && out.items.size() < n; ++it) {
    out.items.push_back(*it);
    if (out.items.size() == n) break;
  }
  if (!out.items.empty() && out.items.size() == n && it.more()) out.next = it.cursor();
  return out;
}

template <class Model>
class RangeQuery {
 public:
  RangeQuery(const Item<Model>& type, detail::QueryKeys keys, std::string pk_text)
      : type_(&type), keys_(keys), pk_text_(std::move(pk_text)) {}
  // On a multi-attribute index: the partition attributes' values.
  RangeQuery(const Item<Model>& type, detail::QueryKeys keys, rapidjson::Document partition)
      : type_(&type), keys_(keys) {
    auto m = std::make_shared<detail::MultiKeyRange>();
    m->partition.CopyFrom(partition, m->partition.GetAllocator());
    multi_ = std::move(m);
  }

  // Every builder has an lvalue form, which edits the query in place and
  // returns it, and an rvalue form, which returns the edited query by value:
  // a chain on a temporary (`for (x : items.query(pk).after(t).limit(10))`)
  // then yields a query that lives as long as the loop, not a reference to a
  // destroyed temporary.
  template <class T> RangeQuery& eq(const T& v) & { return range(detail::SortRange::Op::kEq, v, v); }
  template <class T> RangeQuery eq(const T& v) && { return std::move(eq(v)); }
  template <class T> RangeQuery& before(const T& v) & { return range(detail::SortRange::Op::kBefore, v, v); }
  template <class T> RangeQuery before(const T& v) && { return std::move(before(v)); }
  template <class T> RangeQuery& at_or_before(const T& v) & {
    return range(detail::SortRange::Op::kAtOrBefore, v, v);
  }
  template <class T> RangeQuery at_or_before(const T& v) && { return std::move(at_or_before(v)); }
  template <class T> RangeQuery& after(const T& v) & { return range(detail::SortRange::Op::kAfter, v, v); }
  template <class T> RangeQuery after(const T& v) && { return std::move(after(v)); }
  template <class T> RangeQuery& at_or_after(const T& v) & { return range(detail::SortRange::Op::kAtOrAfter, v, v); }
  template <class T> RangeQuery at_or_after(const T& v) && { return std::move(at_or_after(v)); }
  template <class T> RangeQuery& between(const T& low, const T& high) & {
    return range(detail::SortRange::Op::kBetween, low, high);
  }
  template <class T> RangeQuery between(const T& low, const T& high) && { return std::move(between(low, high)); }
  // Sort-key text starting with `text` (after the type's prefix).
  RangeQuery& begins_with(std::string_view text) & {
    return range(detail::SortRange::Op::kBeginsWith, std::string(text), std::string(text));
  }
  RangeQuery begins_with(std::string_view text) && { return std::move(begins_with(text)); }
  RangeQuery& reverse(bool descending = true) & {
    shape_.forward = !descending;
    return *this;
  }
  RangeQuery reverse(bool descending = true) && { return std::move(reverse(descending)); }
  // At most n items in all.
  RangeQuery& limit(std::size_t n) & {
    limit_ = n;
    return *this;
  }
  RangeQuery limit(std::size_t n) && { return std::move(limit(n)); }
  // Items per Query request (DynamoDB's Limit).
  RangeQuery& page_size(int n) & {
    shape_.page_size = n;
    return *this;
  }
  RangeQuery page_size(int n) && { return std::move(page_size(n)); }
  RangeQuery& consistent(bool c = true) & {
    shape_.consistent = c;
    return *this;
  }
  RangeQuery consistent(bool c = true) && { return std::move(consistent(c)); }
  // A FilterExpression (field(&Model::x) > 3 && ...): applied by DynamoDB
  // after the key range is read, so filtered-out items still cost reads.
  RangeQuery& where(Condition c) & {
    shape_.where = detail::all_of(std::move(shape_.where), std::move(c));
    return *this;
  }
  RangeQuery where(Condition c) && { return std::move(where(std::move(c))); }
  // Only these fields (ProjectionExpression, plus the key attributes): the
  // models hold them and the key fields; other fields keep their defaults.
  template <class... T>
  RangeQuery& select(T Model::*... members) & {
    (shape_.select.emplace_back(field_name(members)), ...);
    return *this;
  }
  template <class... T>
  RangeQuery select(T Model::*... members) && { return std::move(select(members...)); }
  // Resume after the item a cursor (Page::next, iterator::cursor()) names.
  RangeQuery& start_after(std::string_view cursor) & {
    start_ = std::make_shared<rapidjson::Document>(detail::read_cursor(cursor, key_attributes()));
    return *this;
  }
  RangeQuery start_after(std::string_view cursor) && { return std::move(start_after(cursor)); }

  // At most n items (and the limit, when one is set), with the cursor of
  // the rest when more may follow.
  Page<Model> page(std::size_t n) const { return first_page<Model>(*this, n); }
  // How many items of this type the whole range matches (Select COUNT,
  // every page; limit and start_after do not apply). No item is transferred,
  // but DynamoDB charges the reads of every item counted.
  std::size_t count() const {
    if (!multi_) return detail::count_query(type_->table(), keys_, pk_text_, range_, shape_);
    detail::ReadShape shape = shape_;
    shape.count = true;
    shape.select.clear();
    return detail::count_pages(type_->table().transport(), "Query",
                               detail::build_multi_query(type_->table(), *keys_.index, multi_->partition, multi_->low,
                                                         multi_->high, multi_->op, shape));
  }

  // The first request this query sends (for inspection and tests).
  rapidjson::Document request() const {
    detail::SortFilter filter;
    return build(filter);
  }

  using iterator = ItemIterator<Model>;
  iterator begin() const {
    detail::SortFilter filter;
    rapidjson::Document req = build(filter);
    undecodable_->clear();
    return iterator(std::make_shared<typename iterator::State>(
        type_, detail::QueryPager(type_->table().transport(), std::move(req)), filter, limit_, undecodable_,
        key_attributes(), !keys_.whole_items() || !shape_.select.empty()));
  }
  // The items the last iteration skipped because they do not decode into the
  // model (e.g. written by another version of it).
  const std::vector<Undecodable>& undecodable() const { return *undecodable_; }
  std::default_sentinel_t end() const { return {}; }

  std::vector<Model> all() const {
    std::vector<Model> out;
    for (auto it = begin(); it != end(); ++it) out.push_back(*it);
    return out;
  }

 private:
  template <class T>
  RangeQuery& range(detail::SortRange::Op op, const T& low, const T& high) {
    if (multi_) {  // values of the sort attributes, left to right; op on the last
      auto m = multi_->copy();
      m->low = detail::attribute_values(low);
      m->high = detail::attribute_values(high);
      m->op = op;
      multi_ = std::move(m);
      return *this;
    }
    const detail::KeySpec* sk = keys_.sk;
    if (sk == nullptr || sk->constant)
      throw ValidationError("ValidationException", type_->name() + " has no sort key field to range over" +
                                                       (keys_.index ? std::string(" on index ") + keys_.name() : ""));
    const std::string what = type_->name() + "." + sk->field;
    if constexpr (detail::is_tuple<T>) {
      range_ = detail::SortRange{op, detail::key_value_text(*sk, low, what, true),
                                 detail::key_value_text(*sk, high, what, true), 'S'};
      if (std::tuple_size_v<T> < sk->parts.size()) range_ = detail::leading_parts_range(range_, sk->joiner);
    } else {
      range_ = detail::SortRange{op, detail::key_value_text(*sk, low, what), detail::key_value_text(*sk, high, what),
                                 sk->field_kind};
    }
    return *this;
  }
  rapidjson::Document build(detail::SortFilter& filter) const {
    detail::ReadShape shape = shape_;
    // Ask for one more than the limit: an exclusive bound may drop one item.
    if (!shape.page_size && limit_) shape.page_size = static_cast<int>(std::min<std::size_t>(*limit_ + 1, 1000));
    rapidjson::Document req =
        multi_ ? detail::build_multi_query(type_->table(), *keys_.index, multi_->partition, multi_->low, multi_->high,
                                           multi_->op, shape)
               : detail::build_query(type_->table(), keys_, pk_text_, range_, shape, filter);
    if (start_) detail::set_start_key(req, *start_);
    return req;
  }
  std::vector<std::string> key_attributes() const { return detail::key_attributes(type_->table(), keys_.index); }

  const Item<Model>* type_;
  detail::QueryKeys keys_;
  std::string pk_text_;
  detail::SortRange range_;
  detail::ReadShape shape_;
  std::optional<std::size_t> limit_;
  std::shared_ptr<std::vector<Undecodable>> undecodable_ = std::make_shared<std::vector<Undecodable>>();
  std::shared_ptr<const rapidjson::Document> start_;  // ExclusiveStartKey from a cursor
  std::shared_ptr<const detail::MultiKeyRange> multi_;  // a multi-attribute index's values
};

template <class Model>
template <class P>
RangeQuery<Model> Item<Model>::query(const P& pk) const {
  return RangeQuery<Model>(*this, query_keys(), pk_text(pk));
}

template <class Model>
template <class P>
RangeQuery<Model> Item<Model>::query_index(std::string_view index, const P& pk) const {
  if (const IndexSpec* spec = table_->find_index(index); spec != nullptr && spec->is_multi_attribute())
    return RangeQuery<Model>(*this, detail::QueryKeys{spec, nullptr, nullptr, !spec->sort_attributes.empty()},
                             detail::attribute_values(pk));
  const detail::QueryKeys keys = query_keys(index);
  return RangeQuery<Model>(*this, keys, detail::key_value_text(*keys.pk, pk, name_ + "." + keys.pk->field));
}

}  // namespace dynamo_items::client

#include "dynamo_items/client/collection.h"  // IWYU pragma: export
#include "dynamo_items/client/scan.h"        // IWYU pragma: export
