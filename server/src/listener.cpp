#include "listener.h"

#include <cstdio>

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>

namespace dynamo_items::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(net::io_context& ioc, const tcp::endpoint& endpoint, SessionContext& context)
    : ioc_(ioc), strand_(net::make_strand(ioc)), acceptor_(strand_), retry_(strand_), context_(context) {
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
  // The new connection gets the io_context's own executor: no strand.
  acceptor_.async_accept(ioc_, beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
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
  std::make_shared<HttpSession>(std::move(socket), context_)->run();
  do_accept();
}

void Listener::close_now() {
  closed_ = true;
  beast::error_code ec;
  acceptor_.close(ec);
  retry_.cancel();
}

}  // namespace dynamo_items::server
