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
// other types in the same collection are never returned); a prefixed key
// compares as text, so numbers order as text there.
//
// query_collection(pk, type1, type2, ...): every item under one partition key
// (an item collection: the types share the table and the pk prefix), each
// decoded into std::variant<Model1, Model2, ...> by its sort-key prefix.
// Items of no listed type are returned in `unknown`, not dropped; items of a
// listed type that do not decode into it are returned in `undecodable`.
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

namespace detail {
inline StoredItem stored_item(const Json& item) { return dynamo_items::json::decode_item(item); }
}  // namespace detail

template <class Model>
class RangeQuery {
 public:
  RangeQuery(const Item<Model>& type, std::string pk_text) : type_(&type), pk_text_(std::move(pk_text)) {}

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
    forward_ = !descending;
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
    page_size_ = n;
    return *this;
  }
  RangeQuery page_size(int n) && { return std::move(page_size(n)); }
  RangeQuery& consistent(bool c = true) & {
    consistent_ = c;
    return *this;
  }
  RangeQuery consistent(bool c = true) && { return std::move(consistent(c)); }

  // The first request this query sends (for inspection and tests).
  rapidjson::Document request() const {
    detail::SortFilter filter;
    return build(filter);
  }

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Model;
    using difference_type = std::ptrdiff_t;
    using pointer = const Model*;
    using reference = const Model&;

    iterator() = default;
    const Model& operator*() const { return state_->current; }
    const Model* operator->() const { return &state_->current; }
    iterator& operator++() {
      advance();
      return *this;
    }
    void operator++(int) { advance(); }
    friend bool operator==(const iterator& it, std::default_sentinel_t) { return !it.state_ || it.state_->done; }

   private:
    friend class RangeQuery;
    struct State {
      State(const Item<Model>* t, detail::QueryPager p, detail::SortFilter f, std::optional<std::size_t> r,
            std::shared_ptr<std::vector<Undecodable>> u)
          : type(t), pager(std::move(p)), filter(std::move(f)), remaining(r), undecodable(std::move(u)) {}
      const Item<Model>* type;
      detail::QueryPager pager;
      detail::SortFilter filter;
      std::optional<std::size_t> remaining;
      std::shared_ptr<std::vector<Undecodable>> undecodable;
      Model current{};
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
        if (!s.filter.keep(*item)) continue;
        try {
          s.current = s.type->from_item(*item);
        } catch (const DecodeError& e) {
          s.undecodable->push_back(Undecodable{detail::stored_item(*item), e});
          continue;
        }
        if (s.remaining) --*s.remaining;
        return;
      }
      s.done = true;
    }
    std::shared_ptr<State> state_;
  };

  iterator begin() const {
    detail::SortFilter filter;
    rapidjson::Document req = build(filter);
    undecodable_->clear();
    auto state = std::make_shared<typename iterator::State>(
        type_, detail::QueryPager(type_->table().transport(), std::move(req)), filter, limit_, undecodable_);
    return iterator(std::move(state));
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
    const auto& sk = type_->sk_spec();
    if (!sk || sk->constant)
      throw ValidationError("ValidationException", type_->name() + " has no sort key field to range over");
    const auto& l = detail::normalize_key(low);
    const auto& h = detail::normalize_key(high);
    using V = std::remove_cvref_t<decltype(l)>;
    detail::check_key_kind(*sk, Marshaler<V>::key_kind);
    range_ = detail::SortRange{op, key_text(l, "sort key"), key_text(h, "sort key"), Marshaler<V>::key_kind};
    return *this;
  }
  rapidjson::Document build(detail::SortFilter& filter) const {
    std::optional<int> page = page_size_;
    // Ask for one more than the limit: an exclusive bound may drop one item.
    if (!page && limit_) page = static_cast<int>(std::min<std::size_t>(*limit_ + 1, 1000));
    return detail::build_query(type_->table(), type_->pk_spec(), pk_text_, type_->sk_spec(), range_, forward_, page,
                               consistent_, filter);
  }

  const Item<Model>* type_;
  std::string pk_text_;
  detail::SortRange range_;
  bool forward_ = true;
  bool consistent_ = false;
  std::optional<std::size_t> limit_;
  std::shared_ptr<std::vector<Undecodable>> undecodable_ = std::make_shared<std::vector<Undecodable>>();
  std::optional<int> page_size_;
};

template <class Model>
template <class P>
RangeQuery<Model> Item<Model>::query(const P& pk) const {
  return RangeQuery<Model>(*this, pk_text(pk));
}

template <class... Models>
struct Collection {
  std::vector<std::variant<Models...>> items;  // in sort-key order
  std::vector<StoredItem> unknown;             // items of no listed type
  std::vector<Undecodable> undecodable;        // of a listed type, but not decodable into it
};

template <class P, class First, class... Rest>
Collection<First, Rest...> query_collection(const P& pk, const Item<First>& first, const Item<Rest>&... rest) {
  std::tuple<const Item<First>*, const Item<Rest>*...> types{&first, &rest...};
  std::vector<const detail::KeySpec*> sort_keys;
  auto check = [&](const auto* type) {
    if (&type->table() != &first.table() || type->pk_spec().prefix != first.pk_spec().prefix ||
        type->pk_spec().prefixed != first.pk_spec().prefixed)
      throw std::invalid_argument("item types of one collection share the table and the partition key prefix; " +
                                  type->name() + " does not match " + first.name());
    sort_keys.push_back(type->sk_spec() ? &*type->sk_spec() : nullptr);
  };
  std::apply([&](const auto*... t) { (check(t), ...); }, types);

  detail::SortFilter filter;
  rapidjson::Document req = detail::build_query(first.table(), first.pk_spec(), first.pk_text(pk), std::nullopt,
                                                detail::SortRange{}, true, std::nullopt, false, filter);
  detail::QueryPager pager(first.table().transport(), std::move(req));
  const std::string sk_attribute = first.table().has_sort_key() ? first.table().spec().sort_key_attribute : "";
  Collection<First, Rest...> out;
  for (const Json* item = pager.next(); item != nullptr; item = pager.next()) {
    int index = detail::match_sort_key(*item, sk_attribute, sort_keys);
    if (index < 0) {
      out.unknown.push_back(detail::stored_item(*item));
      continue;
    }
    boost::mp11::mp_with_index<1 + sizeof...(Rest)>(static_cast<std::size_t>(index), [&](auto I) {
      try {
        out.items.emplace_back(std::in_place_index<I>, std::get<I>(types)->from_item(*item));
      } catch (const DecodeError& e) {
        out.undecodable.push_back(Undecodable{detail::stored_item(*item), e});
      }
    });
  }
  return out;
}

}  // namespace dynamo_items::client
