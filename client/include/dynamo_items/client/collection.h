// Item collections (included by query.h): every item under one partition key
// of several item types that share a table and a partition-key prefix (the
// seed's item collections), each decoded into std::variant<Model1, ...> by
// its sort-key prefix.
//
//   // Lazy: pages are fetched as the loop goes; stop early and nothing more is read.
//   for (const auto& item : collection(device_id, commands_v2, logs).reverse().limit(20)) ...
//   // Eager, the seed's form: every item, plus the ones of no listed type.
//   Collection<CommandV2, CommandV2Log> c = query_collection(device_id, commands_v2, logs);
//   // Paging across requests: 50 items and the cursor of the rest.
//   Page<std::variant<CommandV2, CommandV2Log>> p = collection(device_id, commands_v2, logs).page(50);
//   ... collection(device_id, commands_v2, logs).start_after(*p.next).page(50);
//
// Ranges are on the sort key's stored text, where the types' items lie in
// the order of their prefixes (begins_with("CT#") is one type's items; a
// between() may span several). Items of no listed type are kept in
// unknown(), items of a listed type that do not decode into it in
// undecodable(); neither counts against the limit.
//
// A CollectionQuery is a description; each begin() runs the query anew.
// Iterators are input iterators and must stay on the thread that created them.
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include <boost/mp11/algorithm.hpp>

#include "dynamo_items/client/query.h"

namespace dynamo_items::client {

template <class... Models>
struct Collection {
  std::vector<std::variant<Models...>> items;  // in sort-key order
  std::vector<StoredItem> unknown;             // items of no listed type
  std::vector<Undecodable> undecodable;        // of a listed type, but not decodable into it
};

template <class First, class... Rest>
class CollectionQuery {
 public:
  using value_type = std::variant<First, Rest...>;

  // index: "" for the table, else the secondary index the types share.
  CollectionQuery(std::string index, std::string pk_text, const Item<First>& first, const Item<Rest>&... rest)
      : index_(std::move(index)), pk_text_(std::move(pk_text)), types_(&first, &rest...) {
    const detail::QueryKeys keys = first.query_keys(index_);
    auto check = [&](const auto* type) {
      const detail::QueryKeys k = type->query_keys(index_);
      if (&type->table() != &first.table() || k.pk->prefix != keys.pk->prefix || k.pk->prefixed != keys.pk->prefixed ||
          k.pk->attribute != keys.pk->attribute)
        throw std::invalid_argument("item types of one collection share the table and the partition key prefix; " +
                                    type->name() + " does not match " + first.name() +
                                    (index_.empty() ? "" : " on index " + index_));
      sort_keys_.push_back(k.sk);
    };
    partial_ = !keys.whole_items();
    std::apply([&](const auto*... t) { (check(t), ...); }, types_);
  }

  // Sort-key text ranges (the stored text, prefixes included).
  CollectionQuery& begins_with(std::string_view text) & { return range(detail::SortRange::Op::kBeginsWith, text, text); }
  CollectionQuery begins_with(std::string_view text) && { return std::move(begins_with(text)); }
  CollectionQuery& between(std::string_view low, std::string_view high) & {
    return range(detail::SortRange::Op::kBetween, low, high);
  }
  CollectionQuery between(std::string_view low, std::string_view high) && { return std::move(between(low, high)); }
  CollectionQuery& after(std::string_view text) & { return range(detail::SortRange::Op::kAfter, text, text); }
  CollectionQuery after(std::string_view text) && { return std::move(after(text)); }
  CollectionQuery& before(std::string_view text) & { return range(detail::SortRange::Op::kBefore, text, text); }
  CollectionQuery before(std::string_view text) && { return std::move(before(text)); }
  CollectionQuery& reverse(bool descending = true) & {
    forward_ = !descending;
    return *this;
  }
  CollectionQuery reverse(bool descending = true) && { return std::move(reverse(descending)); }
  // At most n items of the listed types in all.
  CollectionQuery& limit(std::size_t n) & {
    limit_ = n;
    return *this;
  }
  CollectionQuery limit(std::size_t n) && { return std::move(limit(n)); }
  // Items per Query request (DynamoDB's Limit).
  CollectionQuery& page_size(int n) & {
    page_size_ = n;
    return *this;
  }
  CollectionQuery page_size(int n) && { return std::move(page_size(n)); }
  CollectionQuery& consistent(bool c = true) & {
    consistent_ = c;
    return *this;
  }
  CollectionQuery consistent(bool c = true) && { return std::move(consistent(c)); }
  CollectionQuery& start_after(std::string_view cursor) & {
    start_ = std::make_shared<rapidjson::Document>(detail::read_cursor(cursor, key_attributes()));
    return *this;
  }
  CollectionQuery start_after(std::string_view cursor) && { return std::move(start_after(cursor)); }

  // The first request this query sends (for inspection and tests).
  rapidjson::Document request() const {
    detail::ReadShape shape;
    shape.page_size = page_size_;
    if (!shape.page_size && limit_) shape.page_size = static_cast<int>(std::min<std::size_t>(*limit_ + 1, 1000));
    shape.forward = forward_;
    shape.consistent = consistent_;
    detail::SortFilter ignored;  // a collection keeps every item: unknown ones are reported
    detail::QueryKeys keys = first().query_keys(index_);
    const detail::KeySpec raw = raw_sort_key();
    keys.sk = keys.has_sort_key ? &raw : nullptr;
    rapidjson::Document req = detail::build_query(first().table(), keys, pk_text_, range_, shape, ignored);
    if (start_) detail::set_start_key(req, *start_);
    return req;
  }

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = CollectionQuery::value_type;
    using difference_type = std::ptrdiff_t;
    using pointer = const value_type*;
    using reference = const value_type&;

    iterator() = default;
    const value_type& operator*() const { return *state_->current; }
    const value_type* operator->() const { return &*state_->current; }
    iterator& operator++() {
      advance();
      return *this;
    }
    void operator++(int) { advance(); }
    friend bool operator==(const iterator& it, std::default_sentinel_t) { return !it.state_ || it.state_->done; }
    std::string cursor() const { return detail::make_cursor(state_->last_key, state_->key_attributes); }
    bool more() const { return !(state_->remaining && *state_->remaining == 0) && !state_->pager.exhausted(); }

   private:
    friend class CollectionQuery;
    struct State {
      CollectionQuery query;  // a copy: the iterator may outlive a temporary query
      detail::QueryPager pager;
      std::optional<std::size_t> remaining;
      std::vector<std::string> key_attributes;
      rapidjson::Document last_key;
      std::optional<value_type> current;
      bool done = false;
    };
    explicit iterator(std::shared_ptr<State> s) : state_(std::move(s)) { advance(); }
    void advance() {
      State& s = *state_;
      if (s.remaining && *s.remaining == 0) {
        s.done = true;
        return;
      }
      for (const Json* item = s.pager.next(); item != nullptr; item = s.pager.next()) {
        if (!s.query.decode(*item, s.current)) continue;
        detail::keep_key(s.last_key, *item, s.key_attributes);
        if (s.remaining) --*s.remaining;
        return;
      }
      s.done = true;
    }
    std::shared_ptr<State> state_;
  };

  iterator begin() const {
    unknown_->clear();
    undecodable_->clear();
    auto state = std::make_shared<typename iterator::State>(typename iterator::State{
        *this, detail::QueryPager(first().table().transport(), request()), limit_, key_attributes(),
        rapidjson::Document(), std::nullopt, false});
    return iterator(std::move(state));
  }
  std::default_sentinel_t end() const { return {}; }
  // What the last iteration set aside.
  const std::vector<StoredItem>& unknown() const { return *unknown_; }
  const std::vector<Undecodable>& undecodable() const { return *undecodable_; }

  Collection<First, Rest...> all() const {
    Collection<First, Rest...> out;
    for (auto it = begin(); it != end(); ++it) out.items.push_back(*it);
    out.unknown = *unknown_;
    out.undecodable = *undecodable_;
    return out;
  }
  Page<value_type> page(std::size_t n) const {
    Page<value_type> out;
    auto it = begin();
    for (; it != end() && out.items.size() < n; ++it) {
      out.items.push_back(*it);
      if (out.items.size() == n) break;
    }
    if (!out.items.empty() && out.items.size() == n && it.more()) out.next = it.cursor();
    return out;
  }

 private:
  const Item<First>& first() const { return *std::get<0>(types_); }
  std::vector<std::string> key_attributes() const {
    return detail::key_attributes(first().table(), first().query_keys(index_).index);
  }
  // The sort key attribute where the query runs ("" when there is none).
  std::string sort_attribute() const {
    const detail::QueryKeys keys = first().query_keys(index_);
    if (!keys.has_sort_key) return "";
    return keys.index != nullptr ? *keys.index->sort_key_attribute : first().table().spec().sort_key_attribute;
  }
  detail::KeySpec raw_sort_key() const {
    const detail::QueryKeys keys = first().query_keys(index_);
    if (!keys.has_sort_key) return {};
    const char type = key_type_char(keys.index != nullptr ? keys.index->sort_key : *first().table().spec().sort_key);
    return detail::KeySpec{"", sort_attribute(), type, type, false, "", false};
  }
  CollectionQuery& range(detail::SortRange::Op op, std::string_view low, std::string_view high) {
    if (sort_attribute().empty())
      throw ValidationError("ValidationException", "table " + first().table().name() + " has no sort key to range over" +
                                                       (index_.empty() ? "" : " on index " + index_));
    range_ = detail::SortRange{op, std::string(low), std::string(high), 'S'};
    return *this;
  }
  // Decodes an item into `out` by its sort-key prefix; false (and set aside)
  // when it is of no listed type or does not decode.
  bool decode(const Json& item, std::optional<value_type>& out) const {
    int index = detail::match_sort_key(item, sort_attribute(), sort_keys_);
    if (index < 0) {
      unknown_->push_back(detail::stored_item(item));
      return false;
    }
    bool ok = true;
    boost::mp11::mp_with_index<1 + sizeof...(Rest)>(static_cast<std::size_t>(index), [&](auto I) {
      try {
        const auto* type = std::get<I>(types_);
        out.emplace(std::in_place_index<I>, partial_ ? type->from_partial_item(item) : type->from_item(item));
      } catch (const DecodeError& e) {
        undecodable_->push_back(Undecodable{detail::stored_item(item), e});
        ok = false;
      }
    });
    return ok;
  }

  std::string index_;
  bool partial_ = false;  // an index that does not project every attribute
  std::string pk_text_;
  std::tuple<const Item<First>*, const Item<Rest>*...> types_;
  std::vector<const detail::KeySpec*> sort_keys_;
  detail::SortRange range_;
  bool forward_ = true;
  bool consistent_ = false;
  std::optional<std::size_t> limit_;
  std::optional<int> page_size_;
  std::shared_ptr<const rapidjson::Document> start_;
  std::shared_ptr<std::vector<StoredItem>> unknown_ = std::make_shared<std::vector<StoredItem>>();
  std::shared_ptr<std::vector<Undecodable>> undecodable_ = std::make_shared<std::vector<Undecodable>>();
};

// The collection under one partition key, lazily (see above).
template <class P, class First, class... Rest>
CollectionQuery<First, Rest...> collection(const P& pk, const Item<First>& first, const Item<Rest>&... rest) {
  return CollectionQuery<First, Rest...>("", first.pk_text(pk), first, rest...);
}

// A collection on a secondary index: the items of several types that share
// the index's partition key value (index overloading), in index sort-key
// order. `pk` is the first type's index partition key value.
template <class P, class First, class... Rest>
CollectionQuery<First, Rest...> index_collection(std::string_view index, const P& pk, const Item<First>& first,
                                                 const Item<Rest>&... rest) {
  const detail::QueryKeys keys = first.query_keys(index);
  return CollectionQuery<First, Rest...>(std::string(index),
                                         detail::key_value_text(*keys.pk, pk, first.name() + "." + keys.pk->field),
                                         first, rest...);
}

// The seed's query of a whole collection, read at once.
template <class P, class First, class... Rest>
Collection<First, Rest...> query_collection(const P& pk, const Item<First>& first, const Item<Rest>&... rest) {
  return collection(pk, first, rest...).all();
}

}  // namespace dynamo_items::client
