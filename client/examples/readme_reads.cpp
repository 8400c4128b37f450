// client/README.md's "Filters, projections, counts, Scans and TTL",
// verbatim (tests/readme/check_readme.py), checked as it runs.
#undef NDEBUG  // the checks below run in every build type
#include <cassert>
#include <chrono>
#include <iostream>

#include "dynamo_items/client/client.h"
#include "dynamo_items/engine.h"
using namespace dynamo_items::client;

struct Reading {
  std::string sensor;
  std::int64_t at = 0;
  double celsius = 0;
  std::string note;
  std::optional<std::chrono::sys_seconds> expires;  // Time to Live
};
BOOST_DESCRIBE_STRUCT(Reading, (), (sensor, at, celsius, note, expires))

int main() {
  auto engine = dynamo_items::Engine::open({}).value();
  auto transport = std::make_shared<InProcessTransport>(*engine);
  Table table("sensors", KeyType::S, KeyType::S, false, transport);
  const auto in_a_week = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + std::chrono::days(7);

Item<Reading> readings(table, ItemOptions{.pk = Key{&Reading::sensor}, .sk = Key{&Reading::at},
                                          .ttl_field = "expires"});  // stored as epoch seconds
table.create();  // and enables TTL on "expires"
for (std::int64_t t = 0; t < 100; ++t) readings.put_item(Reading{"s1", t, 20.0 + t % 7, "", in_a_week});

auto hot = readings.query("s1").where(field(&Reading::celsius) > 25.0).all();     // FilterExpression
auto temps = readings.query("s1").select(&Reading::celsius).limit(10).all();      // ProjectionExpression
std::size_t recent = readings.query("s1").at_or_after(std::int64_t{90}).count(); // Select COUNT: 10
auto everything = readings.scan().segments(4).all();                             // 4 parallel segments
std::size_t hot_anywhere = readings.scan().where(field(&Reading::celsius) > 25.0).count();

  assert(hot.size() == hot_anywhere && !hot.empty());
  assert(temps.size() == 10 && temps[3].celsius == 23.0 && temps[3].at == 3);
  assert(recent == 10 && everything.size() == 100);
  assert(readings.get_item("s1", std::int64_t{1})->expires == in_a_week);
  return 0;
}
