#include "http_session.h"

#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <array>
#include <ctime>
#include <string_view>
#include <utility>
#include <vector>

#include "http/response_head.h"

namespace dynamo_items::server {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

constexpr std::uint32_t kHeaderLimit = 64 * 1024;
// How long, and how much, a refused request's remaining bytes are read and
// dropped before its connection closes.
constexpr auto kLingerTimeout = std::chrono::seconds(10);
constexpr std::size_t kLingerBytes = 64 * 1024 * 1024;
// Buffers that grew past this for one big request are released afterwards, so
// that many idle connections do not each hold megabytes.
constexpr std::size_t kKeepCapacity = 256 * 1024;

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

// The Date header's IMF-fixdate, formatted once a second per thread.
std::string_view http_date() {
  thread_local std::time_t last = 0;
  thread_local char text[32];
  thread_local std::size_t size = 0;
  std::time_t now = std::time(nullptr);
  if (now != last) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    size = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    last = now;
  }
  return {text, size};
}

bool is_http_error(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::end_of_stream).category();
}

}  // namespace

// ---- SessionRegistry ----

bool SessionRegistry::add(Session* session) {
  std::lock_guard lock(mu_);
  if (stopping() || (limit_ != 0 && sessions_.size() >= limit_)) return false;
  sessions_.insert(session);
  return true;
}

void SessionRegistry::remove(Session* session) {
  std::lock_guard lock(mu_);
  sessions_.erase(session);
  if (sessions_.empty()) empty_.notify_all();
}

void SessionRegistry::stop() {
  std::lock_guard lock(mu_);
  stopping_.store(true, std::memory_order_release);
  for (Session* session : sessions_) session->shutdown_if_idle();
}

void SessionRegistry::expire(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mu_);
  for (Session* session : sessions_) session->shutdown_if_expired(now);
}

bool SessionRegistry::wait_empty(std::chrono::steady_clock::duration timeout) {
  std::unique_lock lock(mu_);
  return empty_.wait_for(lock, timeout, [&] { return sessions_.empty(); });
}

// ---- HttpSession ----

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  if (registered_) context_.registry.remove(this);
}

template <class Stream>
void HttpSession<Stream>::run() {
  registered_ = context_.registry.add(this);
  if (!registered_) return do_close();
  beast::error_code ec;
  socket().set_option(tcp::no_delay(true), ec);
  if constexpr (kTls) {
    // Waiting for the client's hello counts as idle: stop() may end it.
    {
      std::lock_guard lock(mu_);
      idle_ = !context_.registry.stopping();
    }
    if (!idle_) return do_close();
    expires_after(context_.idle_timeout);
    stream_.async_handshake(boost::asio::ssl::stream_base::server,
                            beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
  } else {
    do_read();
  }
}

// A plain HTTP client, garbage or a timeout: that connection just closes.
template <class Stream>
void HttpSession<Stream>::on_handshake(beast::error_code ec) {
  {
    std::lock_guard lock(mu_);
    idle_ = false;
  }
  if (ec) return do_close();
  beast::get_lowest_layer(stream_).expires_never();  // from here on, deadline_
  do_read();
}

template <class Stream>
void HttpSession<Stream>::shutdown_if_idle() {
  std::lock_guard lock(mu_);
  if (idle_ && !closed_) {
    beast::error_code ec;
    socket().shutdown(tcp::socket::shutdown_receive, ec);
  }
}

// The pending read or write then ends (end of stream, broken pipe) and the
// session closes in its own handler, as it did for Beast's timeouts.
template <class Stream>
void HttpSession<Stream>::shutdown_if_expired(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mu_);
  if (!closed_ && deadline_.load(std::memory_order_relaxed) <= now.time_since_epoch().count()) {
    beast::error_code ec;
    socket().shutdown(tcp::socket::shutdown_both, ec);
  }
}

template <class Stream>
void HttpSession<Stream>::do_read() {
  parser_.emplace(std::piecewise_construct, std::make_tuple(std::move(spare_body_)));
  parser_->body_limit(kMaxBodyBytes);
  parser_->header_limit(kHeaderLimit);
  {
    std::lock_guard lock(mu_);
    idle_ = !context_.registry.stopping();
  }
  if (!idle_) return do_close();  // stopping: no further requests
  wait_for_client();
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::on_header, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_header(beast::error_code ec, std::size_t) {
  {
    std::lock_guard lock(mu_);
    idle_ = false;
  }
  client_done();
  if (ec) return fail_read(ec);
  // Usually the body arrived with the header: parse it from the buffer here
  // rather than through another asynchronous read (which would complete via
  // a post to the scheduler, possibly on another thread).
  while (!parser_->is_done() && buffer_.size() > 0) {
    std::size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) break;
    if (ec) return fail_read(ec);
    if (used == 0) break;
  }
  if (parser_->is_done()) return handle();
  if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
    wait_for_client();
    auto self = this->shared_from_this();
    http::async_write(stream_, continue_, [self](beast::error_code ec, std::size_t) {
      self->client_done();
      if (ec) return self->do_close();
      self->read_body();
    });
    return;
  }
  read_body();
}

template <class Stream>
void HttpSession<Stream>::read_body() {
  wait_for_client();
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_body, this->shared_from_this()));
}

template <class Stream>
void HttpSession<Stream>::on_body(beast::error_code ec, std::size_t) {
  client_done();
  if (ec) return fail_read(ec);
  handle();
}

template <class Stream>
void HttpSession<Stream>::fail_read(beast::error_code ec) {
  if (ec == http::error::body_limit) {
    Router::too_large(out_);
    return send(false);
  }
  // Malformed HTTP gets a 400; end of stream, resets and timeouts just close.
  if (is_http_error(ec) && ec != http::error::end_of_stream && ec != http::error::partial_message) {
    Router::bad_request(out_);
    return send(false);
  }
  do_close();
}

template <class Stream>
void HttpSession<Stream>::handle() {
  auto& req = parser_->get();
  HttpRequest in;
  switch (req.method()) {
    case http::verb::get:
      in.method = Method::get;
      break;
    case http::verb::post:
      in.method = Method::post;
      break;
    case http::verb::options:
      in.method = Method::options;
      break;
    default:
      in.method = Method::other;
      break;
  }
  in.content_type = sv(req[http::field::content_type]);
  in.amz_target = sv(req["X-Amz-Target"]);
  in.origin = sv(req[http::field::origin]);
  in.access_control_request_headers = sv(req[http::field::access_control_request_headers]);
  in.access_control_request_method = sv(req[http::field::access_control_request_method]);
  in.content_encoding = sv(req[http::field::content_encoding]);
  in.accept_encoding = sv(req[http::field::accept_encoding]);
  in.host = sv(req[http::field::host]);
  in.authorization = sv(req[http::field::authorization]);
  in.database = sv(req[kDatabaseHeader]);
  in.body = &req.body();
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  if (context_.router.needs_all_headers()) {
    in.method_name = sv(req.method_string());
    in.target = sv(req.target());
    for (const auto& field : req) headers.emplace_back(sv(field.name_string()), sv(field.value()));
    in.headers = &headers;
  }
  context_.router.handle(in, out_);
  send(req.keep_alive() && !out_.close);
}

template <class Stream>
void HttpSession<Stream>::send(bool keep_alive) {
  const bool header_done = parser_ && parser_->is_header_done();
  ResponseHead head;
  head.version = header_done ? parser_->get().version() : 11;
  head.keep_alive = keep_alive;
  head.content_length = out_.body.size();
  head.date = http_date();
  write_response_head(out_, head, head_);
  sent_body_.swap(out_.body);
  // A HEAD response announces the length but carries no body.
  const bool no_body = header_done && parser_->get().method() == http::verb::head;
  const std::array<boost::asio::const_buffer, 2> buffers{
      boost::asio::buffer(head_), boost::asio::buffer(sent_body_.data(), no_body ? 0 : sent_body_.size())};
  wait_for_client();
  boost::asio::async_write(stream_, buffers,
                           beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this(), keep_alive));
}

template <class Stream>
void HttpSession<Stream>::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
  client_done();
  const bool unread_request = out_.close;  // answered before the request was read in full
  recycle_buffers();
  if (!ec && unread_request) return linger();
  if (ec || !keep_alive || context_.registry.stopping()) return do_close();
  do_read();
}

// A client still sending the body we refused would get a reset instead of
// our answer if we closed now (the kernel resets a connection closed with
// unread data). Stop sending, read and drop what arrives for a while, then
// close: the client reads the 413 or 400 as DynamoDB's clients expect.
template <class Stream>
void HttpSession<Stream>::linger() {
  beast::error_code ec;
  socket().shutdown(tcp::socket::shutdown_send, ec);
  expires_after(kLingerTimeout);
  buffer_.clear();
  drain(0);
}

template <class Stream>
void HttpSession<Stream>::drain(std::size_t drained) {
  if (drained > kLingerBytes) return do_close();
  auto self = this->shared_from_this();
  // The raw connection's bytes, for TLS too: they are dropped unread.
  beast::get_lowest_layer(stream_).async_read_some(buffer_.prepare(64 * 1024),
                                                   [self, drained](beast::error_code ec, std::size_t n) {
                                                     self->buffer_.clear();
                                                     if (ec) return self->do_close();
                                                     self->drain(drained + n);
                                                   });
}

template <class Stream>
void HttpSession<Stream>::recycle_buffers() {
  out_.body.swap(sent_body_);
  sent_body_.clear();
  if (out_.body.capacity() > kKeepCapacity) std::string().swap(out_.body);
  if (parser_) {
    spare_body_ = std::move(parser_->get().body());
    parser_.reset();
  }
  spare_body_.clear();
  if (spare_body_.capacity() > kKeepCapacity) std::string().swap(spare_body_);
  if (buffer_.capacity() > kKeepCapacity && buffer_.size() == 0) buffer_.shrink_to_fit();
}

template <class Stream>
void HttpSession<Stream>::do_close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    idle_ = false;
  }
  beast::error_code ec;
  socket().shutdown(tcp::socket::shutdown_send, ec);
  socket().close(ec);
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

}  // namespace dynamo_items::server
