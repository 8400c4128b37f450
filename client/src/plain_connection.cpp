// The plain-TCP Connection (Boost.Beast). Each connection owns an
// io_context and runs its asynchronous operations to completion on the
// calling thread, which gives real timeouts (tcp_stream::expires_after) to a
// synchronous interface. A TLS connection would wrap beast::ssl_stream the
// same way.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "dynamo_items/client/errors.h"
#include "dynamo_items/client/http_transport.h"

namespace dynamo_items::client {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::uint64_t kBodyLimit = 64ull << 20;

class PlainConnection : public Connection {
 public:
  PlainConnection(const Endpoint& endpoint, std::chrono::milliseconds timeout)
      : stream_(ioc_), timeout_(timeout) {
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(endpoint.host, endpoint.port, ec);
    if (ec) throw TransportError("cannot resolve " + endpoint.host + ": " + ec.message());
    stream_.expires_after(timeout_);
    ec = net::error::would_block;
    stream_.async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    run();
    if (ec) throw TransportError("cannot connect to " + endpoint.host_header() + ": " + ec.message());
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }

  WireResponse round_trip(const WireRequest& w) override {
    http::request<http::string_body> req{http::verb::post, w.target, 11};
    for (const auto& [name, value] : w.headers) req.set(name, value);
    req.keep_alive(true);
    req.body() = w.body;
    req.prepare_payload();

    http::response_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    beast::error_code ec = net::error::would_block;
    stream_.expires_after(timeout_);
    http::async_write(stream_, req, [&](beast::error_code e, std::size_t) {
      if (e) {
        ec = e;
        return;
      }
      http::async_read(stream_, buffer_, parser, [&](beast::error_code e2, std::size_t) { ec = e2; });
    });
    run();
    if (ec) throw TransportError("HTTP exchange failed: " + ec.message());

    auto res = parser.release();
    WireResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    out.keep_alive = res.keep_alive();
    out.body = std::move(res.body());
    return out;
  }

 private:
  void run() {
    ioc_.restart();
    ioc_.run();
  }

  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

std::unique_ptr<Connection> connect_plain(const Endpoint& endpoint, std::chrono::milliseconds timeout) {
  if (endpoint.scheme != "http")
    throw ClientError("UnsupportedEndpoint", "endpoint scheme '" + endpoint.scheme +
                                                 "' needs TLS, which this build does not include yet; use http://",
                      0);
  return std::make_unique<PlainConnection>(endpoint, timeout);
}

}  // namespace dynamo_items::client
