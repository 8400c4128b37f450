// Expressions: condition and update expressions built from C++ values, with
// every attribute name and value behind a placeholder (#n0, :v0), so names
// never clash with DynamoDB's reserved words and values are never spliced
// into expression text.
//
//   Condition c = attr("status") == Statuses::pending && attr("retry") < 3;
//   Update u;  u.set("status", Statuses::failed).add("retry", 1).remove("note");
//   ExpressionNames names;
//   u.render(names)  -> "SET #n0 = :v0 REMOVE #n2 ADD #n1 :v1"  (numbered in order of use)
//   c.render(names)  -> "(#n0 = :v2) AND (#n1 < :v3)"
//   names.write_to(request);  // ExpressionAttributeNames / ...Values
//
// Values are marshaled (marshal.h) when the condition or update is built;
// Condition and Update are then immutable-by-copy values, safe to share
// between threads. ExpressionNames belongs to one request.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <rapidjson/document.h>

#include "dynamo_items/client/marshal.h"

namespace dynamo_items::client {

// A document path: "a.b[2].c". Path::field("a.b") is one attribute whose
// name contains a dot.
class Path {
 public:
  struct Step {
    std::string name;  // empty for an index step
    std::size_t index = 0;
  };
  Path(std::string_view dotted);  // NOLINT: implicit, so "status" is a Path
  Path(const char* dotted) : Path(std::string_view(dotted)) {}  // NOLINT
  Path(const std::string& dotted) : Path(std::string_view(dotted)) {}  // NOLINT
  static Path field(std::string name);
  const std::vector<Step>& steps() const { return steps_; }
  std::string to_string() const;

 private:
  Path() = default;
  std::vector<Step> steps_;
};

// One marshaled value for an expression.
class Operand {
 public:
  template <class T>
  static Operand of(const T& value) {
    auto doc = std::make_shared<rapidjson::Document>();
    if constexpr (std::is_convertible_v<const T&, std::string_view> && !std::is_same_v<T, std::string>)
      encode_value(std::string(std::string_view(value)), *doc, doc->GetAllocator());
    else
      encode_value(value, *doc, doc->GetAllocator());
    return Operand(std::move(doc));
  }
  // An attribute value already in DynamoDB JSON ({"S": "x"}).
  static Operand raw(const Json& value);
  const Json& json() const { return *doc_; }

 private:
  explicit Operand(std::shared_ptr<const rapidjson::Document> doc) : doc_(std::move(doc)) {}
  std::shared_ptr<const rapidjson::Document> doc_;
};

// Placeholders of one request.
class ExpressionNames {
 public:
  ExpressionNames();
  std::string name(const Path& path);     // "#n0.#n1[2]"; one placeholder per distinct name
  std::string value(const Operand& value);  // ":v0", ":v1", ...
  // Adds ExpressionAttributeNames / ExpressionAttributeValues when not empty.
  void write_to(rapidjson::Document& request) const;

 private:
  std::vector<std::string> names_;
  rapidjson::Document values_;
  int value_count_ = 0;
};

class Condition {
 public:
  static Condition compare(Path path, std::string op, Operand value);
  static Condition between(Path path, Operand low, Operand high);
  // begins_with, contains, attribute_type: fn(path, value).
  static Condition function(std::string fn, Path path, Operand value);
  static Condition attribute_exists(Path path);
  static Condition attribute_not_exists(Path path);

  std::string render(ExpressionNames& names) const;

  friend Condition operator&&(const Condition& a, const Condition& b);
  friend Condition operator||(const Condition& a, const Condition& b);
  friend Condition operator!(const Condition& a);

 private:
  struct Node;
  explicit Condition(std::shared_ptr<const Node> node) : node_(std::move(node)) {}
  std::shared_ptr<const Node> node_;
};

// attr("a.b") == value, ... : conditions on an attribute of any type.
class Attr {
 public:
  explicit Attr(Path path) : path_(std::move(path)) {}
  const Path& path() const { return path_; }

  template <class T> Condition operator==(const T& v) const { return Condition::compare(path_, "=", Operand::of(v)); }
  template <class T> Condition operator!=(const T& v) const { return Condition::compare(path_, "<>", Operand::of(v)); }
  template <class T> Condition operator<(const T& v) const { return Condition::compare(path_, "<", Operand::of(v)); }
  template <class T> Condition operator<=(const T& v) const { return Condition::compare(path_, "<=", Operand::of(v)); }
  template <class T> Condition operator>(const T& v) const { return Condition::compare(path_, ">", Operand::of(v)); }
  template <class T> Condition operator>=(const T& v) const { return Condition::compare(path_, ">=", Operand::of(v)); }
  template <class T>
  Condition between(const T& low, const T& high) const {
    return Condition::between(path_, Operand::of(low), Operand::of(high));
  }
  template <class T> Condition begins_with(const T& v) const { return Condition::function("begins_with", path_, Operand::of(v)); }
  template <class T> Condition contains(const T& v) const { return Condition::function("contains", path_, Operand::of(v)); }
  Condition exists() const { return Condition::attribute_exists(path_); }
  Condition not_exists() const { return Condition::attribute_not_exists(path_); }
  // attribute_type(path, "S" | "N" | "M" | ...)
  Condition type_is(std::string_view type) const {
    return Condition::function("attribute_type", path_, Operand::of(std::string(type)));
  }

 private:
  Path path_;
};

inline Attr attr(Path path) { return Attr(std::move(path)); }

// field(&Command::retry) < 3: a condition on a model field whose values must
// convert to the field's type.
template <class T>
class Field {
 public:
  explicit Field(std::string name) : attr_(Path::field(std::move(name))) {}
  const Path& path() const { return attr_.path(); }
  Condition operator==(const T& v) const { return attr_ == v; }
  Condition operator!=(const T& v) const { return attr_ != v; }
  Condition operator<(const T& v) const { return attr_ < v; }
  Condition operator<=(const T& v) const { return attr_ <= v; }
  Condition operator>(const T& v) const { return attr_ > v; }
  Condition operator>=(const T& v) const { return attr_ >= v; }
  Condition between(const T& low, const T& high) const { return attr_.between(low, high); }
  template <class U> Condition begins_with(const U& v) const { return attr_.begins_with(v); }
  template <class U> Condition contains(const U& v) const { return attr_.contains(v); }
  Condition exists() const { return attr_.exists(); }
  Condition not_exists() const { return attr_.not_exists(); }

 private:
  Attr attr_;
};

template <class Model, class T>
Field<T> field(T Model::*member) {
  return Field<T>(std::string(field_name(member)));
}

// An UpdateExpression: SET, REMOVE, ADD and DELETE actions.
class Update {
 public:
  Update& set(Path path, Operand value);
  Update& set_if_not_exists(Path path, Operand value);  // SET p = if_not_exists(p, v)
  Update& add(Path path, Operand value);        // ADD: numbers add, sets union
  Update& append(Path path, Operand list);      // SET p = list_append(if_not_exists(p, []), v)
  Update& prepend(Path path, Operand list);     // SET p = list_append(v, if_not_exists(p, []))
  Update& remove(Path path);
  Update& delete_elements(Path path, Operand set);  // DELETE: set difference

  // The same with C++ values, marshaled as their own types.
  template <class T, class = std::enable_if_t<!std::is_same_v<T, Operand>>>
  Update& set(Path path, const T& v) { return set(std::move(path), Operand::of(v)); }
  template <class T, class = std::enable_if_t<!std::is_same_v<T, Operand>>>
  Update& set_if_not_exists(Path path, const T& v) { return set_if_not_exists(std::move(path), Operand::of(v)); }
  template <class T, class = std::enable_if_t<!std::is_same_v<T, Operand>>>
  Update& add(Path path, const T& v) { return add(std::move(path), Operand::of(v)); }
  template <class T, class = std::enable_if_t<!std::is_same_v<T, Operand>>>
  Update& append(Path path, const T& list) { return append(std::move(path), Operand::of(list)); }
  template <class T, class = std::enable_if_t<!std::is_same_v<T, Operand>>>
  Update& prepend(Path path, const T& list) { return prepend(std::move(path), Operand::of(list)); }
  template <class T, class = std::enable_if_t<!std::is_same_v<T, Operand>>>
  Update& delete_elements(Path path, const T& set) { return delete_elements(std::move(path), Operand::of(set)); }

  bool empty() const { return actions_.empty(); }
  // Whether an action's path starts at the top-level attribute `name`.
  bool touches(std::string_view name) const;
  std::string render(ExpressionNames& names) const;

 private:
  enum class Kind { kSet, kSetIfNotExists, kAppend, kPrepend, kRemove, kAdd, kDelete };
  struct Action {
    Kind kind;
    Path path;
    std::optional<Operand> value;
  };
  std::vector<Action> actions_;
};

}  // namespace dynamo_items::client
