// Router: DynamoDB's JSON 1.0 protocol over plain values, with no knowledge of
// sockets or Beast. The session hands it the method, the few headers that
// matter and the body; it answers status, headers and body. It decides, in
// DynamoDB's order (checked against dynalite, which mirrors the service):
//   OPTIONS with Origin   -> 200 CORS preflight (any request with Origin gets
//                            Access-Control-Allow-Origin: *)
//   GET (any path)        -> 200 "healthy: dynamodb.<region>.amazonaws.com "
//   not POST, or a body with a Content-Type other than application/json or
//   application/x-amz-json-1.0 (parameters after ';' ignored)
//                         -> 404 "<UnknownOperationException/>\n"
//   body not JSON         -> 400 SerializationException (no message)
//   X-Amz-Target not "DynamoDB_20120810.<Operation>" (or
//   "DynamoDBStreams_20120810.<Operation>") naming a DynamoDB operation
//                         -> 400 UnknownOperationException (no message)
//   Content-Encoding other than gzip/deflate/identity, or a body that is not
//   valid in its coding  -> 500 InternalFailure, as DynamoDB answers;
//   decoded beyond kMaxBodyBytes -> 413
//   empty body            -> 400 SerializationException (no message)
//   DescribeEndpoints     -> answered here: the request's Host, 1440 minutes
//   X-Dynamo-Items-Database naming no database of the caller's
//                         -> 400 DatabaseNotFoundException
//   CreateDatabase, DeleteDatabase, ListDatabases (DynamoItems_20261201)
//                         -> answered here (database_operations.h)
//   otherwise             -> Engine::execute(operation, body) on the named
//                            database of X-Dynamo-Items-Database, else the
//                            caller's (databases.h); errors go through
//                            wire_error, HTTP status from the Error.
// The Authorization header is not checked (any credentials are accepted), but
// its SigV4 credential scope names the region, and so the region of the ARNs
// and Streams records the engine answers with; a 12-digit access key id is
// taken as the account id (as LocalStack does), any other gives the server's.
// Bodies of at least kCompressFrom bytes are compressed when Accept-Encoding
// allows gzip or deflate; x-amz-crc32 is then the compressed body's, as
// DynamoDB's is (the Go SDK checks it before decompressing).
// Responses mirror the request's JSON content type (application/json unless
// the request said application/x-amz-json-1.0), carry a 52-character
// x-amzn-RequestId and the body's CRC32 for x-amz-crc32.
//
// Thread safety: handle() may be called from any number of threads at once.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dynamo_items/server/databases.h"

namespace dynamo_items {
class Engine;
}

namespace dynamo_items::server {

inline constexpr std::size_t kMaxBodyBytes = 16 * 1024 * 1024;  // DynamoDB's request limit
inline constexpr std::size_t kCompressFrom = 4096;  // smaller answers gain too little from it

class RequestAuth;

struct RouterOptions {
  std::string region = "us-east-1";        // when the request's signature names none
  std::string account_id = "000000000000";  // when the access key id is not 12 digits
  // Not null: POST requests must be signed by one of its keys (serve
  // --credentials); checked before anything else is read from the request.
  const RequestAuth* auth = nullptr;
};

enum class Method { get, post, options, other };

struct HttpRequest {
  Method method = Method::other;
  std::string_view content_type;  // empty when absent
  std::string_view amz_target;    // X-Amz-Target
  std::string_view origin;        // CORS
  std::string_view access_control_request_headers;
  std::string_view access_control_request_method;
  std::string_view content_encoding;
  std::string_view accept_encoding;
  std::string_view host;
  std::string_view authorization;
  std::string_view database;  // X-Dynamo-Items-Database: a named database
  // Only when Router::needs_all_headers(): the request line's target and every
  // header, for the signature check.
  std::string_view method_name;
  std::string_view target;
  const std::vector<std::pair<std::string_view, std::string_view>>* headers = nullptr;
  // The body; the router parses it in place (it is modified).
  std::string* body = nullptr;
};

struct HttpResponse {
  int status = 200;
  std::string_view content_type;  // empty: no Content-Type header
  std::string_view content_encoding;  // empty: the body is not compressed
  std::array<char, 52> request_id{};
  bool has_crc32 = false;
  std::uint32_t crc32 = 0;
  // CORS. The views point into the request's headers.
  bool allow_origin = false;
  bool preflight = false;
  std::string_view allow_headers;
  std::string_view allow_methods;
  bool close = false;  // close the connection after this response
  std::string body;    // cleared and filled by the router; keeps its capacity

  std::string_view request_id_view() const { return {request_id.data(), request_id.size()}; }
  // Back to a fresh 200 with an empty body (the body keeps its capacity).
  void reset() {
    std::string keep = std::move(body);
    *this = HttpResponse{};
    body = std::move(keep);
    body.clear();
  }
};

class Router {
 public:
  // Every request on `engine`.
  explicit Router(Engine& engine, RouterOptions options = {});
  // Each request on the database of its access key and region.
  explicit Router(Databases& databases, RouterOptions options = {});

  // REQUIRES: req.body != nullptr.
  void handle(const HttpRequest& req, HttpResponse& res) const;

  // Whether handle() needs HttpRequest::headers, method_name and target.
  bool needs_all_headers() const { return options_.auth != nullptr; }

  // 413 for a request whose body exceeds kMaxBodyBytes; closes the connection.
  static void too_large(HttpResponse& res);
  // 400 for a request that is not valid HTTP; closes the connection.
  static void bad_request(HttpResponse& res);

 private:
  void dispatch(const HttpRequest& req, std::string_view operation, std::string& body, HttpResponse& res) const;
  void describe_endpoints(const HttpRequest& req, HttpResponse& res) const;
  bool authenticated(const HttpRequest& req, HttpResponse& res) const;

  std::unique_ptr<Databases> own_databases_;  // for Router(Engine&)
  Databases& databases_;
  RouterOptions options_;
  std::string healthy_;  // the GET answer
};

// Whether `name` is an operation of DynamoDB's (or DynamoDB Streams') API.
bool is_dynamodb_operation(std::string_view name);
bool is_streams_operation(std::string_view name);

// The region and access key id of a SigV4 Authorization header's credential
// scope ("AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
// ..."); empty when the header has none.
struct CredentialScope {
  std::string_view access_key_id;
  std::string_view region;
};
CredentialScope credential_scope(std::string_view authorization);

// A fresh random request id: 52 characters of [0-9A-Z], like DynamoDB's.
void new_request_id(std::array<char, 52>& out);

}  // namespace dynamo_items::server
