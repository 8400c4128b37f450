// Fuzzes the order-preserving key encoding. Arbitrary bytes fed to the
// decoder must be refused with an Error or decoded, never read out of bounds.
// Values built from the input must round-trip, and the memcmp order of their
// encodings must equal DynamoDB's order of the values (the property every
// range scan relies on), including when a component is followed by another.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "dynamo_items/error.h"
#include "dynamo_items/number.h"
#include "expr/value_ops.h"
#include "keys/key_codec.h"

using namespace dynamo_items;

namespace {

int sign(int v) { return (v > 0) - (v < 0); }

int memcmp_order(const std::string& a, const std::string& b) {
  int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return sign(c);
  return sign(static_cast<int>(a.size() > b.size()) - static_cast<int>(a.size() < b.size()));
}

std::optional<AttributeValue> make_value(AttrType type, std::string_view bytes) {
  switch (type) {
    case AttrType::S:
      return AttributeValue::string(std::string(bytes));
    case AttrType::B:
      return AttributeValue::binary(std::string(bytes));
    default:
      try {
        return AttributeValue::number(canonical_number(bytes));
      } catch (const Error&) {
        return std::nullopt;
      }
  }
}

void check_decoder(std::string_view bytes, AttrType type) {
  std::string_view in = bytes;
  try {
    while (!in.empty()) keys::decode_key_component(in, type);
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const AttrType types[] = {AttrType::S, AttrType::N, AttrType::B};
  const AttrType type = types[data[0] % 3];
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  check_decoder(rest, type);

  const std::size_t cut = data[0] / 3 % (rest.size() + 1);
  auto a = make_value(type, rest.substr(0, cut));
  auto b = make_value(type, rest.substr(cut));
  if (!a || !b) return 0;
  const std::string ea = keys::encode_key_component(*a), eb = keys::encode_key_component(*b);
  for (const auto* pair : {&ea, &eb}) {
    std::string_view in = *pair;
    const AttributeValue back = keys::decode_key_component(in, type);
    if (!in.empty() || back != (pair == &ea ? *a : *b)) std::abort();
  }
  const int expected = sign(expr::compare_ordered(*a, *b));
  if (memcmp_order(ea, eb) != expected) std::abort();
  // Followed by more components (a sort key, a table key), the order of the
  // first still decides.
  if (expected != 0 && memcmp_order(ea + eb, eb + ea) != expected) std::abort();
  const std::string both = ea + eb;
  std::string_view in = both;
  if (keys::decode_key_component(in, type) != *a || keys::decode_key_component(in, type) != *b || !in.empty())
    std::abort();
  return 0;
}
