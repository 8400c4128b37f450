#include "http/response_head.h"

#include <boost/beast/http/status.hpp>
#include <charconv>

namespace dynamo_items::server {

namespace {

void field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

template <class Integer>
void number_field(std::string& out, std::string_view name, Integer n) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  field(out, name, std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

}  // namespace

void write_response_head(const HttpResponse& res, const ResponseHead& head, std::string& out) {
  out.clear();
  out.append(head.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  char code[8];
  auto end = std::to_chars(code, code + sizeof code, res.status).ptr;
  out.append(code, static_cast<std::size_t>(end - code));
  out.push_back(' ');
  const auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(res.status));
  out.append(reason.data(), reason.size());
  out.append("\r\n");
  if (!res.content_type.empty()) field(out, "Content-Type", res.content_type);
  if (!res.content_encoding.empty()) field(out, "Content-Encoding", res.content_encoding);
  field(out, "Date", head.date);
  field(out, "Server", "Server");  // what DynamoDB's front end says
  field(out, "x-amzn-RequestId", res.request_id_view());
  if (res.has_crc32) number_field(out, "x-amz-crc32", res.crc32);
  if (res.allow_origin) {
    field(out, "Access-Control-Allow-Origin", "*");
    if (res.preflight) {
      if (!res.allow_headers.empty()) field(out, "Access-Control-Allow-Headers", res.allow_headers);
      if (!res.allow_methods.empty()) field(out, "Access-Control-Allow-Methods", res.allow_methods);
      field(out, "Access-Control-Max-Age", "172800");
    } else {
      field(out, "Access-Control-Expose-Headers", "x-amzn-RequestId,x-amz-crc32");
    }
  }
  number_field(out, "Content-Length", head.content_length);
  if (head.version == 10 && head.keep_alive) field(out, "Connection", "keep-alive");
  if (head.version != 10 && !head.keep_alive) field(out, "Connection", "close");
  out.append("\r\n");
}

}  // namespace dynamo_items::server
