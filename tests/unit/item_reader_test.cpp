// ItemReader: the primitives under the item decoder and stored_item.h,
// driven with hand-written bytes (grammar in item_codec.h): varints, lengths
// and counts bounded by the input, every value tag, the nesting guard, and
// malformed input as InternalServerError instead of a crash or a huge
// allocation.
#include "storage/item_reader.h"

#include <catch2/catch.hpp>
#include <string>

#include "storage/item_codec.h"

using namespace dynamo_items;
using storage::ItemReader;

namespace {

std::string bytes(std::initializer_list<int> b) {
  std::string out;
  for (int c : b) out.push_back(static_cast<char>(c));
  return out;
}

// The error a malformed input must produce.
template <class Fn>
void check_malformed(Fn fn) {
  try {
    fn();
    FAIL("no error for malformed input");
  } catch (const Error& e) {
    CHECK(e.type() == "InternalServerError");
    CHECK(e.message() == "malformed stored item");
  }
}

// depth nested one-element lists around a NULL.
std::string nested_lists(int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += bytes({6, 1});
  out += bytes({4});
  return out;
}

}  // namespace

TEST_CASE("item reader: varints of one to ten bytes", "[item_reader]") {
  struct Case {
    std::string in;
    std::uint64_t value;
  };
  const std::vector<Case> cases{
      {bytes({0x00}), 0},
      {bytes({0x7F}), 127},
      {bytes({0x80, 0x01}), 128},
      {bytes({0xAC, 0x02}), 300},
      {bytes({0xFF, 0xFF, 0x03}), 65535},
      {bytes({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), 0xFFFFFFFFull},
      {bytes({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}), 0xFFFFFFFFFFFFFFFFull},
  };
  for (const auto& c : cases) {
    ItemReader r(c.in);
    CHECK(r.varint() == c.value);
    CHECK(r.at_end());
  }
  // A non-minimal encoding still reads (the writer never produces one).
  const std::string padded_bytes = bytes({0x81, 0x80, 0x00});  // the reader keeps a view
  ItemReader padded(padded_bytes);
  CHECK(padded.varint() == 1);
  // Truncated, or continuing past ten bytes: malformed.
  check_malformed([] { ItemReader(bytes({0x80})).varint(); });
  check_malformed([] { ItemReader(std::string()).varint(); });
  check_malformed([] { ItemReader(std::string(11, '\x80') + bytes({0x01})).varint(); });
}

TEST_CASE("item reader: lengths and counts cannot exceed what is left", "[item_reader]") {
  {
    const std::string in = bytes({3, 'a', 'b', 'c', 0});
    ItemReader r(in);
    const std::string_view s = r.bytes();
    CHECK(s == "abc");
    // A view into the input, not a copy.
    CHECK(s.data() == in.data() + 1);
    CHECK(r.bytes().empty());  // length 0
    CHECK(r.at_end());
  }
  check_malformed([] { ItemReader(bytes({4, 'a', 'b', 'c'})).bytes(); });
  // A count is a number of elements of at least one byte each.
  CHECK(ItemReader(bytes({2, 4, 4})).count() == 2);
  check_malformed([] { ItemReader(bytes({3, 4, 4})).count(); });
  // A count of 2^32 with nothing behind it must fail before anything is
  // reserved for it.
  check_malformed([] { ItemReader(bytes({0x80, 0x80, 0x80, 0x80, 0x10})).count(); });
  check_malformed([] { ItemReader(bytes({6, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F})).value(0); });
  check_malformed([] { ItemReader(bytes({7, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F})).value(0); });
  check_malformed([] { ItemReader(std::string()).byte(); });
}

TEST_CASE("item reader: every value tag", "[item_reader]") {
  auto read = [](const std::string& in) {
    ItemReader r(in);
    AttributeValue v = r.value(0);
    CHECK(r.at_end());
    return v;
  };
  CHECK(read(bytes({0, 2, 'h', 'i'})) == AttributeValue::string("hi"));
  CHECK(read(bytes({0, 0})) == AttributeValue::string(""));
  CHECK(read(bytes({1, 4, '-', '1', '.', '5'})) == AttributeValue::number("-1.5"));
  CHECK(read(bytes({2, 2, 0, 0xFF})) == AttributeValue::binary(bytes({0, 0xFF})));
  CHECK(read(bytes({3, 1})) == AttributeValue::boolean(true));
  CHECK(read(bytes({3, 0})) == AttributeValue::boolean(false));
  CHECK(read(bytes({4})).type() == AttrType::NUL);
  CHECK(read(bytes({5, 0})) == AttributeValue::map({}));
  CHECK(read(bytes({5, 2, 1, 'a', 4, 1, 'b', 3, 0})) ==
        AttributeValue::map({{"a", AttributeValue::null()}, {"b", AttributeValue::boolean(false)}}));
  CHECK(read(bytes({6, 2, 4, 0, 1, 'x'})) ==
        AttributeValue::list({AttributeValue::null(), AttributeValue::string("x")}));
  CHECK(read(bytes({6, 0})) == AttributeValue::list({}));
  const AttributeValue ss = read(bytes({7, 2, 1, 'b', 1, 'a'}));
  CHECK(ss.type() == AttrType::SS);
  CHECK(ss.set() == std::vector<std::string>{"b", "a"});  // stored order kept
  const AttributeValue ns = read(bytes({8, 1, 2, '1', '0'}));
  CHECK(ns.type() == AttrType::NS);
  CHECK(ns.set() == std::vector<std::string>{"10"});
  const AttributeValue bs = read(bytes({9, 1, 1, 0}));
  CHECK(bs.type() == AttrType::BS);
  CHECK(bs.set() == std::vector<std::string>{std::string(1, '\0')});
}

TEST_CASE("item reader: malformed values", "[item_reader]") {
  check_malformed([] { ItemReader(bytes({3, 2})).value(0); });          // BOOL other than 0/1
  check_malformed([] { ItemReader(bytes({3})).value(0); });             // BOOL without its byte
  check_malformed([] { ItemReader(bytes({10})).value(0); });            // unknown tag
  check_malformed([] { ItemReader(bytes({0xFF})).value(0); });          // unknown tag
  check_malformed([] { ItemReader(bytes({5, 1, 1, 'a'})).value(0); });  // map entry without a value
  check_malformed([] { ItemReader(bytes({6, 1})).value(0); });          // list element missing
}

TEST_CASE("item reader: nesting is bounded, deep but legal nesting reads", "[item_reader]") {
  // DynamoDB allows 32 levels; the reader accepts up to 256 and refuses
  // deeper input instead of recursing without bound.
  {
    const std::string in = nested_lists(256);
    ItemReader r(in);
    AttributeValue v = r.value(0);
    int depth = 0;
    while (v.type() == AttrType::L) {
      REQUIRE(v.list().size() == 1);
      AttributeValue inner = v.list()[0];
      v = std::move(inner);
      ++depth;
    }
    CHECK(depth == 256);
    CHECK(v.type() == AttrType::NUL);
  }
  check_malformed([] { ItemReader(nested_lists(257)).value(0); });
  check_malformed([] { ItemReader(nested_lists(100000)).value(0); });
  // Maps count as levels too: 300 nested single-entry maps.
  std::string maps;
  for (int i = 0; i < 300; ++i) maps += bytes({5, 1, 1, 'm'});
  maps += bytes({4});
  check_malformed([&] { ItemReader(maps).value(0); });
}

TEST_CASE("item reader: reads what the item codec writes", "[item_reader]") {
  Item item;
  item["z"] = AttributeValue::string(std::string(200, 'q'));  // two-byte length
  item["a"] = AttributeValue::number_set({"1", "2"});
  item["m"] = AttributeValue::map({{"k", AttributeValue::list({AttributeValue::boolean(true)})}});
  const std::string encoded = storage::encode_item(item);
  ItemReader r(encoded);
  // The top level is a map body: count, then name/value pairs in name order.
  const AttributeMap back = r.map(0);
  CHECK(r.at_end());
  CHECK(back == item);
  CHECK(back.begin()->first == "a");
}
