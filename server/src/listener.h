// Listener: owns the listening socket and accepts connections, starting an
// HttpSession for each (over TLS when the context has a TLS context). Its own
// operations run on a strand (accepts are rare, and close() arrives from
// another thread); sessions run strand-free.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <cstdint>
#include <memory>
#include <vector>

#include "http_session.h"

namespace dynamo_items::server {
namespace beast = boost::beast;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens at once; accepts on the first of `workers` and hands
  // each connection to the next one in turn (each is run by its own thread).
  // Throws boost::system::system_error on failure.
  // REQUIRES: !workers.empty(); they outlive the listener.
  Listener(std::vector<boost::asio::io_context*> workers, const boost::asio::ip::tcp::endpoint& endpoint,
           SessionContext& context);

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

  std::vector<boost::asio::io_context*> workers_;
  std::size_t next_worker_ = 0;  // on strand_
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  SessionContext& context_;
  std::uint16_t port_ = 0;
  bool closed_ = false;
};

}  // namespace dynamo_items::server
