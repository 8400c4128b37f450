// ScanQuery<Model> (included by query.h): every item of one type in its
// table, read with Scan and kept to the type by its key prefixes (or its
// constant sort key "A"), which DynamoDB applies as a filter.
//
//   for (const Order& o : orders.scan().where(field(&Order::total) > 100)) ...
//   std::vector<Order> all = orders.scan().segments(4).all();  // 4 threads, one segment each
//   std::size_t n = orders.scan().count();
//
// A Scan reads the whole table whatever the filter keeps: it costs what the
// table holds. segments(n) splits it into DynamoDB's parallel segments, each
// read by its own thread in all() and count(); segment(i, n) reads one, for
// workers that share a scan between processes. Types with unprefixed keys
// cannot be told apart: items of other types land in undecodable().
#pragma once

#include <exception>
#include <mutex>
#include <thread>

#include "dynamo_items/client/query.h"

namespace dynamo_items::client {

template <class Model>
class ScanQuery {
 public:
  explicit ScanQuery(const Item<Model>& type) : type_(&type), keys_(type.query_keys()) {}

  ScanQuery& where(Condition c) & {
    shape_.where = detail::all_of(std::move(shape_.where), std::move(c));
    return *this;
  }
  ScanQuery where(Condition c) && { return std::move(where(std::move(c))); }
  template <class... T>
  ScanQuery& select(T Model::*... members) & {
    (shape_.select.emplace_back(field_name(members)), ...);
    return *this;
  }
  template <class... T>
  ScanQuery select(T Model::*... members) && { return std::move(select(members...)); }
  // Items per Scan request (DynamoDB's Limit: items read, before the filter).
  ScanQuery& page_size(int n) & {
    shape_.page_size = n;
    return *this;
  }
  ScanQuery page_size(int n) && { return std::move(page_size(n)); }
  ScanQuery& limit(std::size_t n) & {
    limit_ = n;
    return *this;
  }
  ScanQuery limit(std::size_t n) && { return std::move(limit(n)); }
  ScanQuery& consistent(bool c = true) & {
    shape_.consistent = c;
    return *this;
  }
  ScanQuery consistent(bool c = true) && { return std::move(consistent(c)); }
  // all() and count() read n segments at once, one thread each.
  ScanQuery& segments(int n) & {
    if (n < 1 || n > 1000000) throw ValidationError("ValidationException", "TotalSegments must be 1..1000000");
    parallel_ = n;
    return *this;
  }
  ScanQuery segments(int n) && { return std::move(segments(n)); }
  // Only segment i of n (for a worker of a shared scan).
  ScanQuery& segment(int i, int n) & {
    if (n < 1 || n > 1000000 || i < 0 || i >= n)
      throw ValidationError("ValidationException", "Segment must be 0.." + std::to_string(n - 1) + " of " + std::to_string(n));
    shape_.segment = i;
    shape_.total_segments = n;
    return *this;
  }
  ScanQuery segment(int i, int n) && { return std::move(segment(i, n)); }
  ScanQuery& start_after(std::string_view cursor) & {
    start_ = std::make_shared<rapidjson::Document>(detail::read_cursor(cursor, key_attributes()));
    return *this;
  }
  ScanQuery start_after(std::string_view cursor) && { return std::move(start_after(cursor)); }

  // The request of the first page (of segment 0 when parallel).
  rapidjson::Document request() const {
    detail::ReadShape shape = shape_;
    if (parallel_ > 1 && !shape.total_segments) {
      shape.segment = 0;
      shape.total_segments = parallel_;
    }
    rapidjson::Document req = detail::build_scan(type_->table(), keys_, shape);
    if (start_) detail::set_start_key(req, *start_);
    return req;
  }

  // Sequential iteration (one segment when segment() was given; segments()
  // applies to all() and count()).
  using iterator = ItemIterator<Model>;
  iterator begin() const {
    undecodable_->clear();
    rapidjson::Document req = detail::build_scan(type_->table(), keys_, shape_);
    if (start_) detail::set_start_key(req, *start_);
    return iterator(std::make_shared<typename iterator::State>(
        type_, detail::QueryPager(type_->table().transport(), std::move(req), "Scan"), detail::SortFilter{}, limit_,
        undecodable_, key_attributes(), !shape_.select.empty()));
  }
  std::default_sentinel_t end() const { return {}; }
  const std::vector<Undecodable>& undecodable() const { return *undecodable_; }
  Page<Model> page(std::size_t n) const { return first_page<Model>(*this, n); }

  // Every item, segment by segment in segment order (the limit applies per
  // segment when parallel).
  std::vector<Model> all() const {
    if (parallel_ <= 1 || shape_.total_segments) {
      std::vector<Model> out;
      for (auto it = begin(); it != end(); ++it) out.push_back(*it);
      return out;
    }
    std::vector<std::vector<Model>> parts(static_cast<std::size_t>(parallel_));
    std::vector<std::vector<Undecodable>> skipped(parts.size());
    run_segments([&](int i, ScanQuery& one) {
      for (auto it = one.begin(); it != one.end(); ++it) parts[static_cast<std::size_t>(i)].push_back(*it);
      skipped[static_cast<std::size_t>(i)] = one.undecodable();
    });
    std::vector<Model> out;
    undecodable_->clear();
    for (std::size_t i = 0; i < parts.size(); ++i) {
      for (auto& m : parts[i]) out.push_back(std::move(m));
      for (auto& u : skipped[i]) undecodable_->push_back(std::move(u));
    }
    return out;
  }
  // How many items of this type the scan matches (Select COUNT).
  std::size_t count() const {
    auto count_one = [&](const ScanQuery& q) {
      detail::ReadShape shape = q.shape_;
      shape.count = true;
      shape.select.clear();
      return detail::count_pages(type_->table().transport(), "Scan", detail::build_scan(type_->table(), keys_, shape));
    };
    if (parallel_ <= 1 || shape_.total_segments) return count_one(*this);
    std::vector<std::size_t> counts(static_cast<std::size_t>(parallel_));
    run_segments([&](int i, ScanQuery& one) { counts[static_cast<std::size_t>(i)] = count_one(one); });
    std::size_t total = 0;
    for (std::size_t c : counts) total += c;
    return total;
  }

 private:
  template <class Fn>
  void run_segments(Fn fn) const {
    std::vector<std::thread> threads;
    std::exception_ptr failure;
    std::mutex mu;
    for (int i = 0; i < parallel_; ++i) {
      threads.emplace_back([&, i] {
        try {
          ScanQuery one = *this;
          one.undecodable_ = std::make_shared<std::vector<Undecodable>>();
          one.parallel_ = 1;
          one.segment(i, parallel_);
          fn(i, one);
        } catch (...) {
          std::lock_guard lock(mu);
          if (!failure) failure = std::current_exception();
        }
      });
    }
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
  }
  std::vector<std::string> key_attributes() const { return detail::key_attributes(type_->table()); }

  const Item<Model>* type_;
  detail::QueryKeys keys_;
  detail::ReadShape shape_;
  std::optional<std::size_t> limit_;
  int parallel_ = 1;
  std::shared_ptr<std::vector<Undecodable>> undecodable_ = std::make_shared<std::vector<Undecodable>>();
  std::shared_ptr<const rapidjson::Document> start_;
};

template <class Model>
ScanQuery<Model> Item<Model>::scan() const {
  return ScanQuery<Model>(*this);
}

}  // namespace dynamo_items::client
