// Server: DynamoDB's HTTP API (JSON 1.0 protocol) in front of an Engine. It
// listens on host:port, serves many keep-alive connections on a pool of
// threads and hands each request to Engine::execute, exactly as in-process
// callers do.
//
// Usage:
//   auto engine = dynamo_items::Engine::open({});             // in memory
//   dynamo_items::server::Server server(*engine.value(), {.port = 0});
//   std::uint16_t port = server.start();                     // ephemeral port
//   ... point an SDK at http://127.0.0.1:<port> ...
//   server.stop();
//
// Ownership: the Engine is borrowed and must outlive the Server.
// Thread safety: start() and stop() may be called from any thread but not
// concurrently with each other; the destructor calls stop().
#pragma once

#include <chrono>

#include <cstdint>
#include <memory>
#include <string>

namespace dynamo_items {
class Engine;
}

namespace dynamo_items::server {

class Databases;

struct ServerOptions {
  std::string host = "127.0.0.1";  // an address or a name that resolves to one
  std::uint16_t port = 8000;       // 0: an ephemeral port, returned by start()
  unsigned threads = 0;            // 0: std::thread::hardware_concurrency()
  // false: one io_context run by all threads (better tail latency when the
  // machine is otherwise idle); true: one io_context per thread, connections
  // assigned round robin (more throughput when other work shares the CPUs).
  bool io_per_thread = false;
  // The region and account of ARNs, Streams records and the health text when
  // a request's SigV4 credential scope does not say (see router.h).
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Non-empty: a file of `ACCESS_KEY_ID SECRET_ACCESS_KEY [SESSION_TOKEN]`
  // lines; every request must then carry a valid SigV4 signature by one of
  // them (see server/src/auth/request_auth.h). Empty: any credentials pass.
  // The constructor throws std::runtime_error when the file cannot be read.
  std::string credentials_file{};
  // Connections served at once; more are closed when accepted (0: no limit).
  std::size_t max_connections = 10000;
  // A connection whose client has not sent the rest of a request, or not
  // read the answer, for this long is closed.
  std::chrono::milliseconds idle_timeout{30000};
  // Both non-empty: serve HTTPS with this PEM certificate chain and private
  // key instead of HTTP (the constructor throws std::runtime_error when they
  // cannot be read, are invalid or do not match). Both empty: plain HTTP.
  std::string tls_cert_file{};
  std::string tls_key_file{};
};

class Server {
 public:
  // Every request on `engine` (borrowed).
  Server(Engine& engine, ServerOptions options);
  // Each request on its access key's and region's database (borrowed; see
  // databases.h).
  Server(Databases& databases, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, starts the threads and returns the bound port.
  // Throws std::system_error (or boost::system::system_error) when the
  // address cannot be resolved or bound.
  // REQUIRES: not started before.
  std::uint16_t start();

  // Stops accepting, closes idle connections, lets requests in flight finish
  // and answers them, then joins the threads. Idempotent.
  void stop();

  // The bound port (0 before start()).
  std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dynamo_items::server
