// Listener: owns the listening socket and accepts connections, starting an
// HttpSession for each. Its own operations run on a strand (accepts are rare,
// and close() arrives from another thread); sessions run strand-free.
#pragma once

#include <cstdint>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "http_session.h"

namespace dynamo_items::server {
namespace beast = boost::beast;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens at once. Throws boost::system::system_error on failure.
  Listener(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint, SessionContext& context);

  std::uint16_t port() const { return port_; }
  void run();
  // Stops accepting; `done` runs once the socket is closed.
  template <class Done>
  void close(Done done) {
    boost::asio::post(strand_, [self = shared_from_this(), done = std::move(done)]() mutable {
      self->close_now();
      done();
    });
  }

 private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
  void close_now();

  boost::asio::io_context& ioc_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  SessionContext& context_;
  std::uint16_t port_ = 0;
  bool closed_ = false;
};

}  // namespace dynamo_items::server
