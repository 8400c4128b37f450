// Table-driven base64; see base64.h.
#include "value/base64.h"

#include <array>
#include <cstdint>

namespace dynamo_items::base64 {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> make_decode_table() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  return t;
}
constexpr auto kDecode = make_decode_table();

}  // namespace

void encode_to(std::string& out, std::string_view in) {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  out.reserve(out.size() + (n + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const std::uint32_t v = (std::uint32_t{p[i]} << 16) | (std::uint32_t{p[i + 1]} << 8) | p[i + 2];
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  if (n - i == 1) {
    const std::uint32_t v = std::uint32_t{p[i]} << 16;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out += "==";
  } else if (n - i == 2) {
    const std::uint32_t v = (std::uint32_t{p[i]} << 16) | (std::uint32_t{p[i + 1]} << 8);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
}

std::string encode(std::string_view bytes) {
  std::string out;
  encode_to(out, bytes);
  return out;
}

DecodeResult decode(std::string_view text) {
  DecodeResult r;
  if (text.size() % 4 != 0) {
    r.error = DecodeError::kLength;
    return r;
  }
  // Up to two '=' at the very end; '=' anywhere else, or any character
  // outside the alphabet, is an invalid character.
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = (text.size() >= 2 && text[text.size() - 2] == '=') ? 2 : 1;
  const std::size_t data_len = text.size() - pad;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i < data_len ? kDecode[static_cast<unsigned char>(c)] < 0 : c != '=') {
      r.error = DecodeError::kCharacter;
      r.bad_char = c;
      return r;
    }
  }
  r.bytes.reserve(data_len / 4 * 3 + 2);
  std::size_t i = 0;
  for (; i + 4 <= data_len; i += 4) {
    const std::uint32_t v = (std::uint32_t(kDecode[static_cast<unsigned char>(text[i])]) << 18) |
                            (std::uint32_t(kDecode[static_cast<unsigned char>(text[i + 1])]) << 12) |
                            (std::uint32_t(kDecode[static_cast<unsigned char>(text[i + 2])]) << 6) |
                            std::uint32_t(kDecode[static_cast<unsigned char>(text[i + 3])]);
    r.bytes.push_back(static_cast<char>(v >> 16));
    r.bytes.push_back(static_cast<char>((v >> 8) & 0xFF));
    r.bytes.push_back(static_cast<char>(v & 0xFF));
  }
  const std::size_t rest = data_len - i;  // 0, 2 or 3
  if (rest >= 2) {
    std::uint32_t v = (std::uint32_t(kDecode[static_cast<unsigned char>(text[i])]) << 18) |
                      (std::uint32_t(kDecode[static_cast<unsigned char>(text[i + 1])]) << 12);
    if (rest == 3) v |= std::uint32_t(kDecode[static_cast<unsigned char>(text[i + 2])]) << 6;
    // Non-zero bits that the padding drops mean the text is not the
    // canonical encoding of any byte string.
    if ((rest == 2 && (v & 0xFFFF)) || (rest == 3 && (v & 0xFF))) {
      r.error = DecodeError::kLastCharacter;
      r.bytes.clear();
      return r;
    }
    r.bytes.push_back(static_cast<char>(v >> 16));
    if (rest == 3) r.bytes.push_back(static_cast<char>((v >> 8) & 0xFF));
  }
  return r;
}

}  // namespace dynamo_items::base64
