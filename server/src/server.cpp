#include "dynamo_items/server/server.h"

#include <cstdio>
#include <future>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http_session.h"
#include "listener.h"
#include "router.h"

namespace dynamo_items::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// How long stop() waits for requests in flight before abandoning them.
constexpr auto kDrainTimeout = std::chrono::seconds(10);

unsigned thread_count(unsigned requested) {
  if (requested > 0) return requested;
  unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? n : 1;
}

tcp::endpoint resolve(net::io_context& ioc, const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (!ec) return {address, port};
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive);
  return results.begin()->endpoint();
}

}  // namespace

struct Server::Impl {
  Impl(Engine& engine, ServerOptions opts)
      : options(std::move(opts)), router(engine), ioc(static_cast<int>(thread_count(options.threads))) {}

  ServerOptions options;
  Router router;
  // Declared before ioc: sessions destroyed with ioc's pending handlers still
  // unregister themselves here.
  SessionContext context{router, {}};
  net::io_context ioc;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool started = false;
  bool stopped = false;
};

Server::Server(Engine& engine, ServerOptions options) : impl_(std::make_unique<Impl>(engine, std::move(options))) {}

Server::~Server() { stop(); }

std::uint16_t Server::port() const { return impl_->port; }

std::uint16_t Server::start() {
  Impl& s = *impl_;
  s.listener = std::make_shared<Listener>(s.ioc, resolve(s.ioc, s.options.host, s.options.port), s.context);
  s.port = s.listener->port();
  s.listener->run();
  s.started = true;
  unsigned n = thread_count(s.options.threads);
  s.threads.reserve(n);
  for (unsigned i = 0; i < n; ++i) {
    s.threads.emplace_back([&ioc = s.ioc] {
      for (;;) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          // A handler threw (the router catches everything, so this is an
          // allocation failure or a bug): keep serving the other connections.
          std::fprintf(stderr, "dynamo-items: unexpected exception in I/O thread: %s\n", e.what());
        }
      }
    });
  }
  return s.port;
}

void Server::stop() {
  Impl& s = *impl_;
  if (!s.started || s.stopped) return;
  s.stopped = true;
  std::promise<void> closed;
  s.listener->close([&closed] { closed.set_value(); });
  closed.get_future().wait();
  s.context.registry.stop();
  s.context.registry.wait_empty(kDrainTimeout);
  s.ioc.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
}

}  // namespace dynamo_items::server
