// The SVG chart of the layout benchmark (see report.h): two horizontal bar
// charts sharing one row per access pattern, and one bar per layout in each
// row's group, coloured by layout.
#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "layout/report.h"

namespace dynamo_items::layout_bench {

namespace {

std::string format(const char* f, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char* f, ...) {
  char buf[1024];
  va_list args;
  va_start(args, f);
  std::vsnprintf(buf, sizeof buf, f, args);
  va_end(args);
  return buf;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// 1234567 -> "1.23M", 45000 -> "45k", 0.5 -> "0.5".
std::string compact(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return format("%.3gG", v / 1e9);
  if (a >= 1e6) return format("%.3gM", v / 1e6);
  if (a >= 1e3) return format("%.3gk", v / 1e3);
  return format("%.3g", v);
}

std::string micros(double us) {
  if (us >= 1000) return format("%.3g ms", us / 1000);
  return format("%.3g µs", us);
}

double nice_step(double max, int target_ticks) {
  if (max <= 0) return 1;
  const double raw = max / target_ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

const char* kColors[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"};
const char* color(std::size_t layout) { return kColors[layout % (sizeof kColors / sizeof kColors[0])]; }

constexpr int kWidth = 1100;
constexpr int kLabelRight = 236;   // row labels end here
constexpr int kX0 = 246;           // bars start here
constexpr int kX1 = kWidth - 310;  // scale ends here; value labels to the right
constexpr int kBar = 14;
constexpr int kBarGap = 3;
constexpr int kGroupGap = 14;

class Chart {
 public:
  Chart(const std::vector<LayoutRun>& runs) : runs_(runs), rows_(pattern_rows(runs)) {}

  std::string render(const ReportInfo& info) {
    int y = header(info);
    y = capacity_panel(y + 16);
    y = latency_panel(y + 28);
    return format(
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
               kWidth, y + 16, kWidth, y + 16) +
           format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", kWidth, y + 16) + body_ + "</svg>\n";
  }

 private:
  int group_height() const {
    const int n = static_cast<int>(runs_.size());
    return n * kBar + (n - 1) * kBarGap + kGroupGap;
  }

  void text(int x, int y, const std::string& s, const char* extra = "") {
    body_ += format("<text x=\"%d\" y=\"%d\" %s>", x, y, extra) + escape(s) + "</text>\n";
  }

  int header(const ReportInfo& info) {
    text(20, 30, "Key-layout benchmark: capacity and latency per access pattern",
         "font-size=\"18\" font-weight=\"bold\"");
    text(20, 50,
         format("dynamo-items-bench layout, %s operations per layout, seed %llu; one bar per layout",
                compact(static_cast<double>(info.operations)).c_str(),
                static_cast<unsigned long long>(info.seed)),
         "fill=\"#555\"");
    int x = 20;
    for (std::size_t l = 0; l < runs_.size(); ++l) {
      body_ += format("<rect x=\"%d\" y=\"62\" width=\"14\" height=\"14\" fill=\"%s\"/>\n", x, color(l));
      text(x + 20, 74, runs_[l].layout);
      x += 40 + static_cast<int>(runs_[l].layout.size()) * 7;
    }
    return 80;
  }

  // Row labels and the separator above "(mix)"; returns the top of each group.
  std::vector<int> rows(int top) {
    std::vector<int> tops;
    int y = top;
    for (const std::string& name : rows_) {
      if (name == "(mix)") {
        body_ += format(
            "<line x1=\"20\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n",
            kWidth - 20, y - kGroupGap / 2, y - kGroupGap / 2);
      }
      tops.push_back(y);
      const int mid = y + (group_height() - kGroupGap) / 2 + 4;
      text(kLabelRight, mid, name == "(mix)" ? "whole mix" : name,
           name == "(mix)" ? "text-anchor=\"end\" font-weight=\"bold\"" : "text-anchor=\"end\"");
      y += group_height();
    }
    return tops;
  }

  int capacity_panel(int top) {
    text(20, top,
         "Capacity units per 1M operations (RCU solid, WCU light): what the pattern costs on DynamoDB",
         "font-size=\"14\" font-weight=\"bold\"");
    double max = 0;
    for (const auto& run : runs_) {
      for (const auto& name : rows_) {
        if (const PatternResult* r = find_pattern(run, name))
          max = std::max(max, (r->rcu_per_op() + r->wcu_per_op()) * 1e6);
      }
    }
    const double step = nice_step(max, 6);
    const double scale_max = std::max(step, std::ceil(max / step) * step);
    auto x = [&](double v) { return kX0 + v / scale_max * (kX1 - kX0); };
    const int axis_y = top + 22;
    const int first = axis_y + 10;
    const int bottom = first + group_height() * static_cast<int>(rows_.size()) - kGroupGap;
    for (double v = 0; v <= scale_max * 1.0001; v += step) {
      body_ += format("<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#e3e3e3\"/>\n", x(v), x(v),
                      axis_y + 4, bottom);
      text(static_cast<int>(x(v)), axis_y, compact(v), "text-anchor=\"middle\" fill=\"#555\"");
    }
    std::vector<int> tops = rows(first);
    for (std::size_t k = 0; k < rows_.size(); ++k) {
      for (std::size_t l = 0; l < runs_.size(); ++l) {
        const PatternResult* r = find_pattern(runs_[l], rows_[k]);
        const int y = tops[k] + static_cast<int>(l) * (kBar + kBarGap);
        if (r == nullptr) {
          text(kX0 + 4, y + kBar - 3, "not in this layout", "fill=\"#999\" font-style=\"italic\"");
          continue;
        }
        const double reads = r->rcu_per_op() * 1e6, writes = r->wcu_per_op() * 1e6;
        body_ += format("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", kX0, y,
                        x(reads) - kX0, kBar, color(l));
        body_ += format(
            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.4\" "
            "stroke=\"%s\" stroke-width=\"0.8\"/>\n",
            x(reads), y, x(reads + writes) - x(reads), kBar, color(l), color(l));
        std::string label;
        if (reads > 0) label = compact(reads) + " RCU";
        if (writes > 0) label += (label.empty() ? "" : " + ") + compact(writes) + " WCU";
        if (label.empty()) label = "0";
        label += format("  (%.2g req/op)", r->requests_per_op());
        text(static_cast<int>(x(reads + writes)) + 6, y + kBar - 3, label, "fill=\"#333\"");
      }
    }
    body_ += format("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", kX0, kX0, axis_y + 4,
                    bottom);
    return bottom;
  }

  int latency_panel(int top) {
    text(20, top,
         "Latency per operation in the engine (log scale): p50 solid, p99 light, p999 tick; cpu: mean CPU "
         "time",
         "font-size=\"14\" font-weight=\"bold\"");
    double lo = 1e300, hi = 0;
    for (const auto& run : runs_) {
      for (const auto& name : rows_) {
        if (const PatternResult* r = find_pattern(run, name)) {
          if (r->p50_us > 0) lo = std::min(lo, r->p50_us);
          hi = std::max(hi, r->p999_us);
        }
      }
    }
    if (hi <= 0) hi = 1;
    if (lo > hi) lo = hi;
    const double dlo = std::floor(std::log10(lo)), dhi = std::max(dlo + 1, std::ceil(std::log10(hi)));
    auto x = [&](double v) {
      const double lv = std::log10(std::max(v, std::pow(10.0, dlo)));
      return kX0 + (lv - dlo) / (dhi - dlo) * (kX1 - kX0);
    };
    const int axis_y = top + 22;
    const int first = axis_y + 10;
    const int bottom = first + group_height() * static_cast<int>(rows_.size()) - kGroupGap;
    for (double d = dlo; d <= dhi; d += 1) {
      const double v = std::pow(10.0, d);
      body_ += format("<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#d0d0d0\"/>\n", x(v), x(v),
                      axis_y + 4, bottom);
      text(static_cast<int>(x(v)), axis_y, micros(v), "text-anchor=\"middle\" fill=\"#555\"");
      if (d < dhi) {
        for (double m : {2.0, 5.0}) {
          body_ += format("<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#f0f0f0\"/>\n",
                          x(m * v), x(m * v), axis_y + 4, bottom);
        }
      }
    }
    std::vector<int> tops = rows(first);
    for (std::size_t k = 0; k < rows_.size(); ++k) {
      for (std::size_t l = 0; l < runs_.size(); ++l) {
        const PatternResult* r = find_pattern(runs_[l], rows_[k]);
        const int y = tops[k] + static_cast<int>(l) * (kBar + kBarGap);
        if (r == nullptr) {
          text(kX0 + 4, y + kBar - 3, "not in this layout", "fill=\"#999\" font-style=\"italic\"");
          continue;
        }
        body_ += format(
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.35\"/>\n", kX0,
            y, x(r->p99_us) - kX0, kBar, color(l));
        body_ += format("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", kX0, y,
                        x(r->p50_us) - kX0, kBar, color(l));
        body_ +=
            format("<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#222\" stroke-width=\"2\"/>\n",
                   x(r->p999_us), x(r->p999_us), y - 1, y + kBar + 1);
        text(static_cast<int>(x(r->p999_us)) + 6, y + kBar - 3,
             "p50 " + micros(r->p50_us) + " · p99 " + micros(r->p99_us) + " · p999 " + micros(r->p999_us) +
                 "  (cpu " + micros(r->cpu_us_per_op()) + ")",
             "fill=\"#333\"");
      }
    }
    body_ += format("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", kX0, kX0, axis_y + 4,
                    bottom);
    return bottom;
  }

  const std::vector<LayoutRun>& runs_;
  std::vector<std::string> rows_;
  std::string body_;
};

}  // namespace

std::string svg_report(const std::vector<LayoutRun>& runs, const ReportInfo& info) {
  std::vector<LayoutRun> good;
  for (const auto& run : runs) {
    if (run.error.empty()) good.push_back(run);
  }
  return Chart(good).render(info);
}

}  // namespace dynamo_items::layout_bench
