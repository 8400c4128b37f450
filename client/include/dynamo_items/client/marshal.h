// Marshalers: C++ values <-> DynamoDB JSON attribute values ({"S": "x"}), both
// ways and without loss. A model is a plain struct described once with
// BOOST_DESCRIBE_STRUCT; its public members, in declaration order, are the
// item's attributes under the same names.
//
//   C++ type                                        attribute
//   std::string                                     S
//   bool                                            BOOL
//   integers (not char types)                       N  (exact)
//   float, double                                   N  (shortest text that round-trips)
//   Bytes (std::vector<std::byte>)                  B
//   enum described with BOOST_DESCRIBE_ENUM         S  (enumerator name)
//   boost::uuids::uuid                              S  (canonical lower-case)
//   std::chrono::sys_time<D>                        S  ISO 8601 UTC, fixed-width fraction
//                                                      with D's digits ("...T01:10:36.357227Z")
//   std::optional<T>                                absent when empty (NULL inside a list)
//   std::vector<T>                                  L
//   std::set<T>, T a string/number/bytes type       SS / NS / BS (absent when empty)
//   std::map<std::string, T>                        M
//   described struct                                M
//
// A missing attribute decodes to an empty optional or set; for any other
// field it is an error. Attributes the model does not know are ignored.
// Failures throw DecodeError / EncodeError naming the model, the field path
// ("tags[2].name") and the problem.
//
// To support another type, specialize Marshaler<T> (see the contract below).
// Everything here is stateless and thread-safe.
#pragma once

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/uuid/uuid.hpp>
#include <rapidjson/document.h>

#include "dynamo_items/client/errors.h"

namespace dynamo_items::client {

using Json = rapidjson::Value;
using JsonAllocator = rapidjson::Document::AllocatorType;
using Bytes = std::vector<std::byte>;

// Marshaler<T> contract:
//   static constexpr char key_kind;  'S', 'N' or 'B' when T can be a key or a
//                                    set member (it then also has to_text /
//                                    from_text for the bare scalar text), else 0
//   static void encode(const T&, Json& out, JsonAllocator&);  out = {"S": ...}
//   static void decode(const Json& in, T& out);
// Both throw detail::Problem.
template <class T, class Enable = void>
struct Marshaler;

namespace detail {

// A problem at a path inside one value. Item-level entry points turn it into
// DecodeError / EncodeError naming the model.
struct Problem : std::runtime_error {
  Problem(std::string path_, const std::string& what) : std::runtime_error(what), path(std::move(path_)) {}
  explicit Problem(const std::string& what) : std::runtime_error(what) {}
  // The same problem one level up: `step` is a field name or "[i]".
  Problem at(std::string_view step) const {
    std::string p(step);
    if (!path.empty()) {
      if (path.front() != '[') p += '.';
      p += path;
    }
    return Problem(std::move(p), what());
  }
  std::string path;
};

inline Json make_string(std::string_view s, JsonAllocator& a) {
  return Json(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}
inline std::string_view view(const Json& s) { return {s.GetString(), s.GetStringLength()}; }
inline void set_tagged(Json& out, const char* tag, Json inner, JsonAllocator& a) {
  out.SetObject();
  out.AddMember(rapidjson::StringRef(tag), inner, a);
}
// The payload of {tag: payload}; Problem naming both types otherwise.
const Json& expect_tagged(const Json& in, const char* tag);
const Json& expect_string(const Json& in, const char* tag);
bool is_null(const Json& in);

std::string format_time(std::int64_t seconds, std::uint32_t nanos, int fraction_digits);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction]" with "Z", "+00:00" or nothing.
bool parse_time(std::string_view text, std::int64_t& seconds, std::uint32_t& nanos);
// An ISO 8601 time text as Python's str(datetime) writes it
// ("YYYY-MM-DD hh:mm:ss[.ffffff]"), or empty when `iso` is not a time.
std::string python_time_text(std::string_view iso);
std::string format_uuid(const boost::uuids::uuid& u);
bool parse_uuid(std::string_view text, boost::uuids::uuid& u);
std::string base64_encode(std::string_view bytes);
bool base64_decode(std::string_view text, std::string& bytes);
std::string unqualified_type_name(std::string_view pretty_function);

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_set : std::false_type {};
template <class T, class C, class A>
struct is_set<std::set<T, C, A>> : std::true_type {};

// Values stored as "no attribute": empty optionals and empty sets (DynamoDB
// has no empty sets).
template <class T>
bool is_absent(const T& v) {
  if constexpr (is_optional<T>::value) return !v.has_value();
  else if constexpr (is_set<T>::value) return v.empty();
  else return false;
}
// Sets `v` to what a missing attribute means; false when it means nothing.
template <class T>
bool assign_absent(T& v) {
  if constexpr (is_optional<T>::value) v.reset();
  else if constexpr (is_set<T>::value) v.clear();
  else return false;
  return true;
}

template <class T>
using members_of = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;

template <class T>
constexpr bool is_described_struct =
    std::is_class_v<T> && boost::describe::has_describe_members<T>::value;

template <class T>
std::string_view pretty_function_of() {
  return __PRETTY_FUNCTION__;
}

// Shared encode/decode for S, N and B scalars: Derived supplies to_text and
// from_text for the bare text (raw bytes for B).
template <class Derived, class T, char Kind>
struct ScalarMarshaler {
  static constexpr char key_kind = Kind;
  static constexpr char tag[2] = {Kind, '\0'};
  static void encode(const T& v, Json& out, JsonAllocator& a) {
    std::string text = Derived::to_text(v);
    if constexpr (Kind == 'B') text = base64_encode(text);
    set_tagged(out, tag, make_string(text, a), a);
  }
  static void decode(const Json& in, T& v) {
    std::string_view text = view(expect_string(in, tag));
    if constexpr (Kind == 'B') {
      std::string bytes;
      if (!base64_decode(text, bytes)) throw Problem("invalid base64 in B value");
      Derived::from_text(bytes, v);
    } else {
      Derived::from_text(text, v);
    }
  }
};

template <class T>
std::string integer_name() {
  return std::string(std::is_signed_v<T> ? "int" : "uint") + std::to_string(sizeof(T) * 8);
}

}  // namespace detail

// The model's unqualified C++ name ("Command" for app::Command).
template <class T>
std::string model_name() {
  return detail::unqualified_type_name(detail::pretty_function_of<T>());
}

template <>
struct Marshaler<std::string> : detail::ScalarMarshaler<Marshaler<std::string>, std::string, 'S'> {
  static std::string to_text(const std::string& v) { return v; }
  static void from_text(std::string_view t, std::string& v) { v.assign(t); }
};

template <>
struct Marshaler<bool> {
  static constexpr char key_kind = 0;
  static void encode(bool v, Json& out, JsonAllocator& a) { detail::set_tagged(out, "BOOL", Json(v), a); }
  static void decode(const Json& in, bool& v) {
    const Json& b = detail::expect_tagged(in, "BOOL");
    if (!b.IsBool()) throw detail::Problem("BOOL value is not true or false");
    v = b.GetBool();
  }
};

template <class T>
struct Marshaler<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
                                     !std::is_same_v<T, char8_t> && !std::is_same_v<T, char16_t> &&
                                     !std::is_same_v<T, char32_t> && !std::is_same_v<T, wchar_t>>>
    : detail::ScalarMarshaler<Marshaler<T>, T, 'N'> {
  static std::string to_text(T v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
  }
  static void from_text(std::string_view t, T& v) {
    auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    if (r.ec == std::errc::result_out_of_range)
      throw detail::Problem("number " + std::string(t) + " is out of range for " + detail::integer_name<T>());
    if (r.ec != std::errc() || r.ptr != t.data() + t.size())
      throw detail::Problem("number " + std::string(t) + " is not an integer");
  }
};

template <class T>
struct Marshaler<T, std::enable_if_t<std::is_floating_point_v<T>>> : detail::ScalarMarshaler<Marshaler<T>, T, 'N'> {
  static std::string to_text(T v) {
    if (!std::isfinite(v)) throw detail::Problem("NaN and infinity cannot be stored as a DynamoDB number");
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that parses back to v
    return std::string(buf, r.ptr);
  }
  static void from_text(std::string_view t, T& v) {
    auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    if (r.ec == std::errc::result_out_of_range)
      throw detail::Problem("number " + std::string(t) + " is out of range for " +
                            (sizeof(T) == sizeof(float) ? "float" : "double"));
    if (r.ec != std::errc() || r.ptr != t.data() + t.size())
      throw detail::Problem("'" + std::string(t) + "' is not a number");
  }
};

template <>
struct Marshaler<Bytes> : detail::ScalarMarshaler<Marshaler<Bytes>, Bytes, 'B'> {
  static std::string to_text(const Bytes& v) { return std::string(reinterpret_cast<const char*>(v.data()), v.size()); }
  static void from_text(std::string_view t, Bytes& v) {
    v.resize(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) v[i] = static_cast<std::byte>(t[i]);
  }
};

template <class E>
struct Marshaler<E, std::enable_if_t<std::is_enum_v<E> && boost::describe::has_describe_enumerators<E>::value>>
    : detail::ScalarMarshaler<Marshaler<E>, E, 'S'> {
  static std::string to_text(E v) {
    const char* name = boost::describe::enum_to_string(v, nullptr);
    if (name == nullptr)
      throw detail::Problem("value " + std::to_string(static_cast<std::underlying_type_t<E>>(v)) +
                            " is not an enumerator of " + model_name<E>());
    return name;
  }
  static void from_text(std::string_view t, E& v) {
    bool found = false;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto D) {
      if (!found && t == D.name) {
        v = D.value;
        found = true;
      }
    });
    if (!found) throw detail::Problem("'" + std::string(t) + "' is not an enumerator of " + model_name<E>());
  }
};

template <>
struct Marshaler<boost::uuids::uuid> : detail::ScalarMarshaler<Marshaler<boost::uuids::uuid>, boost::uuids::uuid, 'S'> {
  static std::string to_text(const boost::uuids::uuid& v) { return detail::format_uuid(v); }
  static void from_text(std::string_view t, boost::uuids::uuid& v) {
    if (!detail::parse_uuid(t, v)) throw detail::Problem("'" + std::string(t) + "' is not a UUID");
  }
};

template <class D>
struct Marshaler<std::chrono::time_point<std::chrono::system_clock, D>>
    : detail::ScalarMarshaler<Marshaler<std::chrono::time_point<std::chrono::system_clock, D>>,
                              std::chrono::time_point<std::chrono::system_clock, D>, 'S'> {
  using TimePoint = std::chrono::time_point<std::chrono::system_clock, D>;
  // Digits of D's resolution: 0 for seconds, 6 for microseconds, 9 at most.
  static constexpr int fraction_digits() {
    using P = typename D::period;
    if (P::num != 1) return 0;
    int digits = 0;
    for (std::intmax_t den = P::den; den > 1 && digits < 9; den /= 10) ++digits;
    return digits;
  }
  static std::string to_text(const TimePoint& v) {
    auto secs = std::chrono::floor<std::chrono::seconds>(v);
    auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(v - secs).count();
    std::string t = detail::format_time(secs.time_since_epoch().count(), static_cast<std::uint32_t>(nanos),
                                        fraction_digits());
    if (t.empty()) throw detail::Problem("time is outside the years 0000-9999");
    return t;
  }
  static void from_text(std::string_view t, TimePoint& v) {
    std::int64_t secs = 0;
    std::uint32_t nanos = 0;
    if (!detail::parse_time(t, secs, nanos))
      throw detail::Problem("'" + std::string(t) + "' is not an ISO 8601 UTC time");
    auto exact = std::chrono::sys_seconds(std::chrono::seconds(secs)) + std::chrono::nanoseconds(nanos);
    v = std::chrono::floor<D>(exact);
  }
};

template <class T>
struct Marshaler<std::optional<T>> {
  static constexpr char key_kind = 0;
  static void encode(const std::optional<T>& v, Json& out, JsonAllocator& a) {
    if (v) Marshaler<T>::encode(*v, out, a);
    else detail::set_tagged(out, "NULL", Json(true), a);
  }
  static void decode(const Json& in, std::optional<T>& v) {
    if (detail::is_null(in)) {
      v.reset();
      return;
    }
    v.emplace();
    Marshaler<T>::decode(in, *v);
  }
};

namespace detail {
// One element inside L or M: absent values are written as NULL, read back by
// the element type's absent value.
template <class T>
void encode_element(const T& v, Json& out, JsonAllocator& a) {
  if (is_absent(v)) set_tagged(out, "NULL", Json(true), a);
  else Marshaler<T>::encode(v, out, a);
}
template <class T>
void decode_element(const Json& in, T& v) {
  if (is_null(in) && assign_absent(v)) return;
  Marshaler<T>::decode(in, v);
}
}  // namespace detail

template <class T, class A>
struct Marshaler<std::vector<T, A>, std::enable_if_t<!std::is_same_v<T, std::byte>>> {
  static constexpr char key_kind = 0;
  static void encode(const std::vector<T, A>& v, Json& out, JsonAllocator& a) {
    Json list(rapidjson::kArrayType);
    list.Reserve(static_cast<rapidjson::SizeType>(v.size()), a);
    for (std::size_t i = 0; i < v.size(); ++i) {
      Json e;
      try {
        detail::encode_element(v[i], e, a);
      } catch (const detail::Problem& p) {
        throw p.at("[" + std::to_string(i) + "]");
      }
      list.PushBack(e, a);
    }
    detail::set_tagged(out, "L", std::move(list), a);
  }
  static void decode(const Json& in, std::vector<T, A>& v) {
    const Json& list = detail::expect_tagged(in, "L");
    if (!list.IsArray()) throw detail::Problem("L value is not a JSON array");
    v.clear();
    v.resize(list.Size());
    for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
      try {
        detail::decode_element(list[i], v[i]);
      } catch (const detail::Problem& p) {
        throw p.at("[" + std::to_string(i) + "]");
      }
    }
  }
};

template <class T, class C, class A>
struct Marshaler<std::set<T, C, A>> {
  static_assert(Marshaler<T>::key_kind != 0, "set members must be strings, numbers or bytes (SS, NS, BS)");
  static constexpr char key_kind = 0;
  static constexpr char tag[3] = {Marshaler<T>::key_kind, 'S', '\0'};
  static void encode(const std::set<T, C, A>& v, Json& out, JsonAllocator& a) {
    if (v.empty()) {  // DynamoDB has no empty sets
      detail::set_tagged(out, "NULL", Json(true), a);
      return;
    }
    Json members(rapidjson::kArrayType);
    for (const T& e : v) {
      std::string text = Marshaler<T>::to_text(e);
      if constexpr (Marshaler<T>::key_kind == 'B') text = detail::base64_encode(text);
      members.PushBack(detail::make_string(text, a), a);
    }
    detail::set_tagged(out, tag, std::move(members), a);
  }
  static void decode(const Json& in, std::set<T, C, A>& v) {
    v.clear();
    if (detail::is_null(in)) return;
    const Json& members = detail::expect_tagged(in, tag);
    if (!members.IsArray()) throw detail::Problem(std::string(tag) + " value is not a JSON array");
    for (const Json& m : members.GetArray()) {
      if (!m.IsString()) throw detail::Problem(std::string(tag) + " member is not a JSON string");
      T e{};
      if constexpr (Marshaler<T>::key_kind == 'B') {
        std::string bytes;
        if (!detail::base64_decode(detail::view(m), bytes)) throw detail::Problem("invalid base64 in BS member");
        Marshaler<T>::from_text(bytes, e);
      } else {
        Marshaler<T>::from_text(detail::view(m), e);
      }
      v.insert(std::move(e));
    }
  }
};

template <class T, class C, class A>
struct Marshaler<std::map<std::string, T, C, A>> {
  static constexpr char key_kind = 0;
  static void encode(const std::map<std::string, T, C, A>& v, Json& out, JsonAllocator& a) {
    Json m(rapidjson::kObjectType);
    for (const auto& [name, value] : v) {
      if (detail::is_absent(value)) continue;
      Json e;
      try {
        Marshaler<T>::encode(value, e, a);
      } catch (const detail::Problem& p) {
        throw p.at(name);
      }
      m.AddMember(detail::make_string(name, a), e, a);
    }
    detail::set_tagged(out, "M", std::move(m), a);
  }
  static void decode(const Json& in, std::map<std::string, T, C, A>& v) {
    const Json& m = detail::expect_tagged(in, "M");
    if (!m.IsObject()) throw detail::Problem("M value is not a JSON object");
    v.clear();
    for (const auto& member : m.GetObject()) {
      std::string name(detail::view(member.name));
      try {
        detail::decode_element(member.value, v[name]);
      } catch (const detail::Problem& p) {
        throw p.at(name);
      }
    }
  }
};

namespace detail {
// The fields of a described struct as the members of a JSON object.
template <class T>
void encode_fields(const T& v, Json& object, JsonAllocator& a) {
  boost::mp11::mp_for_each<members_of<T>>([&](auto D) {
    const auto& field = v.*D.pointer;
    if (is_absent(field)) return;
    Json e;
    try {
      Marshaler<std::remove_cvref_t<decltype(field)>>::encode(field, e, a);
    } catch (const Problem& p) {
      throw p.at(D.name);
    }
    object.AddMember(rapidjson::StringRef(D.name), e, a);
  });
}
// partial: a missing attribute leaves the field as it is (projections).
template <class T>
void decode_fields(const Json& object, T& v, bool partial = false) {
  boost::mp11::mp_for_each<members_of<T>>([&](auto D) {
    auto& field = v.*D.pointer;
    auto it = object.FindMember(D.name);
    try {
      if (it == object.MemberEnd()) {
        if (partial) return;
        if (!assign_absent(field)) throw Problem("missing attribute");
      } else {
        decode_element(it->value, field);
      }
    } catch (const Problem& p) {
      throw p.at(D.name);
    }
  });
}
}  // namespace detail

template <class T>
struct Marshaler<T, std::enable_if_t<detail::is_described_struct<T>>> {
  static constexpr char key_kind = 0;
  static void encode(const T& v, Json& out, JsonAllocator& a) {
    Json m(rapidjson::kObjectType);
    detail::encode_fields(v, m, a);
    detail::set_tagged(out, "M", std::move(m), a);
  }
  static void decode(const Json& in, T& v) {
    const Json& m = detail::expect_tagged(in, "M");
    if (!m.IsObject()) throw detail::Problem("M value is not a JSON object");
    detail::decode_fields(m, v);
  }
};

// ---- Entry points -------------------------------------------------------

// Writes the model's attributes into `item` (a JSON object).
template <class Model>
void encode_item(const Model& model, Json& item, JsonAllocator& a) {
  static_assert(detail::is_described_struct<Model>, "describe the model with BOOST_DESCRIBE_STRUCT");
  try {
    detail::encode_fields(model, item, a);
  } catch (const detail::Problem& p) {
    throw EncodeError(model_name<Model>(), p.path, p.what());
  }
}

// Reads a model from an item (a JSON object of attribute values).
template <class Model>
Model decode_item(const Json& item) {
  static_assert(detail::is_described_struct<Model>, "describe the model with BOOST_DESCRIBE_STRUCT");
  if (!item.IsObject()) throw DecodeError(model_name<Model>(), "", "item is not a JSON object");
  Model model{};
  try {
    detail::decode_fields(item, model);
  } catch (const detail::Problem& p) {
    throw DecodeError(model_name<Model>(), p.path, p.what());
  }
  return model;
}

// Reads the attributes an item holds into a default model: what a
// projection (ProjectionExpression, an index's KEYS_ONLY or INCLUDE) gives.
// Missing attributes keep the model's default values.
template <class Model>
Model decode_partial_item(const Json& item) {
  static_assert(detail::is_described_struct<Model>, "describe the model with BOOST_DESCRIBE_STRUCT");
  if (!item.IsObject()) throw DecodeError(model_name<Model>(), "", "item is not a JSON object");
  Model model{};
  try {
    detail::decode_fields(item, model, true);
  } catch (const detail::Problem& p) {
    throw DecodeError(model_name<Model>(), p.path, p.what());
  }
  return model;
}

// One value as an attribute value; `what` names it in errors.
template <class T>
void encode_value(const T& v, Json& out, JsonAllocator& a, std::string_view what = "value") {
  try {
    Marshaler<T>::encode(v, out, a);
  } catch (const detail::Problem& p) {
    throw EncodeError(std::string(what), p.path, p.what());
  }
}
template <class T>
T decode_value(const Json& in, std::string_view what = "value") {
  T v{};
  try {
    detail::decode_element(in, v);
  } catch (const detail::Problem& p) {
    throw DecodeError(std::string(what), p.path, p.what());
  }
  return v;
}

// The bare S/N text (raw bytes for B) of a key-capable value.
template <class T>
std::string key_text(const T& v, std::string_view what = "key") {
  static_assert(Marshaler<T>::key_kind != 0, "key values must be strings, numbers or bytes");
  try {
    return Marshaler<T>::to_text(v);
  } catch (const detail::Problem& p) {
    throw EncodeError(std::string(what), p.path, p.what());
  }
}

// The name of a described member, from a member pointer (&Command::status).
template <class Model, class T>
std::string_view field_name(T Model::*member) {
  std::string_view name;
  boost::mp11::mp_for_each<detail::members_of<Model>>([&](auto D) {
    if constexpr (std::is_same_v<std::remove_cv_t<decltype(D.pointer)>, T Model::*>) {
      if (D.pointer == member) name = D.name;
    }
  });
  if (name.empty()) throw std::invalid_argument("member is not described in " + model_name<Model>());
  return name;
}

// Declared field names, in declaration order.
template <class Model>
std::vector<std::string_view> field_names() {
  std::vector<std::string_view> names;
  boost::mp11::mp_for_each<detail::members_of<Model>>([&](auto D) { names.emplace_back(D.name); });
  return names;
}

}  // namespace dynamo_items::client
