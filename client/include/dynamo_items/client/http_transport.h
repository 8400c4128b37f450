// HttpTransport: DynamoDB's JSON 1.0 protocol over HTTP/1.1 to any endpoint
// (this project's server, DynamoDB Local, AWS). Requests are signed with
// SigV4 when credentials are known; idle keep-alive connections are pooled
// (any thread takes one, uses it alone, and gives it back); throttling, 5xx
// answers, failed x-amz-crc32 checks and network errors are retried with
// jittered exponential back-off (retry.h).
//
//   auto transport = HttpTransport::from_environment();
//
// from_environment() reads what the AWS SDKs read: AWS_ENDPOINT_URL_DYNAMODB,
// else AWS_ENDPOINT_URL (both ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
// is "true"), else https://dynamodb.<region>.amazonaws.com; AWS_REGION, else
// AWS_DEFAULT_REGION, else us-east-1; AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (unsigned requests without
// them); AWS_CA_BUNDLE (trusted CAs for https). What the environment leaves
// open comes from the shared config and credentials files' profile
// (aws_config.h: AWS_PROFILE or the one named, else "default"): region,
// endpoint_url, the keys and ca_bundle, as the SDKs take them.
//
// Connections are made by a ConnectionFactory; the built-in one speaks plain
// TCP for http:// and TLS (OpenSSL, peer and host name verified against the
// system's CA store or HttpOptions::ca_file) for https://.
//
// Thread safety: execute() may be called from any number of threads.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dynamo_items/client/retry.h"
#include "dynamo_items/client/sigv4.h"
#include "dynamo_items/client/transport.h"

namespace dynamo_items::client {

struct Endpoint {
  std::string scheme = "http";
  std::string host = "localhost";
  std::string port = "80";
  std::string path = "/";
  // "http://localhost:8000" -> {http, localhost, 8000, /}. Throws
  // std::invalid_argument for anything that is not an http(s) URL.
  static Endpoint parse(std::string_view url);
  std::string host_header() const;  // host, plus ":port" when not the default
};

struct HttpOptions {
  Endpoint endpoint;
  std::string region = "us-east-1";
  std::string service = "dynamodb";
  std::optional<sigv4::Credentials> credentials;  // nullopt: unsigned
  RetryPolicy retry;
  std::chrono::milliseconds timeout{30000};  // connect, and each exchange
  std::size_t max_idle_connections = 16;
  std::string ca_file;       // https: trusted CAs (PEM); empty: the system's store
  bool verify_peer = true;   // https: check the certificate and host name
};

HttpOptions http_options_from_environment(std::string_view profile = {});

// One HTTP exchange on one connection.
struct WireRequest {
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};
struct WireResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  bool keep_alive = true;
};

// A connection to the endpoint, used by one thread at a time. round_trip
// throws TransportError when the exchange fails.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual WireResponse round_trip(const WireRequest& request) = 0;
};

using ConnectionFactory = std::function<std::unique_ptr<Connection>(const HttpOptions&)>;

// Boost.Beast over plain TCP (http) or TLS (https). Throws TransportError
// when the connection or the TLS handshake fails.
std::unique_ptr<Connection> connect(const HttpOptions& options);

class HttpTransport : public Transport {
 public:
  explicit HttpTransport(HttpOptions options, ConnectionFactory factory = connect);
  static std::shared_ptr<HttpTransport> from_environment(std::string_view profile = {});

  rapidjson::Document execute(std::string_view operation, rapidjson::Document request) override;
  const HttpOptions& options() const { return options_; }

 private:
  WireRequest build(std::string_view operation, std::string body) const;
  WireResponse exchange(const WireRequest& request);
  std::unique_ptr<Connection> acquire(bool& reused);
  void release(std::unique_ptr<Connection> connection);

  HttpOptions options_;
  ConnectionFactory factory_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace dynamo_items::client
