// The key-layout benchmark (bench/layout): the layout file parser and its
// error messages, the uniform and Zipf partition choosers, the item factory,
// and small end-to-end runs whose capacity figures are checked against
// values worked out by hand from DynamoDB's rules (reads in 4 KB units, halved
// when eventually consistent, summed over a Query's items; writes in 1 KB
// units). Compiled only when the benchmark library is built
// (DYNAMO_ITEMS_BENCH, wired in bench/CMakeLists.txt).
#ifdef DYNAMO_ITEMS_HAVE_LAYOUT_BENCH

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "layout/data_generator.h"
#include "layout/layout_file.h"
#include "layout/report.h"
#include "layout/runner.h"
#include "value/item_size.h"

using namespace dynamo_items::layout_bench;

namespace {

// Items of exactly 1,500 bytes: 1 read unit each (<= 4 KB), 2 write units.
const char* kSmallLayout = R"({
  "name": "small",
  "tables": [{"name": "things", "partition_key": {"name": "pk", "type": "S"},
              "sort_key": {"name": "sk", "type": "S"}}],
  "item_types": [{
    "name": "thing", "table": "things",
    "partition_key": {"prefix": "T#", "attribute": "owner"},
    "sort_key": {"prefix": "S#", "attribute": "seq"},
    "attributes": {
      "owner": {"type": "uuid", "per": "partition"},
      "seq": {"type": "sequence", "width": 4},
      "payload": {"type": "string", "size": 10},
      "hits": {"type": "number"}
    }
  }],
  "volume": {"partitions": 4, "skew": {"distribution": "uniform"},
             "items": {"thing": {"per_partition": 10, "item_size": 1500}}},
  "access_patterns": [
    {"name": "get", "op": "get", "item_type": "thing"},
    {"name": "get strong", "op": "get", "item_type": "thing", "consistent": true},
    {"name": "range of 5", "op": "query", "item_type": "thing", "sort_key": {"range": 5}},
    {"name": "range of 3 strong", "op": "query", "item_type": "thing", "sort_key": {"range": 3}, "consistent": true},
    {"name": "first 2", "op": "query", "item_type": "thing", "sort_key": {"begins_with": "S#"}, "limit": 2},
    {"name": "put new", "op": "put", "item_type": "thing"},
    {"name": "overwrite", "op": "put", "item_type": "thing", "new": false},
    {"name": "update", "op": "update", "item_type": "thing", "set": ["payload"], "condition": "exists"},
    {"name": "two gets", "requests": [{"op": "get", "item_type": "thing"},
                                      {"op": "get", "item_type": "thing", "consistent": true}]}
  ]
})";

Layout parse_ok(const std::string& text) {
  ParsedLayout parsed = parse_layout(text);
  INFO(parsed.error);
  REQUIRE(parsed.layout.has_value());
  return *parsed.layout;
}

std::string parse_error(const std::string& text) {
  ParsedLayout parsed = parse_layout(text);
  REQUIRE_FALSE(parsed.layout.has_value());
  return parsed.error;
}

// kSmallLayout with one piece of text replaced.
std::string small_with(const std::string& from, const std::string& to) {
  std::string s = kSmallLayout;
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

const PatternResult& pattern(const LayoutRun& run, const std::string& name) {
  const PatternResult* p = find_pattern(run, name);
  REQUIRE(p != nullptr);
  return *p;
}

}  // namespace

TEST_CASE("layout parser: a layout's tables, item types, volume and patterns", "[layout_bench]") {
  Layout l = parse_ok(kSmallLayout);
  CHECK(l.name == "small");
  REQUIRE(l.tables.size() == 1);
  CHECK(l.tables[0].partition_key.name == "pk");
  CHECK(l.tables[0].sort_key->name == "sk");
  CHECK(l.tables[0].billing_mode == "PAY_PER_REQUEST");
  REQUIRE(l.item_types.size() == 1);
  const ItemTypeSpec& t = l.item_types[0];
  CHECK(t.partition_key.prefix == "T#");
  CHECK(t.partition_key.attribute == "owner");
  CHECK(t.attribute("owner")->scope == Scope::kPartition);
  CHECK(t.attribute("seq")->ordered());
  CHECK(t.per_partition == 10);
  CHECK(t.item_size == 1500);
  CHECK(l.partitions == 4);
  CHECK(l.skew.kind == SkewKind::kUniform);
  REQUIRE(l.patterns.size() == 9);
  CHECK(l.patterns[2].requests[0].condition == SortCondition::kRange);
  CHECK(l.patterns[2].requests[0].range_items == 5);
  CHECK(l.patterns[4].requests[0].condition == SortCondition::kBeginsWith);
  CHECK(l.patterns[4].requests[0].operand == "S#");
  CHECK(l.patterns[4].requests[0].limit == 2);
  CHECK(l.patterns[6].requests[0].new_item == false);
  CHECK(l.patterns[7].requests[0].require_exists);
  CHECK(l.patterns[8].requests.size() == 2);
  CHECK(l.patterns[8].requests[1].consistent);
  CHECK(l.patterns[0].weight == 1.0);
}

TEST_CASE("layout parser: errors name the member", "[layout_bench]") {
  CHECK_THAT(parse_error("{"), Catch::Contains("invalid JSON"));
  CHECK_THAT(parse_error(small_with(R"("name": "small",)", R"("name": "small", "colour": 1,)")),
             Catch::Contains("layout.colour: unknown member"));
  CHECK_THAT(parse_error(small_with(R"("item_type": "thing", "consistent": true},)",
                                    R"("item_type": "gadget", "consistent": true},)")),
             Catch::Contains("layout.access_patterns[1].item_type: no item type \"gadget\""));
  // A range needs a sort key whose order follows the items: not a UUID.
  CHECK_THAT(
      parse_error(small_with(R"("seq": {"type": "sequence", "width": 4})", R"("seq": {"type": "uuid"})")),
      Catch::Contains(
          "access_patterns[2].sort_key.range: needs a sort key made from a timestamp or sequence"));
  CHECK_THAT(parse_error(small_with(R"({"range": 5})", R"({"range": 11})")),
             Catch::Contains("wider than the 10"));
  CHECK_THAT(parse_error(small_with(R"("set": ["payload"])", R"("set": ["seq"])")),
             Catch::Contains("feeds the item's primary key"));
  CHECK_THAT(parse_error(small_with(R"("set": ["payload"])", R"("add": ["payload"])")),
             Catch::Contains("ADD needs a number attribute"));
  CHECK_THAT(parse_error(small_with(R"("sort_key": {"prefix": "S#", "attribute": "seq"},)", "")),
             Catch::Contains("item_types[0].sort_key: missing (table things has a sort key)"));
  // Ten items per partition that all share one key would overwrite each other.
  CHECK_THAT(parse_error(small_with(R"("seq": {"type": "sequence", "width": 4})",
                                    R"("seq": {"type": "sequence", "width": 4, "per": "partition"})")),
             Catch::Contains("no key part differs between them"));
  CHECK_THAT(parse_error(small_with(R"("op": "get", "item_type": "thing"},)",
                                    R"("op": "get", "item_type": "thing", "limit": 3},)")),
             Catch::Contains("access_patterns[0].limit: not used by a get"));
  CHECK_THAT(parse_error(small_with(R"("distribution": "uniform")", R"("distribution": "pareto")")),
             Catch::Contains("volume.skew.distribution"));
}

TEST_CASE("layout parser: the shipped layouts parse", "[layout_bench]") {
  for (const char* file : {"single_table.json", "table_per_type.json", "single_table_gsi.json"}) {
    ParsedLayout parsed = load_layout_file(std::string(DYNAMO_ITEMS_LAYOUTS_DIR) + "/" + file);
    INFO(parsed.error);
    CHECK(parsed.layout.has_value());
  }
}

TEST_CASE("partition chooser: Zipf probabilities and sampled frequencies", "[layout_bench]") {
  PartitionChooser zipf(100, {SkewKind::kZipf, 1.0});
  double harmonic = 0;
  for (int k = 1; k <= 100; ++k) harmonic += 1.0 / k;
  CHECK(zipf.probability(0) == Approx(1.0 / harmonic));  // 0.1928
  CHECK(zipf.probability(1) == Approx(zipf.probability(0) / 2));
  CHECK(zipf.probability(9) == Approx(zipf.probability(0) / 10));
  double total = 0;
  for (int k = 0; k < 100; ++k) total += zipf.probability(k);
  CHECK(total == Approx(1.0));

  Rng rng(1234);
  const int draws = 200000;
  std::vector<int> counts(100, 0);
  bool in_range = true;
  for (int i = 0; i < draws; ++i) {
    const auto k = zipf.pick(rng);
    in_range = in_range && k >= 0 && k < 100;
    counts[static_cast<std::size_t>(std::clamp<std::int64_t>(k, 0, 99))] += 1;
  }
  REQUIRE(in_range);
  // Standard error of a share p over n draws is sqrt(p(1-p)/n) < 0.0012 here;
  // the tolerances are several times that.
  for (int k : {0, 1, 2, 9, 49, 99}) {
    INFO("partition " << k);
    CHECK(static_cast<double>(counts[static_cast<std::size_t>(k)]) / draws ==
          Approx(zipf.probability(k)).margin(0.004));
  }
  // Chi-square over the 100 partitions stays near its 99 degrees of freedom.
  double chi2 = 0;
  for (int k = 0; k < 100; ++k) {
    const double expected = zipf.probability(k) * draws;
    chi2 += (counts[static_cast<std::size_t>(k)] - expected) *
            (counts[static_cast<std::size_t>(k)] - expected) / expected;
  }
  CHECK(chi2 < 160);  // p < 0.0001 for 99 degrees of freedom

  PartitionChooser steep(1000, {SkewKind::kZipf, 2.0});
  CHECK(steep.probability(0) > 0.6);  // 1 / zeta(2) = 0.608 for an infinite set
  CHECK(steep.probability(0) < 0.62);
}

TEST_CASE("partition chooser: uniform", "[layout_bench]") {
  PartitionChooser uniform(10, {SkewKind::kUniform, 1.0});
  CHECK(uniform.probability(3) == Approx(0.1));
  Rng rng(99);
  std::vector<int> counts(10, 0);
  for (int i = 0; i < 100000; ++i) counts[static_cast<std::size_t>(uniform.pick(rng))] += 1;
  for (int c : counts) CHECK(c / 100000.0 == Approx(0.1).margin(0.005));
}

TEST_CASE("item factory: keys, shared partition values, ordered timestamps, padding", "[layout_bench]") {
  Layout l = parse_ok(kSmallLayout);
  ItemFactory f(l, 42);
  const ItemTypeSpec& t = l.item_types[0];
  auto item = f.item(t, 2, 7);
  CHECK(dynamo_items::item_size(item) == 1500);
  CHECK(item.at("sk").scalar() == "S#0007");
  const std::string owner = item.at("owner").scalar();
  CHECK(owner.size() == 36);
  CHECK(owner[14] == '4');  // a version-4 UUID
  CHECK(item.at("pk").scalar() == "T#" + owner);
  // Same partition, another item: same owner; another partition: another owner.
  CHECK(f.item(t, 2, 3).at("owner").scalar() == owner);
  CHECK(f.item(t, 3, 7).at("owner").scalar() != owner);
  // Deterministic for a seed, different for another.
  CHECK(f.item(t, 2, 7) == item);
  CHECK(ItemFactory(l, 43).item(t, 2, 7).at("owner").scalar() != owner);
  // A new version changes the attributes but never the keys.
  auto v2 = f.item(t, 2, 7, 5);
  CHECK(v2.at("pk") == item.at("pk"));
  CHECK(v2.at("payload") != item.at("payload"));

  AttributeSpec ts;
  ts.name = "timestamp";
  ts.generator = Generator::kTimestamp;
  const std::string t0 = f.value(ts, 0, 0).scalar(), t1 = f.value(ts, 0, 1).scalar(),
                    t2 = f.value(ts, 0, 2).scalar();
  CHECK(t0.rfind("2023-08-27T00:00:", 0) == 0);
  CHECK(t1.rfind("2023-08-27T00:01:", 0) == 0);
  CHECK(t0 < t1);
  CHECK(t1 < t2);
}

TEST_CASE("end to end: capacity per operation matches DynamoDB's rules", "[layout_bench]") {
  Layout l = parse_ok(kSmallLayout);
  LayoutRun run = run_layout(l, {.operations = 900, .seed = 7, .progress = ProgressMode::kNever});
  INFO(run.error);
  REQUIRE(run.error.empty());
  REQUIRE(run.volume.size() == 1);
  CHECK(run.volume[0].items == 40);
  CHECK(run.volume[0].bytes == 40 * 1500);
  for (const auto& p : run.patterns) CHECK(p.operations > 50);  // nine equal weights, 900 operations

  // One 1,500-byte item: one 4 KB unit, half of it eventually consistent.
  CHECK(pattern(run, "get").rcu_per_op() == 0.5);
  CHECK(pattern(run, "get").items_read_per_op() == 1.0);
  CHECK(pattern(run, "get strong").rcu_per_op() == 1.0);
  // A Query sums the items before rounding: 5 x 1,500 = 7,500 bytes -> 2 units, halved.
  CHECK(pattern(run, "range of 5").rcu_per_op() == 1.0);
  CHECK(pattern(run, "range of 5").items_read_per_op() == 5.0);
  // 3 x 1,500 = 4,500 bytes -> 2 units, strongly consistent.
  CHECK(pattern(run, "range of 3 strong").rcu_per_op() == 2.0);
  // Limit 2: 3,000 bytes -> 1 unit, halved.
  CHECK(pattern(run, "first 2").rcu_per_op() == 0.5);
  CHECK(pattern(run, "first 2").items_read_per_op() == 2.0);
  // Writes of 1,500 bytes: 2 units of 1 KB, whether new, overwritten or updated.
  CHECK(pattern(run, "put new").wcu_per_op() == 2.0);
  CHECK(pattern(run, "put new").rcu_per_op() == 0.0);
  CHECK(pattern(run, "overwrite").wcu_per_op() == 2.0);
  CHECK(pattern(run, "update").wcu_per_op() == 2.0);
  // Two requests per operation: 0.5 + 1.
  CHECK(pattern(run, "two gets").requests_per_op() == 2.0);
  CHECK(pattern(run, "two gets").rcu_per_op() == 1.5);

  // The mix is the sum of its patterns.
  double reads = 0, writes = 0;
  std::int64_t ops = 0;
  for (const auto& p : run.patterns) {
    reads += p.read_units;
    writes += p.write_units;
    ops += p.operations;
    CHECK(p.p50_us > 0);
    CHECK(p.p50_us <= p.p99_us);
    CHECK(p.p99_us <= p.p999_us);
    CHECK(p.cpu_seconds > 0);
    // Four partitions, uniform: 1% of 4 keys is the single hottest one.
    CHECK(p.partition_keys == 4);
    CHECK(p.hottest_partition_share >= 0.25);
    CHECK(p.hottest_1pct_share == p.hottest_partition_share);
  }
  CHECK(run.mix.operations == 900);
  CHECK(ops == 900);
  CHECK(run.mix.read_units == Approx(reads));
  CHECK(run.mix.write_units == Approx(writes));

  // The same seed gives the same operations, so the same capacity.
  LayoutRun again = run_layout(l, {.operations = 900, .seed = 7, .progress = ProgressMode::kNever});
  CHECK(again.mix.read_units == run.mix.read_units);
  CHECK(pattern(again, "get").operations == pattern(run, "get").operations);

  // Reports: one CSV row per pattern and the mix, and a chart naming them.
  const std::string csv = csv_report({run});
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 9 + 1);
  CHECK_THAT(csv, Catch::Contains("small,range of 5,1,"));
  const std::string svg = svg_report({run, again}, {900, 7});
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK_THAT(svg, Catch::Contains("range of 3 strong"));
  CHECK_THAT(terminal_report({run}, {900, 7}), Catch::Contains("(mix)"));
}

TEST_CASE("end to end: a query on an overloaded global secondary index", "[layout_bench]") {
  // Every thing goes to index partition "G#all": one hot index key.
  std::string text = kSmallLayout;
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace(R"("sort_key": {"name": "sk", "type": "S"}}],)",
          R"("sort_key": {"name": "sk", "type": "S"},
              "indexes": [{"name": "gsi1", "partition_key": {"name": "gsi1pk", "type": "S"},
                           "sort_key": {"name": "gsi1sk", "type": "S"}}]}],)");
  replace(R"("sort_key": {"prefix": "S#", "attribute": "seq"},)",
          R"("sort_key": {"prefix": "S#", "attribute": "seq"},
    "index_keys": {"gsi1": {"partition_key": {"prefix": "G#", "attribute": "group"},
                            "sort_key": {"prefix": "O#", "attribute": "owner"}}},)");
  replace(R"("hits": {"type": "number"})",
          R"("hits": {"type": "number"}, "group": {"type": "enum", "values": ["all"]})");
  replace(R"({"name": "get", "op": "get", "item_type": "thing"},)",
          R"({"name": "get", "op": "get", "item_type": "thing"},
    {"name": "by group", "op": "query", "item_type": "thing", "index": "gsi1", "limit": 3},)");
  Layout l = parse_ok(text);
  CHECK(l.item_types[0].index_keys.size() == 1);
  CHECK_THAT(parse_error(std::string(text).replace(text.find(R"("limit": 3)"), 10,
                                                   R"("limit": 3, "consistent": true)")),
             Catch::Contains("global secondary indexes do not support consistent reads"));

  LayoutRun run = run_layout(l, {.operations = 300, .seed = 3, .progress = ProgressMode::kNever});
  INFO(run.error);
  REQUIRE(run.error.empty());
  const PatternResult& by_group = pattern(run, "by group");
  // Three index entries of the whole 1,500-byte item (projection ALL, the
  // index keys included in the padded size): 4,500 bytes -> 2 units, halved.
  CHECK(by_group.items_read_per_op() == 3.0);
  CHECK(by_group.rcu_per_op() == 1.0);
  // One index key takes all of the pattern's requests.
  CHECK(by_group.hottest_partition_share == 1.0);
  CHECK(by_group.partition_keys == 1);
}

#endif  // DYNAMO_ITEMS_HAVE_LAYOUT_BENCH
