// The terminal table and the CSV of the layout benchmark (see report.h).
#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "layout/report.h"

namespace dynamo_items::layout_bench {

namespace {

std::string format(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char* f, ...) {
  char buf[512];
  va_list args;
  va_start(args, f);
  std::vsnprintf(buf, sizeof buf, f, args);
  va_end(args);
  return buf;
}

std::string grouped(double v) {
  const auto n = static_cast<long long>(v + 0.5);
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string bytes_text(double b) {
  if (b >= 10.0 * 1024 * 1024) return format("%.0f MB", b / (1024 * 1024));
  if (b >= 1024 * 1024) return format("%.1f MB", b / (1024 * 1024));
  if (b >= 10 * 1024) return format("%.0f KB", b / 1024);
  return format("%.0f B", b);
}

// Cuts or pads a name to a column.
std::string column(const std::string& s, std::size_t width) {
  if (s.size() <= width) return s + std::string(width - s.size(), ' ');
  return s.substr(0, width - 1) + "~";
}

std::string pattern_table(const LayoutRun& run) {
  std::string out;
  out += format("  %-26s %6s %6s %9s %8s %8s %8s %7s %7s %7s %11s %11s %8s %7s %7s\n", "pattern", "weight",
                "req/op", "ops/s", "p50 us", "p99 us", "p999 us", "cpu us", "RCU/op", "WCU/op", "RCU/1M ops",
                "WCU/1M ops", "items/op", "hot key", "hot 1%");
  auto row = [&](const PatternResult& r) {
    out +=
        format("  %s %6.0f %6.2f %9s %8.1f %8.1f %8.1f %7.1f %7.2f %7.2f %11s %11s %8.2f %6.1f%% %6.1f%%\n",
               column(r.name, 26).c_str(), r.weight, r.requests_per_op(), grouped(r.ops_per_second()).c_str(),
               r.p50_us, r.p99_us, r.p999_us, r.cpu_us_per_op(), r.rcu_per_op(), r.wcu_per_op(),
               grouped(r.rcu_per_op() * 1e6).c_str(), grouped(r.wcu_per_op() * 1e6).c_str(),
               r.items_read_per_op(), 100 * r.hottest_partition_share, 100 * r.hottest_1pct_share);
  };
  for (const auto& r : run.patterns) row(r);
  row(run.mix);
  return out;
}

// 1785606 -> "1.79M".
std::string compact(double v) {
  if (v >= 1e6) return format("%.3gM", v / 1e6);
  if (v >= 1e3) return format("%.3gk", v / 1e3);
  return format("%.3g", v);
}

std::string side_by_side(const std::vector<LayoutRun>& runs) {
  std::string out =
      "side by side (RU/1M: RCU + WCU per 1M operations of the pattern; cpu: engine CPU us per operation)\n";
  std::string header = format("  %-26s", "pattern");
  std::string sub = format("  %-26s", "");
  for (const auto& run : runs) {
    header += format(" | %-36s", column(run.layout, 36).c_str());
    sub += format(" | %6s %6s %7s %6s %7s", "RU/1M", "req/op", "p50 us", "cpu", "hot key");
  }
  out += header + "\n" + sub + "\n";
  for (const std::string& name : pattern_rows(runs)) {
    std::string line = format("  %s", column(name, 26).c_str());
    for (const auto& run : runs) {
      const PatternResult* r = find_pattern(run, name);
      if (r == nullptr) {
        line += format(" | %6s %6s %7s %6s %7s", "-", "-", "-", "-", "-");
      } else {
        line += format(" | %6s %6.2f %7.1f %6.1f %6.1f%%",
                       compact((r->rcu_per_op() + r->wcu_per_op()) * 1e6).c_str(), r->requests_per_op(),
                       r->p50_us, r->cpu_us_per_op(), 100 * r->hottest_partition_share);
      }
    }
    out += line + "\n";
  }
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

std::vector<std::string> pattern_rows(const std::vector<LayoutRun>& runs) {
  std::vector<std::string> names;
  for (const auto& run : runs) {
    for (const auto& p : run.patterns) {
      if (std::find(names.begin(), names.end(), p.name) == names.end()) names.push_back(p.name);
    }
  }
  names.push_back("(mix)");
  return names;
}

const PatternResult* find_pattern(const LayoutRun& run, const std::string& name) {
  if (name == run.mix.name) return &run.mix;
  for (const auto& p : run.patterns) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string terminal_report(const std::vector<LayoutRun>& runs, const ReportInfo& info) {
  std::string out;
  for (const auto& run : runs) {
    std::int64_t items = 0;
    for (const auto& v : run.volume) items += v.items;
    out += format("layout %s: %s items loaded in %.2f s (%s items/s); %s operations, seed %llu\n",
                  run.layout.c_str(), grouped(static_cast<double>(items)).c_str(), run.load_seconds,
                  grouped(run.load_seconds > 0 ? static_cast<double>(items) / run.load_seconds : 0).c_str(),
                  grouped(static_cast<double>(info.operations)).c_str(),
                  static_cast<unsigned long long>(info.seed));
    for (const auto& v : run.volume) {
      out += format(
          "  %-20s %12s items  avg %7s  total %8s  table %s\n", v.item_type.c_str(),
          grouped(static_cast<double>(v.items)).c_str(),
          bytes_text(v.items > 0 ? static_cast<double>(v.bytes) / static_cast<double>(v.items) : 0).c_str(),
          bytes_text(static_cast<double>(v.bytes)).c_str(), v.table.c_str());
    }
    if (!run.error.empty()) {
      out += "  FAILED: " + run.error + "\n\n";
      continue;
    }
    out += "\n" + pattern_table(run);
    for (const auto& note : run.notes) out += "  note: " + note + "\n";
    out += "\n";
  }
  int ok = 0;
  for (const auto& run : runs) ok += run.error.empty() ? 1 : 0;
  if (ok >= 2) {
    std::vector<LayoutRun> good;
    for (const auto& run : runs) {
      if (run.error.empty()) good.push_back(run);
    }
    out += side_by_side(good) + "\n";
  }
  out +=
      "ops/s, latency: wall-clock time inside Engine::execute, one thread, in memory; cpu us: that thread's "
      "CPU time\n"
      "per operation (steadier on a busy machine). RCU/WCU: ConsumedCapacity (reads in 4 KB units, halved "
      "when\n"
      "eventually consistent; writes in 1 KB units). items/op: items read (ScannedCount for a Query). hot "
      "key /\n"
      "hot 1%: share of the pattern's requests on its hottest partition key / on the hottest 1% of the "
      "partition\n"
      "keys of each table or index it uses.\n";
  return out;
}

std::string csv_report(const std::vector<LayoutRun>& runs) {
  std::string out =
      "layout,pattern,weight,operations,requests_per_op,ops_per_s,p50_us,p99_us,p999_us,cpu_us_per_op,rcu_"
      "per_op,"
      "wcu_per_op,"
      "rcu_per_1m_ops,wcu_per_1m_ops,items_read_per_op,items_returned_per_op,hottest_partition_share,"
      "hottest_1pct_partitions_share,partition_keys\n";
  for (const auto& run : runs) {
    if (!run.error.empty()) continue;
    auto row = [&](const PatternResult& r) {
      out += csv_field(run.layout) + "," + csv_field(r.name) +
             format(",%g,%lld,%.4f,%.1f,%.2f,%.2f,%.2f,%.2f,%.4f,%.4f,%.0f,%.0f,%.4f,%.4f,%.4f,%.4f,%lld\n",
                    r.weight, static_cast<long long>(r.operations), r.requests_per_op(), r.ops_per_second(),
                    r.p50_us, r.p99_us, r.p999_us, r.cpu_us_per_op(), r.rcu_per_op(), r.wcu_per_op(),
                    r.rcu_per_op() * 1e6, r.wcu_per_op() * 1e6, r.items_read_per_op(),
                    r.per_op(static_cast<double>(r.items_returned)), r.hottest_partition_share,
                    r.hottest_1pct_share, static_cast<long long>(r.partition_keys));
    };
    for (const auto& r : run.patterns) row(r);
    row(run.mix);
  }
  return out;
}

}  // namespace dynamo_items::layout_bench
