#include "listener.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <cstdio>

namespace dynamo_items::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(std::vector<net::io_context*> workers, const tcp::endpoint& endpoint, SessionContext& context)
    : workers_(std::move(workers)),
      strand_(net::make_strand(*workers_.front())),
      acceptor_(strand_),
      retry_(strand_),
      context_(context) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void Listener::run() {
  net::post(strand_, beast::bind_front_handler(&Listener::do_accept, shared_from_this()));
}

void Listener::do_accept() {
  if (closed_) return;
  // The new connection gets the next worker's own executor: no strand.
  net::io_context& worker = *workers_[next_worker_++ % workers_.size()];
  acceptor_.async_accept(worker, beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (closed_ || ec == net::error::operation_aborted) return;
  if (ec) {
    // Typically out of file descriptors: back off briefly instead of spinning.
    std::fprintf(stderr, "dynamo-items: accept failed: %s\n", ec.message().c_str());
    retry_.expires_after(std::chrono::milliseconds(50));
    retry_.async_wait([self = shared_from_this()](beast::error_code) { self->do_accept(); });
    return;
  }
  // The session starts on its own worker's thread, like all its handlers.
  auto executor = socket.get_executor();
  if (context_.tls != nullptr) {
    auto session = std::make_shared<HttpSession<TlsStream>>(context_, std::move(socket), *context_.tls);
    net::post(executor, [session = std::move(session)] { session->run(); });
  } else {
    auto session = std::make_shared<HttpSession<PlainStream>>(context_, std::move(socket));
    net::post(executor, [session = std::move(session)] { session->run(); });
  }
  do_accept();
}

void Listener::close_now() {
  closed_ = true;
  beast::error_code ec;
  acceptor_.close(ec);
  retry_.cancel();
}

}  // namespace dynamo_items::server
