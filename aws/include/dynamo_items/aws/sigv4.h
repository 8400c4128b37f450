// AWS Signature Version 4 request signing (HMAC-SHA256 via OpenSSL), as
// specified in AWS's "Signature Version 4 signing process" documentation and
// checked against its published examples (tests/unit/client_sigv4_test.cpp).
//
//   sigv4::Request r{.method = "POST", .path = "/", .headers = {{"host", "..."},
//                    {"x-amz-date", amz_date}}, .payload = body};
//   headers.emplace_back("Authorization",
//       sigv4::authorization(credentials, r, amz_date, "us-east-1", "dynamodb"));
//
// Every header given in Request::headers is signed. Stateless, thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dynamo_items::aws::sigv4 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless temporary credentials
};

struct Request {
  std::string method;
  std::string path = "/";  // not yet URI-encoded
  std::string query;       // raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view payload;
};

std::string hex(std::string_view bytes);
std::string sha256(std::string_view data);  // raw digest
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw
// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);

// RFC 3986 encoding as SigV4 wants it: unreserved characters stay, the rest
// become %XY (upper-case hex); '/' stays when keep_slash.
std::string uri_encode(std::string_view text, bool keep_slash);
// %XY escapes back to bytes (a malformed escape stays as it is).
std::string percent_decode(std::string_view text);
std::string canonical_query(std::string_view query);
// Also returns the "host;x-amz-date"-style signed header list.
std::string canonical_request(const Request& r, std::string* signed_headers = nullptr);
std::string credential_scope(std::string_view date, std::string_view region, std::string_view service);
std::string string_to_sign(std::string_view amz_date, std::string_view scope, std::string_view canonical);
// The Authorization header value. amz_date is "YYYYMMDDTHHMMSSZ" and must
// equal the signed x-amz-date header.
std::string authorization(const Credentials& c, const Request& r, std::string_view amz_date, std::string_view region,
                          std::string_view service);
// "20150830T123600Z"
std::string amz_date(std::chrono::system_clock::time_point t);

}  // namespace dynamo_items::aws::sigv4
