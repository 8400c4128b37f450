// Text forms used by the marshalers (marshal.h): ISO 8601 UTC times, UUIDs,
// base64, type names, and the checks on tagged attribute values.
//
// Time grammar (written):  YYYY-MM-DD "T" hh:mm:ss [ "." fraction ] "Z"
//   fraction has exactly the digits of the field's resolution (0-9), so all
//   values of one field have the same width and sort as text in time order.
// Time grammar (read): the same, with 1-9 fraction digits, "T" or " " as the
//   separator and "Z", "+00:00" or nothing as the zone (UTC either way).
#include <array>
#include <chrono>
#include <string>

#include "base64.h"
#include "dynamo_items/client/marshal.h"

namespace dynamo_items::client::detail {

namespace {

std::string actual_type(const Json& in) {
  if (in.IsObject() && in.MemberCount() == 1) return std::string(view(in.MemberBegin()->name));
  return "a malformed attribute value";
}

bool digits(std::string_view t, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > t.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (t[i] < '0' || t[i] > '9') return false;
    out = out * 10 + (t[i] - '0');
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const Json& expect_tagged(const Json& in, const char* tag) {
  if (in.IsObject()) {
    auto it = in.FindMember(tag);
    if (it != in.MemberEnd() && in.MemberCount() == 1) return it->value;
  }
  throw Problem(std::string("expected ") + tag + ", found " + actual_type(in));
}

const Json& expect_string(const Json& in, const char* tag) {
  const Json& v = expect_tagged(in, tag);
  if (!v.IsString()) throw Problem(std::string(tag) + " value is not a JSON string");
  return v;
}

bool is_null(const Json& in) {
  if (!in.IsObject() || in.MemberCount() != 1) return false;
  auto it = in.FindMember("NULL");
  return it != in.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

std::string format_time(std::int64_t seconds, std::uint32_t nanos, int fraction_digits) {
  using namespace std::chrono;
  std::int64_t day = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  std::int64_t in_day = seconds - day * 86400;
  year_month_day ymd{sys_days{days{day}}};
  int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) return {};
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", y, static_cast<unsigned>(ymd.month()),
                        static_cast<unsigned>(ymd.day()), static_cast<int>(in_day / 3600),
                        static_cast<int>(in_day / 60 % 60), static_cast<int>(in_day % 60));
  std::string out(buf, static_cast<std::size_t>(n));
  if (fraction_digits > 0) {
    std::snprintf(buf, sizeof buf, "%09u", nanos);
    out += '.';
    out.append(buf, static_cast<std::size_t>(fraction_digits));
  }
  out += 'Z';
  return out;
}

bool parse_time(std::string_view t, std::int64_t& seconds, std::uint32_t& nanos) {
  using namespace std::chrono;
  int y, mo, d, h, mi, s;
  if (!digits(t, 0, 4, y) || t.size() < 19 || t[4] != '-' || !digits(t, 5, 2, mo) || t[7] != '-' ||
      !digits(t, 8, 2, d) || (t[10] != 'T' && t[10] != ' ') || !digits(t, 11, 2, h) || t[13] != ':' ||
      !digits(t, 14, 2, mi) || t[16] != ':' || !digits(t, 17, 2, s))
    return false;
  std::size_t pos = 19;
  nanos = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    int count = 0;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      if (++count > 9) return false;
      nanos = nanos * 10 + static_cast<std::uint32_t>(t[pos++] - '0');
    }
    if (count == 0) return false;
    for (int i = count; i < 9; ++i) nanos *= 10;
  }
  std::string_view zone = t.substr(pos);
  if (!(zone.empty() || zone == "Z" || zone == "+00:00")) return false;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return false;
  seconds = sys_days(ymd).time_since_epoch().count() * std::int64_t{86400} + h * 3600 + mi * 60 + s;
  return true;
}

std::string python_time_text(std::string_view iso) {
  std::int64_t seconds = 0;
  std::uint32_t nanos = 0;
  if (!parse_time(iso, seconds, nanos)) return {};
  std::string out = format_time(seconds, 0, 0);  // "YYYY-MM-DDThh:mm:ssZ"
  if (out.empty()) return {};
  out[10] = ' ';
  out.pop_back();
  // datetime keeps microseconds; str() drops a zero fraction.
  if (const std::uint32_t micros = nanos / 1000; micros != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, ".%06u", micros);
    out += buf;
  }
  return out;
}

std::string format_uuid(const boost::uuids::uuid& u) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[u.data[i] >> 4];
    out += kHex[u.data[i] & 15];
  }
  return out;
}

bool parse_uuid(std::string_view t, boost::uuids::uuid& u) {
  if (t.size() != 36) return false;
  std::size_t j = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      if (t[j++] != '-') return false;
    }
    int hi = hex_value(t[j++]), lo = hex_value(t[j++]);
    if (hi < 0 || lo < 0) return false;
    u.data[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

std::string base64_encode(std::string_view bytes) { return base64::encode(bytes); }

bool base64_decode(std::string_view text, std::string& bytes) {
  auto decoded = base64::decode(text);
  if (!decoded) return false;
  bytes = std::move(*decoded);
  return true;
}

// GCC: "... pretty_function_of() [with T = app::Command; std::string_view = ...]"
// Clang: "... pretty_function_of() [T = app::Command]"
std::string unqualified_type_name(std::string_view pretty) {
  auto start = pretty.find("T = ");
  if (start == std::string_view::npos) return std::string(pretty);
  start += 4;
  std::size_t end = start;
  int depth = 0;
  std::size_t last_scope = start;
  for (; end < pretty.size(); ++end) {
    char c = pretty[end];
    if (c == '<' || c == '(') ++depth;
    else if (c == '>' || c == ')') --depth;
    else if (depth == 0 && (c == ';' || c == ']')) break;
    else if (depth == 0 && c == ':' && end + 1 < pretty.size() && pretty[end + 1] == ':') last_scope = end + 2;
  }
  return std::string(pretty.substr(last_scope, end - last_scope));
}

}  // namespace dynamo_items::client::detail
