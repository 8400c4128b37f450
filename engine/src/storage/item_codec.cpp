// Item codec: the binary form of stored items. The grammar is in
// item_codec.h; these bytes are on disk.
#include "storage/item_codec.h"

#include <cstdint>

#include "dynamo_items/error.h"
#include "storage/item_reader.h"

namespace dynamo_items::storage {

namespace {

// Tags are the AttrType values, fixed by the grammar.
static_assert(static_cast<int>(AttrType::S) == 0 && static_cast<int>(AttrType::N) == 1 &&
                  static_cast<int>(AttrType::B) == 2 && static_cast<int>(AttrType::BOOL) == 3 &&
                  static_cast<int>(AttrType::NUL) == 4 && static_cast<int>(AttrType::M) == 5 &&
                  static_cast<int>(AttrType::L) == 6 && static_cast<int>(AttrType::SS) == 7 &&
                  static_cast<int>(AttrType::NS) == 8 && static_cast<int>(AttrType::BS) == 9,
              "item codec tags are on disk");

// LEB128: 7 bits per byte, low bits first, high bit set on all but the last.
void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(static_cast<unsigned char>(v | 0x80)));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_bytes(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s);
}

// Exact encoded size, so encode_item allocates once.
std::size_t varint_size(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}
std::size_t bytes_size(std::string_view s) { return varint_size(s.size()) + s.size(); }

std::size_t value_size(const AttributeValue& v);
std::size_t map_size(const AttributeMap& m) {
  std::size_t n = varint_size(m.size());
  for (const auto& [name, value] : m) n += bytes_size(name) + value_size(value);
  return n;
}
std::size_t value_size(const AttributeValue& v) {
  std::size_t n = 1;  // tag
  switch (v.type()) {
    case AttrType::S:
    case AttrType::N:
    case AttrType::B:
      return n + bytes_size(v.scalar());
    case AttrType::BOOL:
      return n + 1;
    case AttrType::NUL:
      return n;
    case AttrType::M:
      return n + map_size(v.map());
    case AttrType::L:
      n += varint_size(v.list().size());
      for (const auto& e : v.list()) n += value_size(e);
      return n;
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS:
      n += varint_size(v.set().size());
      for (const auto& e : v.set()) n += bytes_size(e);
      return n;
  }
  return n;
}

void put_value(std::string& out, const AttributeValue& v);
void put_map(std::string& out, const AttributeMap& m) {
  put_varint(out, m.size());
  for (const auto& [name, value] : m) {
    put_bytes(out, name);
    put_value(out, value);
  }
}
void put_value(std::string& out, const AttributeValue& v) {
  out.push_back(static_cast<char>(v.type()));
  switch (v.type()) {
    case AttrType::S:
    case AttrType::N:
    case AttrType::B:
      put_bytes(out, v.scalar());
      return;
    case AttrType::BOOL:
      out.push_back(v.boolean_value() ? '\x01' : '\x00');
      return;
    case AttrType::NUL:
      return;
    case AttrType::M:
      put_map(out, v.map());
      return;
    case AttrType::L:
      put_varint(out, v.list().size());
      for (const auto& e : v.list()) put_value(out, e);
      return;
    case AttrType::SS:
    case AttrType::NS:
    case AttrType::BS:
      put_varint(out, v.set().size());
      for (const auto& e : v.set()) put_bytes(out, e);
      return;
  }
}

}  // namespace

void encode_item(const Item& item, std::string& out) {
  out.reserve(out.size() + map_size(item));
  put_map(out, item);
}

std::string encode_item(const Item& item) {
  std::string out;
  encode_item(item, out);
  return out;
}

Item decode_item(std::string_view bytes) {
  ItemReader r(bytes);
  Item item = r.map(0);
  if (!r.at_end()) throw Error::internal("malformed stored item: trailing bytes");
  return item;
}

}  // namespace dynamo_items::storage
