// The built-in Connections (Boost.Beast): plain TCP for http:// and TLS for
// https://. Each connection owns an io_context and runs its asynchronous
// operations to completion on the calling thread, which gives real timeouts
// (tcp_stream::expires_after) behind a synchronous interface. The HTTP
// exchange is one template over the stream type, so both share it.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "dynamo_items/client/errors.h"
#include "dynamo_items/client/http_transport.h"

namespace dynamo_items::client {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr std::uint64_t kBodyLimit = 64ull << 20;

template <class Stream>
class BeastConnection : public Connection {
 public:
  WireResponse round_trip(const WireRequest& w) override {
    http::request<http::string_body> req{http::verb::post, w.target, 11};
    for (const auto& [name, value] : w.headers) req.set(name, value);
    req.keep_alive(true);
    req.body() = w.body;
    req.prepare_payload();

    http::response_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    beast::error_code ec = net::error::would_block;
    beast::get_lowest_layer(stream()).expires_after(timeout_);
    http::async_write(stream(), req, [&](beast::error_code e, std::size_t) {
      if (e) {
        ec = e;
        return;
      }
      http::async_read(stream(), buffer_, parser, [&](beast::error_code e2, std::size_t) { ec = e2; });
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

 protected:
  explicit BeastConnection(std::chrono::milliseconds timeout) : timeout_(timeout) {}
  virtual Stream& stream() = 0;

  void run() {
    ioc_.restart();
    ioc_.run();
  }

  void open_tcp(beast::tcp_stream& tcp_stream, const Endpoint& endpoint) {
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(endpoint.host, endpoint.port, ec);
    if (ec)
      throw TransportError("cannot resolve " + endpoint.host + ": " + ec.message(), 0,
                           TransportError::Retry::cannot_succeed);
    tcp_stream.expires_after(timeout_);
    ec = net::error::would_block;
    tcp_stream.async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    run();
    if (ec) {
      // Nothing listens there: retrying within the back-off budget would
      // only delay the report. Timeouts and resets may be transient.
      const bool refused = ec == net::error::connection_refused;
      throw TransportError("cannot connect to " + endpoint.host_header() + ": " + ec.message(), 0,
                           refused ? TransportError::Retry::cannot_succeed : TransportError::Retry::may_succeed);
    }
    tcp_stream.socket().set_option(tcp::no_delay(true), ec);
  }

  net::io_context ioc_;
  beast::flat_buffer buffer_;
  std::chrono::milliseconds timeout_;
};

class PlainConnection : public BeastConnection<beast::tcp_stream> {
 public:
  explicit PlainConnection(const HttpOptions& o) : BeastConnection(o.timeout), stream_(ioc_) {
    open_tcp(stream_, o.endpoint);
  }

 private:
  beast::tcp_stream& stream() override { return stream_; }
  beast::tcp_stream stream_;
};

class TlsConnection : public BeastConnection<beast::ssl_stream<beast::tcp_stream>> {
 public:
  explicit TlsConnection(const HttpOptions& o)
      : BeastConnection(o.timeout), ctx_(make_context(o)), stream_(ioc_, ctx_) {
    const std::string& host = o.endpoint.host;
    // SNI, and the name the certificate must carry.
    if (!SSL_set_tlsext_host_name(stream_.native_handle(), host.c_str()))
      throw TransportError("cannot set the TLS server name " + host);
    if (o.verify_peer) stream_.set_verify_callback(ssl::host_name_verification(host));
    open_tcp(beast::get_lowest_layer(stream_), o.endpoint);
    beast::error_code ec = net::error::would_block;
    beast::get_lowest_layer(stream_).expires_after(timeout_);
    stream_.async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
    run();
    if (ec) {
      // A TLS-level refusal (certificate verification, no common protocol)
      // repeats on every attempt; a dropped connection may not.
      const bool tls_refusal = ec.category() == net::error::get_ssl_category();
      throw TransportError("TLS handshake with " + o.endpoint.host_header() + " failed: " + ec.message(), 0,
                           tls_refusal ? TransportError::Retry::cannot_succeed : TransportError::Retry::may_succeed);
    }
  }

 private:
  static ssl::context make_context(const HttpOptions& o) {
    ssl::context ctx(ssl::context::tls_client);
    beast::error_code ec;
    if (o.ca_file.empty()) ctx.set_default_verify_paths(ec);
    else ctx.load_verify_file(o.ca_file, ec);
    if (ec) throw TransportError("cannot load trusted certificates: " + ec.message());
    ctx.set_verify_mode(o.verify_peer ? ssl::verify_peer : ssl::verify_none);
    return ctx;
  }
  beast::ssl_stream<beast::tcp_stream>& stream() override { return stream_; }

  ssl::context ctx_;
  beast::ssl_stream<beast::tcp_stream> stream_;
};

}  // namespace

std::unique_ptr<Connection> connect(const HttpOptions& options) {
  if (options.endpoint.scheme == "https") return std::make_unique<TlsConnection>(options);
  return std::make_unique<PlainConnection>(options);
}

}  // namespace dynamo_items::client
