// Stored items as JSON text and as sizes, without decoding; see stored_item.h.
#include "storage/stored_item.h"

#include <cstdint>
#include <cstring>

#include "storage/item_reader.h"
#include "value/base64.h"
#include "value/item_size.h"

namespace dynamo_items::storage {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

// Whether any of the 8 bytes in `w` is a quote, a backslash or below 0x20
// ("has less than" and "has zero byte" from Bit Twiddling Hacks; exact as a
// yes/no answer). Most strings need no escaping, and checking them a word at
// a time made this loop 4% -> 1% of a 10-item Query's server CPU.
bool any_needs_escape(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  const std::uint64_t quote = w ^ (kOnes * '"');
  const std::uint64_t backslash = w ^ (kOnes * '\\');
  const std::uint64_t control = (w - kOnes * 0x20) & ~w;
  return ((control | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash)) & kHighs) != 0;
}

// A JSON string, escaped as RapidJSON's Writer escapes it: quote, backslash
// and control characters; everything else (UTF-8 included) as is.
void append_string(std::string& out, std::string_view s) {
  out.push_back('"');
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (!any_needs_escape(w)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(s[i++]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - 1 - run);
    run = i;
    out.push_back('\\');
    switch (c) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '\b': out.push_back('b'); break;
      case '\f': out.push_back('f'); break;
      case '\n': out.push_back('n'); break;
      case '\r': out.push_back('r'); break;
      case '\t': out.push_back('t'); break;
      default:
        out.append("u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void append_base64(std::string& out, std::string_view raw) {
  out.push_back('"');
  base64::encode_to(out, raw);  // the alphabet needs no escaping
  out.push_back('"');
}

class JsonWriter {
 public:
  JsonWriter(std::string_view stored, std::string& out) : r_(stored), out_(out) {}

  void item() {
    map(0);
    if (!r_.at_end()) ItemReader::malformed();
  }

 private:
  void map(int depth) {
    const std::size_t n = r_.count();
    out_.push_back('{');
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) out_.push_back(',');
      append_string(out_, r_.bytes());
      out_.push_back(':');
      value(depth);
    }
    out_.push_back('}');
  }

  void value(int depth) {
    if (depth > 256) ItemReader::malformed();  // as ItemReader::value
    const unsigned char tag = r_.byte();
    switch (tag) {
      case 0:
        out_.append(R"({"S":)");
        append_string(out_, r_.bytes());
        break;
      case 1:
        out_.append(R"({"N":)");
        append_string(out_, r_.bytes());
        break;
      case 2:
        out_.append(R"({"B":)");
        append_base64(out_, r_.bytes());
        break;
      case 3: {
        const unsigned char b = r_.byte();
        if (b > 1) ItemReader::malformed();
        out_.append(b == 1 ? R"({"BOOL":true)" : R"({"BOOL":false)");
        break;
      }
      case 4:
        out_.append(R"({"NULL":true)");
        break;
      case 5:
        out_.append(R"({"M":)");
        map(depth + 1);
        break;
      case 6: {
        out_.append(R"({"L":[)");
        const std::size_t n = r_.count();
        for (std::size_t i = 0; i < n; ++i) {
          if (i > 0) out_.push_back(',');
          value(depth + 1);
        }
        out_.push_back(']');
        break;
      }
      case 7:
      case 8:
      case 9: {
        out_.append(tag == 7 ? R"({"SS":[)" : tag == 8 ? R"({"NS":[)" : R"({"BS":[)");
        const std::size_t n = r_.count();
        for (std::size_t i = 0; i < n; ++i) {
          if (i > 0) out_.push_back(',');
          if (tag == 9) {
            append_base64(out_, r_.bytes());
          } else {
            append_string(out_, r_.bytes());
          }
        }
        out_.push_back(']');
        break;
      }
      default:
        ItemReader::malformed();
    }
    out_.push_back('}');
  }

  ItemReader r_;
  std::string& out_;
};

// Mirrors attribute_value_size() in value/item_size.cpp on the bytes.
class SizeReader {
 public:
  explicit SizeReader(std::string_view stored) : r_(stored) {}

  std::size_t item() {
    std::size_t n = 0;
    const std::size_t count = r_.count();
    for (std::size_t i = 0; i < count; ++i) n += r_.bytes().size() + value(0);
    if (!r_.at_end()) ItemReader::malformed();
    return n;
  }

 private:
  std::size_t value(int depth) {
    if (depth > 256) ItemReader::malformed();
    const unsigned char tag = r_.byte();
    switch (tag) {
      case 0:
      case 2:
        return r_.bytes().size();
      case 1:
        return number_size(r_.bytes());
      case 3:
        r_.byte();
        return 1;
      case 4:
        return 1;
      case 5: {
        std::size_t n = 3;
        const std::size_t count = r_.count();
        for (std::size_t i = 0; i < count; ++i) n += 1 + r_.bytes().size() + value(depth + 1);
        return n;
      }
      case 6: {
        std::size_t n = 3;
        const std::size_t count = r_.count();
        for (std::size_t i = 0; i < count; ++i) n += 1 + value(depth + 1);
        return n;
      }
      case 7:
      case 8:
      case 9: {
        std::size_t n = 0;
        const std::size_t count = r_.count();
        for (std::size_t i = 0; i < count; ++i) n += tag == 8 ? number_size(r_.bytes()) : r_.bytes().size();
        return n;
      }
      default:
        ItemReader::malformed();
    }
  }

  ItemReader r_;
};

}  // namespace

void append_stored_item_json(std::string_view stored, std::string& out) {
  out.reserve(out.size() + stored.size() + stored.size() / 2 + 16);
  JsonWriter(stored, out).item();
}

std::size_t stored_item_size(std::string_view stored) { return SizeReader(stored).item(); }

}  // namespace dynamo_items::storage
