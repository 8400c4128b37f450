// Key encoding: order-preserving, self-delimiting bytes for S, N and B key
// values. The grammar is in key_codec.h; these bytes are on disk.
#include "keys/key_codec.h"

#include "dynamo_items/error.h"
#include "dynamo_items/number.h"

namespace dynamo_items::keys {

namespace {

// 0x00 inside a value becomes 0x00 0xFF and the value ends with 0x00 0x01, so
// the end of a value sorts before any continuation (0x01..0xFF, or an escaped
// 0x00), which makes memcmp order equal to unsigned byte order of the values.
void append_escaped(std::string& out, std::string_view bytes) {
  out.reserve(out.size() + bytes.size() + 2);
  std::size_t start = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\0') {
      out.append(bytes.data() + start, i - start + 1);
      out.push_back(static_cast<char>(0xFF));
      start = i + 1;
    }
  }
  out.append(bytes.data() + start, bytes.size() - start);
}

std::string decode_escaped(std::string_view& in) {
  std::string out;
  std::size_t i = 0;
  for (;;) {
    const std::size_t zero = in.find('\0', i);
    if (zero == std::string_view::npos || zero + 1 >= in.size()) {
      throw Error::internal("malformed key bytes: unterminated string component");
    }
    out.append(in.data() + i, zero - i);
    const auto next = static_cast<unsigned char>(in[zero + 1]);
    if (next == 0x01) {
      in.remove_prefix(zero + 2);
      return out;
    }
    if (next != 0xFF) throw Error::internal("malformed key bytes: bad escape in string component");
    out.push_back('\0');
    i = zero + 2;
  }
}

}  // namespace

void append_key_component(std::string& out, const AttributeValue& v) {
  switch (v.type()) {
    case AttrType::S:
    case AttrType::B:
      append_escaped(out, v.scalar());
      out.push_back('\0');
      out.push_back('\x01');
      return;
    case AttrType::N:
      out += Number::parse(v.scalar()).key_bytes();
      return;
    default:
      throw Error::internal("key component must be S, N or B");
  }
}

std::string encode_key_component(const AttributeValue& v) {
  std::string out;
  append_key_component(out, v);
  return out;
}

AttributeValue decode_key_component(std::string_view& in, AttrType type) {
  switch (type) {
    case AttrType::S:
      return AttributeValue::string(decode_escaped(in));
    case AttrType::B:
      return AttributeValue::binary(decode_escaped(in));
    case AttrType::N:
      return AttributeValue::number(Number::from_key_bytes(in).to_string());
    default:
      throw Error::internal("key component must be S, N or B");
  }
}

std::string prefix_successor(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty() && static_cast<unsigned char>(out.back()) == 0xFF) out.pop_back();
  if (out.empty()) return out;
  out.back() = static_cast<char>(static_cast<unsigned char>(out.back()) + 1);
  return out;
}

std::string encode_begins_with_prefix(const AttributeValue& prefix) {
  if (prefix.type() != AttrType::S && prefix.type() != AttrType::B) {
    throw Error::internal("begins_with prefix must be S or B");
  }
  std::string out;
  append_escaped(out, prefix.scalar());
  return out;
}

// FNV-1a, 32 bit. Never change this function, its constants, or what it is
// applied to: the result is part of every stored key.
std::uint32_t partition_hash(std::string_view encoded_partition_key) {
  std::uint32_t h = 2166136261u;
  for (const char c : encoded_partition_key) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

}  // namespace dynamo_items::keys
