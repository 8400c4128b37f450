// RequestAuth: `serve --credentials FILE`. Every request must then carry a
// valid AWS Signature Version 4, in the Authorization header or as a
// presigned query string, made with one of the file's keys; otherwise it is
// refused with the error DynamoDB gives (all HTTP 400):
//   no signature at all              MissingAuthenticationTokenException
//   malformed Authorization / query  IncompleteSignatureException
//   unknown key, wrong session token UnrecognizedClientException
//   wrong signature, scope or time   InvalidSignatureException
// The file holds one key per line, `ACCESS_KEY_ID SECRET_ACCESS_KEY
// [SESSION_TOKEN]`; '#' starts a comment. A key listed with a session token
// stands for temporary credentials: requests must present that token
// (X-Amz-Security-Token), and requests with a key listed without one must not
// present any, as AWS's STS-issued and long-term keys behave. Time: X-Amz-Date
// (or Date) within 15 minutes of the server's clock; a presigned URL also
// within its X-Amz-Expires.
//
// Without --credentials the server does not construct one of these and any
// credentials are accepted. Thread safety: check() is const and may run on
// any number of threads.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "dynamo_items/error.h"

namespace dynamo_items::server {

// What the verifier needs of one HTTP request.
struct SignedRequest {
  std::string_view method;  // "POST"
  std::string_view target;  // the request target: path and query ("/?X-Amz-...")
  // Every header as received (names in any case, repeats allowed).
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;
};

// Who signed an accepted request.
struct SignedBy {
  std::string access_key_id;
  std::string region;  // from the credential scope
};

class RequestAuth {
 public:
  struct Key {
    std::string secret_access_key;
    std::string session_token;  // empty: a long-term key
  };

  explicit RequestAuth(std::unordered_map<std::string, Key> keys) : keys_(std::move(keys)) {}

  // Reads a credentials file. Throws std::runtime_error naming the file and
  // line when it cannot be read or a line is not `KEY SECRET [TOKEN]`.
  static RequestAuth load(const std::string& path);

  // The signer when the request is signed correctly, else the Error to answer.
  // `now` is the server's clock (a parameter so that tests can move it).
  std::variant<SignedBy, Error> check(const SignedRequest& request,
                                      std::chrono::system_clock::time_point now) const;

  std::size_t size() const { return keys_.size(); }

 private:
  std::unordered_map<std::string, Key> keys_;
};

}  // namespace dynamo_items::server
