// bench_ceiling_server: the HTTP ceiling for bench/compare. A minimal
// Boost.Beast keep-alive server that reads every request with Beast's parser
// (as dynamo-items does) and answers it with a canned DynamoDB JSON body and
// the headers a DynamoDB response carries. It does no other work, so its
// requests per second are what the machine's loopback, the kernel and Beast
// allow; bench/compare reports our share of it.
//
//   bench_ceiling_server [--host 127.0.0.1] [--port 0] [--threads N] [--shared-io]
//                        [--bodies FILE]
//
// Without --bodies every request gets one fixed, GetItem-sized body. With
// --bodies FILE (lines "Operation<TAB>response body", recorded by bench/compare
// from dynamo-items' real answers to the load's requests) a request is answered
// with the next recorded body of its X-Amz-Target's operation, so a 10-item
// Query is compared with a 2.7 KB answer and a PutItem with "{}": the ceiling
// then pays the same bytes through the socket and through wrk as we do.
// Operations without recorded bodies get the fixed body.
//
// Like dynamo-items serve: N threads (default one per CPU), each running its
// own io_context that owns the connections handed to it round robin, one
// session per connection without a strand, TCP_NODELAY, a 30 s expiry on every
// read and write, and "listening on http://HOST:PORT" as the first line on
// stdout. --shared-io runs one io_context on all N threads instead (the
// server's earlier model, about 30% fewer requests per second on 2 cores).
// Runs until SIGINT or SIGTERM. Loopback by default.
#include <zlib.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// The GetItem response of one bench/compare item (270 bytes), byte for byte
// the size of dynamo-items' answer for the same item.
constexpr std::string_view kBody =
    R"({"Item":{"pk":{"S":"p00042"},"sk":{"S":"s07"},"n":{"N":"42007"},"flag":{"BOOL":false},)"
    R"("data":{"S":"Lorem-ipsum-dolor-sit-amet-consectetur-adipiscing-elit-sed-do-eiusmod-tempor-incididu)"
    R"(nt-ut-labore-et-dolore-magna-aliqua-Ut-enim-ad-minim-veniam-quis-nostrud-exercitation"}}})";
constexpr std::string_view kRequestId = "BENCHCEILING0000000000000000000000000000000000000000";
constexpr auto kTimeout = std::chrono::seconds(30);

std::string crc32_of(std::string_view body) {
  return std::to_string(::crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
}

struct Answer {
  std::string body;
  std::string crc32;  // of body, decimal
};

// The recorded answers of one operation, replayed in turn.
struct Replay {
  std::string target;  // "DynamoDB_20120810.<Operation>"
  std::vector<Answer> answers;
};

struct Shared {
  Answer fixed;
  std::vector<Replay> replays;  // at most a handful: searched linearly

  // The replay list for a request's X-Amz-Target, or null for the fixed body.
  const Replay* find(std::string_view target) const {
    for (const auto& r : replays)
      if (r.target == target) return &r;
    return nullptr;
  }
};

// Reads --bodies FILE: one "Operation<TAB>body" a line, bodies without newlines.
void load_bodies(const std::string& path, Shared& shared) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "bench_ceiling_server: cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string target = "DynamoDB_20120810." + line.substr(0, tab);
    std::string body = line.substr(tab + 1);
    Replay* replay = nullptr;
    for (auto& r : shared.replays)
      if (r.target == target) replay = &r;
    if (replay == nullptr) replay = &shared.replays.emplace_back(Replay{target, {}});
    replay->answers.push_back(Answer{body, crc32_of(body)});
  }
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, const Shared& shared) : stream_(std::move(socket)), shared_(shared) {}

  void run() {
    beast::error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
    do_read();
  }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(16 * 1024 * 1024);
    stream_.expires_after(kTimeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return close();
    const auto& req = parser_->get();
    const Answer* answer = &shared_.fixed;
    if (!shared_.replays.empty()) {
      auto target = req["X-Amz-Target"];
      if (const Replay* replay = shared_.find(std::string_view(target.data(), target.size()))) {
        // Each session walks the list from its own place: no shared counter.
        answer = &replay->answers[next_++ % replay->answers.size()];
      }
    }
    response_ = {};
    response_.result(http::status::ok);
    response_.version(req.version());
    response_.set(http::field::content_type, "application/x-amz-json-1.0");
    response_.set("x-amzn-RequestId", kRequestId);
    response_.set("x-amz-crc32", answer->crc32);
    response_.body() = http::span_body<const char>::value_type(answer->body.data(), answer->body.size());
    response_.keep_alive(req.keep_alive());
    response_.prepare_payload();
    stream_.expires_after(kTimeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this(), req.keep_alive()));
  }

  void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec || !keep_alive) return close();
    do_read();
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::span_body<const char>> response_;
  const Shared& shared_;
  std::size_t next_ = reinterpret_cast<std::uintptr_t>(this) / 64;  // a different start per session
};

// Accepts on `ioc` and hands each connection to the next of `workers`
// (round robin), or to `ioc` itself when there are none.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, std::vector<net::io_context*> workers, const tcp::endpoint& endpoint, const Shared& shared)
      : ioc_(ioc), workers_(std::move(workers)), acceptor_(ioc), shared_(shared) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void accept() {
    net::io_context& target = workers_.empty() ? ioc_ : *workers_[next_++ % workers_.size()];
    acceptor_.async_accept(target, [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) std::make_shared<Session>(std::move(socket), self->shared_)->run();
      self->accept();
    });
  }

 private:
  net::io_context& ioc_;
  std::vector<net::io_context*> workers_;
  std::size_t next_ = 0;
  tcp::acceptor acceptor_;
  const Shared& shared_;
};

[[noreturn]] void usage(int code) {
  std::fprintf(code == 0 ? stdout : stderr, "usage: bench_ceiling_server [--host H] [--port P] [--threads N] [--shared-io] [--bodies FILE]\n");
  std::exit(code);
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  unsigned port = 0;
  unsigned threads = std::thread::hardware_concurrency();
  bool io_per_thread = true;
  std::string bodies;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") usage(0);
    if (arg == "--shared-io") {
      io_per_thread = false;
      continue;
    }
    if (i + 1 >= argc) usage(2);
    if (arg == "--host") host = argv[++i];
    else if (arg == "--port") port = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (arg == "--threads") threads = static_cast<unsigned>(std::atoi(argv[++i]));
    else if (arg == "--bodies") bodies = argv[++i];
    else usage(2);
  }
  if (threads == 0) threads = 1;

  Shared shared;
  shared.fixed = Answer{std::string(kBody), crc32_of(kBody)};
  if (!bodies.empty()) load_bodies(bodies, shared);

  // Shared model: one io_context run by every thread. Per-thread model: the
  // main io_context accepts, and each thread runs its own io_context
  // (concurrency hint 1: no locking) that owns the connections handed to it.
  net::io_context ioc(io_per_thread ? 1 : static_cast<int>(threads));
  std::vector<std::unique_ptr<net::io_context>> own;
  std::vector<net::io_context*> workers;
  if (io_per_thread) {
    for (unsigned i = 0; i < threads; ++i) {
      own.push_back(std::make_unique<net::io_context>(1));
      workers.push_back(own.back().get());
    }
  }
  auto listener = std::make_shared<Listener>(
      ioc, workers, tcp::endpoint(net::ip::make_address(host), static_cast<std::uint16_t>(port)), shared);
  listener->accept();
  std::printf("listening on http://%s:%u\n", host.c_str(), static_cast<unsigned>(listener->port()));
  std::fflush(stdout);

  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  for (auto* w : workers) guards.push_back(net::make_work_guard(*w));
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code&, int) {
    ioc.stop();
    for (auto* w : workers) w->stop();
  });
  std::signal(SIGPIPE, SIG_IGN);

  std::vector<std::thread> pool;
  if (io_per_thread) {
    for (auto* w : workers) pool.emplace_back([w] { w->run(); });
  } else {
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  }
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
