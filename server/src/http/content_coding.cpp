#include "content_coding.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace dynamo_items::server {
namespace {

constexpr std::string_view kSpace = " \t";

std::string_view trim(std::string_view s) {
  auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The comma-separated tokens of a header value, trimmed, empty ones dropped.
std::vector<std::string_view> tokens(std::string_view value) {
  std::vector<std::string_view> out;
  while (!value.empty()) {
    auto comma = value.find(',');
    std::string_view token = trim(value.substr(0, comma));
    if (!token.empty()) out.push_back(token);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

// A zlib (RFC 1950) header: deflate method, and the check bits right.
bool has_zlib_header(const std::string& in, std::size_t at) {
  if (in.size() - at < 2) return false;
  auto b0 = static_cast<unsigned char>(in[at]);
  auto b1 = static_cast<unsigned char>(in[at + 1]);
  return (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
}

// Inflates every member of `in` into `out`. `deflate`: HTTP's deflate, which
// is meant as zlib format but is raw deflate from some clients; a member
// without a zlib header is read as raw deflate.
DecodeStatus inflate_all(const std::string& in, std::string& out, bool deflate, std::size_t limit) {
  out.clear();
  if (in.empty()) return DecodeStatus::corrupt;
  std::size_t at = 0;
  char chunk[16 * 1024];
  while (at < in.size()) {
    z_stream zs{};
    int window = deflate ? (has_zlib_header(in, at) ? 15 : -15) : 15 + 16;
    if (inflateInit2(&zs, window) != Z_OK) return DecodeStatus::corrupt;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + at));
    zs.avail_in = static_cast<uInt>(in.size() - at);
    int rc = Z_OK;
    while (rc == Z_OK) {
      zs.next_out = reinterpret_cast<Bytef*>(chunk);
      zs.avail_out = sizeof chunk;
      rc = inflate(&zs, Z_NO_FLUSH);
      std::size_t produced = sizeof chunk - zs.avail_out;
      if (out.size() + produced > limit) {
        inflateEnd(&zs);
        return DecodeStatus::too_large;
      }
      out.append(chunk, produced);
      // No progress with input left means a truncated stream.
      if (rc == Z_BUF_ERROR || (rc == Z_OK && zs.avail_in == 0 && produced == 0)) rc = Z_DATA_ERROR;
    }
    std::size_t used = (in.size() - at) - zs.avail_in;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) return DecodeStatus::corrupt;
    at += used;
  }
  return DecodeStatus::ok;
}

}  // namespace

DecodeStatus decode_content(std::string_view content_encoding, std::string& body, std::size_t limit) {
  std::vector<std::string_view> codings = tokens(content_encoding);
  std::string decoded;
  // The last coding listed was applied last, so it comes off first.
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    bool gzip = iequals(*it, "gzip") || iequals(*it, "x-gzip");
    bool deflate = iequals(*it, "deflate");
    if (iequals(*it, "identity")) continue;
    if (!gzip && !deflate) return DecodeStatus::unknown_coding;
    DecodeStatus status = inflate_all(body, decoded, deflate, limit);
    if (status != DecodeStatus::ok) return status;
    body.swap(decoded);
  }
  return DecodeStatus::ok;
}

Coding preferred_coding(std::string_view accept_encoding) {
  bool gzip = false, deflate = false;
  for (std::string_view token : tokens(accept_encoding)) {
    std::string_view name = trim(token.substr(0, token.find(';')));
    double q = 1.0;
    if (auto semi = token.find(';'); semi != std::string_view::npos) {
      std::string_view param = trim(token.substr(semi + 1));
      if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=')
        q = std::strtod(std::string(param.substr(2)).c_str(), nullptr);
    }
    if (q <= 0) continue;
    if (iequals(name, "gzip") || iequals(name, "x-gzip") || name == "*") gzip = true;
    if (iequals(name, "deflate")) deflate = true;
  }
  return gzip ? Coding::gzip : deflate ? Coding::deflate : Coding::identity;
}

void encode_content(Coding coding, std::string_view in, std::string& out) {
  z_stream zs{};
  // Level 1: on a local endpoint the CPU is dearer than the bytes.
  deflateInit2(&zs, 1, Z_DEFLATED, coding == Coding::gzip ? 15 + 16 : 15, 8, Z_DEFAULT_STRATEGY);
  out.resize(deflateBound(&zs, static_cast<uLong>(in.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);  // the bound makes one call enough
  out.resize(zs.total_out);
  deflateEnd(&zs);
}

std::string_view coding_name(Coding coding) {
  return coding == Coding::gzip ? "gzip" : coding == Coding::deflate ? "deflate" : "identity";
}

}  // namespace dynamo_items::server
