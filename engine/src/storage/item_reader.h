// ItemReader: walks the bytes of a stored item (grammar in item_codec.h).
// Shared by the decoder, which builds an Item, and by stored_item.h, which
// writes JSON text and measures the item straight from the bytes.
#pragma once

#include <cstdint>
#include <string_view>

#include "dynamo_items/attribute_value.h"
#include "dynamo_items/error.h"

namespace dynamo_items::storage {

class ItemReader {
 public:
  explicit ItemReader(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}

  bool at_end() const { return p_ == end_; }

  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) malformed();
      const auto b = static_cast<unsigned char>(*p_++);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    malformed();
  }

  // A count of elements each taking at least one byte: bounded by what is
  // left, so corrupt input cannot make us reserve gigabytes.
  std::size_t count() {
    const std::uint64_t n = varint();
    if (n > static_cast<std::uint64_t>(end_ - p_)) malformed();
    return static_cast<std::size_t>(n);
  }

  std::string_view bytes() {
    const std::uint64_t n = varint();
    if (n > static_cast<std::uint64_t>(end_ - p_)) malformed();
    std::string_view s(p_, static_cast<std::size_t>(n));
    p_ += n;
    return s;
  }

  unsigned char byte() {
    if (p_ == end_) malformed();
    return static_cast<unsigned char>(*p_++);
  }

  AttributeMap map(int depth) {
    AttributeMap m;
    const std::size_t n = count();
    for (std::size_t i = 0; i < n; ++i) {
      std::string_view name = bytes();
      // Names were written from a std::map, so they arrive sorted: hinting
      // at end() makes each insert O(1).
      m.emplace_hint(m.end(), std::string(name), value(depth));
    }
    return m;
  }

  AttributeValue value(int depth) {
    // Far deeper than DynamoDB allows (32); guards the recursion against
    // corrupt input.
    if (depth > 256) malformed();
    const unsigned char tag = byte();
    switch (tag) {
      case 0:
        return AttributeValue::string(std::string(bytes()));
      case 1:
        return AttributeValue::number(std::string(bytes()));
      case 2:
        return AttributeValue::binary(std::string(bytes()));
      case 3: {
        const unsigned char b = byte();
        if (b > 1) malformed();
        return AttributeValue::boolean(b == 1);
      }
      case 4:
        return AttributeValue::null();
      case 5:
        return AttributeValue::map(map(depth + 1));
      case 6: {
        const std::size_t n = count();
        AttributeList l;
        l.reserve(n);
        for (std::size_t i = 0; i < n; ++i) l.push_back(value(depth + 1));
        return AttributeValue::list(std::move(l));
      }
      case 7:
      case 8:
      case 9: {
        const std::size_t n = count();
        std::vector<std::string> s;
        s.reserve(n);
        for (std::size_t i = 0; i < n; ++i) s.emplace_back(bytes());
        return AttributeValue::set_of(static_cast<AttrType>(tag), std::move(s));
      }
      default:
        malformed();
    }
  }

  [[noreturn]] static void malformed() { throw Error::internal("malformed stored item"); }

 private:
  const char* p_;
  const char* end_;
};

}  // namespace dynamo_items::storage
