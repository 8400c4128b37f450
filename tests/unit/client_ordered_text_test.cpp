// Value-ordered number text (item_support.h): round trips, and text order
// equal to numeric order over edge values.
#include <algorithm>
#include <charconv>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "dynamo_items/client/client.h"

using dynamo_items::client::detail::number_text;
using dynamo_items::client::detail::ordered_text;

TEST_CASE("ordered text: integers round-trip and sort by value", "[client][keys]") {
  std::vector<std::int64_t> values{std::numeric_limits<std::int64_t>::min(), -1000000, -10, -9, -1, 0, 1, 9, 10,
                                   1000000, std::numeric_limits<std::int64_t>::max()};
  std::mt19937_64 rng(7);
  for (int i = 0; i < 500; ++i) values.push_back(static_cast<std::int64_t>(rng()));
  std::sort(values.begin(), values.end());
  std::vector<std::string> texts;
  for (auto v : values) {
    std::string t = ordered_text('i', std::to_string(v));
    CHECK(t.size() == (v < 0 ? 21u : 20u));
    CHECK(number_text('i', t) == std::to_string(v));
    texts.push_back(t);
  }
  CHECK(std::is_sorted(texts.begin(), texts.end()));
  CHECK(ordered_text('i', "18446744073709551615") == "18446744073709551615");  // uint64 max
  CHECK(number_text('i', ordered_text('i', "18446744073709551615")) == "18446744073709551615");
  CHECK_THROWS(ordered_text('i', "123456789012345678901"));  // 21 digits
  CHECK_THROWS(ordered_text('i', "1.5"));
  CHECK(ordered_text(0, "10") == "10");
}

TEST_CASE("ordered text: floating point round-trips and sorts by value", "[client][keys]") {
  std::vector<double> values{-std::numeric_limits<double>::max(), -1e300, -2.5, -1.0, -std::numeric_limits<double>::min(),
                             -std::numeric_limits<double>::denorm_min(), 0.0, std::numeric_limits<double>::denorm_min(),
                             1e-300, 0.1, 1.0, 2.5, 1e300, std::numeric_limits<double>::max()};
  std::vector<std::string> texts;
  for (double v : values) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    std::string t = ordered_text('f', std::string(buf, r.ptr));
    CHECK(t.size() == 16u);
    const std::string back = number_text('f', t);
    double parsed = 1;
    std::from_chars(back.data(), back.data() + back.size(), parsed);
    CHECK(parsed == v);
    texts.push_back(t);
  }
  CHECK(std::is_sorted(texts.begin(), texts.end()));
  CHECK(ordered_text('f', "-0") == ordered_text('f', "0"));
}
