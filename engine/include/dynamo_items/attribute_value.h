// AttributeValue: DynamoDB's ten attribute types (S, N, B, BOOL, NULL, M, L,
// SS, NS, BS) as a C++ value, and Item, a map of attribute names to values.
//
// Representation:
//   S        UTF-8 text in scalar()
//   N        the number's canonical text (see number.h) in scalar(); values
//            are normalized when they enter the engine, so equal numbers have
//            equal text
//   B        raw bytes (not base64) in scalar()
//   SS/NS/BS members in set(), in the order they were given; NS members are
//            canonical number text, BS members raw bytes
//   M, L     nested values in map() / list()
//
// Values are plain data: intentionally copyable and movable, no shared state,
// safe to use from any thread as long as one value is not written concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dynamo_items {

enum class AttrType : std::uint8_t { S = 0, N, B, BOOL, NUL, M, L, SS, NS, BS };

// "S", "N", ..., "NULL", ... as in DynamoDB JSON.
std::string_view attr_type_name(AttrType t);

class AttributeValue;
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
using AttributeList = std::vector<AttributeValue>;
using Item = AttributeMap;

class AttributeValue {
 public:
  AttributeValue() : type_(AttrType::NUL), v_(true) {}

  static AttributeValue string(std::string s) { return {AttrType::S, std::move(s)}; }
  // REQUIRES: canonical number text (Number::parse(...).to_string()).
  static AttributeValue number(std::string canonical) { return {AttrType::N, std::move(canonical)}; }
  static AttributeValue binary(std::string bytes) { return {AttrType::B, std::move(bytes)}; }
  static AttributeValue boolean(bool b) { return {AttrType::BOOL, b}; }
  static AttributeValue null() { return {}; }
  static AttributeValue map(AttributeMap m) { return {AttrType::M, std::move(m)}; }
  static AttributeValue list(AttributeList l) { return {AttrType::L, std::move(l)}; }
  static AttributeValue string_set(std::vector<std::string> v) { return {AttrType::SS, std::move(v)}; }
  static AttributeValue number_set(std::vector<std::string> v) { return {AttrType::NS, std::move(v)}; }
  static AttributeValue binary_set(std::vector<std::string> v) { return {AttrType::BS, std::move(v)}; }
  static AttributeValue set_of(AttrType set_type, std::vector<std::string> v) { return {set_type, std::move(v)}; }

  AttrType type() const { return type_; }
  bool is_scalar_string() const { return type_ == AttrType::S || type_ == AttrType::N || type_ == AttrType::B; }
  bool is_set() const { return type_ == AttrType::SS || type_ == AttrType::NS || type_ == AttrType::BS; }

  // REQUIRES: type is S, N or B.
  const std::string& scalar() const { return std::get<std::string>(v_); }
  std::string& scalar() { return std::get<std::string>(v_); }
  // REQUIRES: type is BOOL.
  bool boolean_value() const { return std::get<bool>(v_); }
  // REQUIRES: type is M.
  const AttributeMap& map() const { return std::get<AttributeMap>(v_); }
  AttributeMap& map() { return std::get<AttributeMap>(v_); }
  // REQUIRES: type is L.
  const AttributeList& list() const { return std::get<AttributeList>(v_); }
  AttributeList& list() { return std::get<AttributeList>(v_); }
  // REQUIRES: type is SS, NS or BS.
  const std::vector<std::string>& set() const { return std::get<std::vector<std::string>>(v_); }
  std::vector<std::string>& set() { return std::get<std::vector<std::string>>(v_); }

  // DynamoDB equality: same type and value; sets compare as sets.
  friend bool operator==(const AttributeValue& a, const AttributeValue& b);
  friend bool operator!=(const AttributeValue& a, const AttributeValue& b) { return !(a == b); }

 private:
  using Storage = std::variant<std::string, bool, AttributeMap, AttributeList, std::vector<std::string>>;
  AttributeValue(AttrType t, Storage v) : type_(t), v_(std::move(v)) {}

  AttrType type_;
  Storage v_;
};

}  // namespace dynamo_items
