// Result<T>: either a value or an Error, returned by the engine's public entry
// points so that callers handle failures as values (no exceptions cross the
// Engine API). Intentionally copyable when T is.
#pragma once

#include <utility>
#include <variant>

#include "dynamo_items/error.h"

namespace dynamo_items {

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}    // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok(). On a temporary the value is moved out, so
  // `auto engine = Engine::open({}).value();` takes the unique_ptr.
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // REQUIRES: !ok()
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace dynamo_items
