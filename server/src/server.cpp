#include "dynamo_items/server/server.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <future>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "auth/request_auth.h"
#include "dynamo_items/server/databases.h"
#include "http_session.h"
#include "listener.h"
#include "router.h"
#include "tls.h"

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
  Impl(Engine& engine, ServerOptions opts) : Impl(shared_database(engine), nullptr, std::move(opts)) {}
  Impl(Databases& databases, ServerOptions opts) : Impl(nullptr, &databases, std::move(opts)) {}

  Impl(std::unique_ptr<Databases> own, Databases* borrowed, ServerOptions opts)
      : own_databases(std::move(own)),
        options(std::move(opts)),
        auth(options.credentials_file.empty() ? std::nullopt
                                              : std::optional(RequestAuth::load(options.credentials_file))),
        router(borrowed != nullptr ? *borrowed : *own_databases,
               RouterOptions{options.region, options.account_id, auth ? &*auth : nullptr}) {
    // Default: one io_context run by every thread, so whichever thread is
    // free takes the next ready connection. With io_per_thread each thread
    // runs its own io_context (concurrency hint 1) owning the connections
    // the listener hands it round robin: no hand-offs between threads, but a
    // busy or preempted thread delays its own connections. Measured with
    // bench/compare on 2 cores (GetItem, 16 connections): on an otherwise
    // idle machine the same throughput and p99 1.2 ms shared vs 2.0 ms per
    // thread; with other work on the machine 25,100 vs 36,200 req/s.
    context.registry.set_limit(options.max_connections);
    context.idle_timeout = options.idle_timeout;
    if (options.tls_cert_file.empty() != options.tls_key_file.empty())
      throw std::runtime_error("TLS needs both a certificate and a key");
    if (!options.tls_cert_file.empty()) {
      tls = make_tls_context(options.tls_cert_file, options.tls_key_file);
      context.tls = tls.get();
    }
    unsigned n = thread_count(options.threads);
    for (unsigned i = 0; i < (options.io_per_thread ? n : 1u); ++i) {
      iocs.push_back(std::make_unique<net::io_context>(options.io_per_thread ? 1 : static_cast<int>(n)));
      guards.push_back(net::make_work_guard(*iocs.back()));
    }
  }

  std::vector<net::io_context*> workers() const {
    std::vector<net::io_context*> out;
    for (const auto& ioc : iocs) out.push_back(ioc.get());
    return out;
  }

  std::unique_ptr<Databases> own_databases;  // Server(Engine&): the one shared database
  ServerOptions options;
  std::optional<RequestAuth> auth;
  Router router;
  // Declared before the io_contexts: sessions destroyed with their pending
  // handlers still unregister themselves here.
  std::unique_ptr<net::ssl::context> tls;  // set when serving HTTPS
  SessionContext context{router, {}};
  std::vector<std::unique_ptr<net::io_context>> iocs;
  // Keep each io_context running while it has no connection.
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  // Closes the connections whose client kept a read or write waiting past
  // idle_timeout: one timer for all of them, a few times per timeout, instead
  // of a timer armed and cancelled for every read and write (see
  // http_session.h). Declared after the io_contexts, so destroyed before.
  std::optional<net::steady_timer> sweep;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool started = false;
  bool stopped = false;

  void sweep_later() {
    const auto period = std::clamp<std::chrono::steady_clock::duration>(options.idle_timeout / 4,
                                                                        std::chrono::milliseconds(10),
                                                                        std::chrono::seconds(1));
    sweep->expires_after(period);
    sweep->async_wait([this](const boost::system::error_code& ec) {
      if (ec || context.registry.stopping()) return;
      context.registry.expire(std::chrono::steady_clock::now());
      sweep_later();
    });
  }
};

Server::Server(Engine& engine, ServerOptions options)
    : impl_(std::make_unique<Impl>(engine, std::move(options))) {}

Server::Server(Databases& databases, ServerOptions options)
    : impl_(std::make_unique<Impl>(databases, std::move(options))) {}

Server::~Server() { stop(); }

std::uint16_t Server::port() const { return impl_->port; }

std::uint16_t Server::start() {
  Impl& s = *impl_;
  s.listener = std::make_shared<Listener>(s.workers(), resolve(*s.iocs.front(), s.options.host, s.options.port),
                                          s.context);
  s.port = s.listener->port();
  s.listener->run();
  s.sweep.emplace(*s.iocs.front());
  s.sweep_later();
  s.started = true;
  const unsigned n = thread_count(s.options.threads);
  s.threads.reserve(n);
  for (unsigned i = 0; i < n; ++i) {
    s.threads.emplace_back([&ioc = *s.iocs[i % s.iocs.size()]] {
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
  s.guards.clear();
  for (auto& ioc : s.iocs) ioc->stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
}

}  // namespace dynamo_items::server
