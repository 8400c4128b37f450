// Fuzzes the whole HTTP request path: one in-process Server on loopback in
// front of an in-memory Engine (with a table to hit), and each input sent as
// the raw bytes of a connection: the Beast parser, body limits, keep-alive
// (an input may hold several requests), the router, the engine's validation
// and every operation. The connection's write side is closed after the input,
// so the server must answer what it got and close; a read that times out is a
// hang and aborts. Inputs slower than a second are reported on stderr.
// Coverage is collected from the server's threads too.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <rapidjson/document.h>

#include "dynamo_items/engine.h"
#include "dynamo_items/server/server.h"

using namespace dynamo_items;

namespace {

struct Fixture {
  std::unique_ptr<Engine> engine;
  std::unique_ptr<server::Server> server;
  std::uint16_t port = 0;

  Fixture() {
    EngineOptions options;
    options.ttl_sweep_interval = std::chrono::milliseconds(0);
    engine = std::move(Engine::open(options).value());
    rapidjson::Document req;
    req.Parse(R"({"TableName":"fuzz","BillingMode":"PAY_PER_REQUEST",
      "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"},
                              {"AttributeName":"g","AttributeType":"S"}],
      "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
      "GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
                                 "Projection":{"ProjectionType":"ALL"}}],
      "StreamSpecification":{"StreamEnabled":true,"StreamViewType":"NEW_AND_OLD_IMAGES"}})");
    if (auto created = engine->execute("CreateTable", req); !created) {
      std::fprintf(stderr, "fixture CreateTable: %s\n", created.error().message().c_str());
      std::abort();
    }
    server = std::make_unique<server::Server>(*engine, server::ServerOptions{.port = 0, .threads = 1});
    port = server->start();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) std::abort();
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(fixture.port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // A request's work is bounded (1 MB pages, 16 MiB bodies), so even under
  // the sanitizers on a loaded machine an answer takes well under this.
  timeval timeout{60, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  // libFuzzer's timer (SIGALRM, for -timeout) interrupts blocking calls
  // (EINTR; the connect then goes on: EALREADY, and EISCONN once done). And a
  // connection per input, over a million in a long run, can use up the
  // ephemeral ports (EADDRNOTAVAIL). Both are the harness's, not findings:
  // try again. Any other failure means the server is gone.
  for (int attempt = 0; ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0; ++attempt) {
    if (errno == EISCONN) break;
    const bool retry = errno == EINTR || errno == EALREADY || errno == EADDRNOTAVAIL;
    if (!retry || attempt == 12000) {
      std::fprintf(stderr, "connect to the server failed: %s\n", std::strerror(errno));
      std::abort();
    }
    ::usleep(10000);
  }
  std::size_t sent = 0;
  while (sent < size) {
    const ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the server may refuse early (413, 400) and close
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  const auto started = std::chrono::steady_clock::now();
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0 || (n < 0 && errno == EINTR)) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      std::fprintf(stderr, "server did not answer and close within 60 s\n");
      std::abort();
    }
    break;  // closed (or reset after an early refusal)
  }
  // The server has answered and closed: a reset instead of our FIN keeps
  // this side out of TIME_WAIT, so ports are not used up.
  linger reset{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  ::close(fd);
  const auto took = std::chrono::steady_clock::now() - started;
  if (took > std::chrono::seconds(1))
    std::fprintf(stderr, "slow input: %lld ms\n",
                 static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
  return 0;
}
