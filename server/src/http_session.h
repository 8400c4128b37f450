// HttpSession: one accepted TCP connection, served by a chain of Beast async
// operations: read header -> (100-continue) -> read body -> Router::handle ->
// write -> read the next request (HTTP/1.1 keep-alive; no pipelining).
// A fresh parser per request enforces kMaxBodyBytes from Content-Length or
// while a chunked body arrives, so an oversized body is never buffered; it is
// answered 413 and the connection closed. Every read and write has a 30 s
// expiry.
//
// The session is a template on its stream: HttpSession<beast::tcp_stream>
// serves plain HTTP, HttpSession<beast::ssl_stream<beast::tcp_stream>> HTTPS
// (it first does the TLS handshake, under the same 30 s expiry; a failed
// handshake just closes the connection). Both are instantiated in
// http_session.cpp; everything else is the same code.
//
// Threading: a session has at most one operation outstanding, so its
// handlers never run concurrently (on whichever thread runs its io_context)
// and need no strand. The cross-thread calls are SessionRegistry::stop, which
// takes the session's small mutex and shuts down the receiving side of an
// idle connection (a pending read then ends with end of stream), and
// SessionRegistry::expire, which does the same to both sides of a connection
// past its deadline.
//
// Ownership: sessions are owned by the shared_ptrs their pending handlers
// hold; the registry only lists them (a session registers in run() and
// unregisters in its destructor).
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_set>
#include <utility>

#include "router.h"

namespace dynamo_items::server {

// What the registry knows of a session, whatever its stream.
class Session {
 public:
  virtual ~Session() = default;
  // Called by SessionRegistry::stop from any thread.
  virtual void shutdown_if_idle() = 0;
  // Called by SessionRegistry::expire from any thread: shuts the connection
  // down when the client has kept a read or write waiting past its deadline.
  virtual void shutdown_if_expired(std::chrono::steady_clock::time_point now) = 0;
};

// The live sessions of one server, so that stop can close idle keep-alive
// connections and wait for busy ones to finish their response.
class SessionRegistry {
 public:
  // At most this many connections are served at once (0: no limit); more are
  // closed as soon as they are accepted.
  void set_limit(std::size_t limit) { limit_ = limit; }
  // False once stopping or at the limit: the caller closes its connection.
  bool add(Session* session);
  void remove(Session* session);
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  // Refuses new sessions and closes the idle ones; busy ones close after
  // writing their response.
  void stop();
  // Shuts down every session waiting on its client past its deadline; the
  // server calls it a few times per idle timeout.
  void expire(std::chrono::steady_clock::time_point now);
  // True when every session has ended before the deadline.
  bool wait_empty(std::chrono::steady_clock::duration timeout);

 private:
  std::mutex mu_;
  std::condition_variable empty_;
  std::unordered_set<Session*> sessions_;
  std::size_t limit_ = 0;
  std::atomic<bool> stopping_{false};
};

struct SessionContext {
  const Router& router;
  SessionRegistry registry;
  // Non-null: connections are served over TLS with this context (borrowed).
  boost::asio::ssl::context* tls = nullptr;
  std::chrono::steady_clock::duration idle_timeout = std::chrono::seconds(30);
};

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

template <class Stream>
class HttpSession : public Session, public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  // `stream_args` construct the stream: the socket, then for TLS the context.
  template <class... StreamArgs>
  explicit HttpSession(SessionContext& context, StreamArgs&&... stream_args)
      : stream_(std::forward<StreamArgs>(stream_args)...),
        continue_(boost::beast::http::status::continue_, 11),
        context_(context) {}
  ~HttpSession() override;
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  void run();
  void shutdown_if_idle() override;
  void shutdown_if_expired(std::chrono::steady_clock::time_point now) override;

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, PlainStream>;

  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void on_header(boost::beast::error_code ec, std::size_t bytes);
  void read_body();
  void on_body(boost::beast::error_code ec, std::size_t bytes);
  void fail_read(boost::beast::error_code ec);
  void handle();
  void send(bool keep_alive);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void linger();
  void drain(std::size_t drained);
  void recycle_buffers();
  void do_close();

  boost::asio::ip::tcp::socket& socket() { return boost::beast::get_lowest_layer(stream_).socket(); }
  void expires_after(std::chrono::steady_clock::duration timeout) {
    boost::beast::get_lowest_layer(stream_).expires_after(timeout);
  }
  // The client has idle_timeout to complete the read or write starting now.
  void wait_for_client() {
    deadline_.store((std::chrono::steady_clock::now() + context_.idle_timeout).time_since_epoch().count(),
                    std::memory_order_relaxed);
  }
  // It did: what follows is our work, which has no deadline.
  void client_done() { deadline_.store(kNoDeadline, std::memory_order_relaxed); }
  static constexpr std::chrono::steady_clock::rep kNoDeadline = std::chrono::steady_clock::duration::max().count();

  Stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  std::string head_;       // the response's status line and fields (write_response_head)
  std::string sent_body_;  // the response's body while it is written
  boost::beast::http::response<boost::beast::http::empty_body> continue_;
  HttpResponse out_;
  std::string spare_body_;  // the previous request's body, reused for its capacity
  SessionContext& context_;
  bool registered_ = false;

  std::mutex mu_;  // guards idle_ and closed_ against SessionRegistry::stop and expire
  bool idle_ = false;
  bool closed_ = false;
  std::atomic<std::chrono::steady_clock::rep> deadline_{kNoDeadline};
};

// Instantiated in http_session.cpp.
extern template class HttpSession<PlainStream>;
extern template class HttpSession<TlsStream>;

}  // namespace dynamo_items::server
