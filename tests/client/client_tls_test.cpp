// HttpTransport over https://: a self-signed certificate made here (OpenSSL),
// a one-thread TLS server on a loopback port answering every POST with a
// JSON body, and the client trusting that certificate through
// HttpOptions::ca_file. Without it, or under another name, the handshake
// fails with TransportError.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "client_test_models.h"

using namespace client_test;
using namespace dynamo_items::client;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

struct Pem {
  std::string certificate, key;
};

// A self-signed certificate for "localhost" only.
Pem make_certificate() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost"},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(cert, key, EVP_sha256());
  auto to_pem = [](auto write) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio);
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return out;
  };
  Pem pem{to_pem([&](BIO* b) { PEM_write_bio_X509(b, cert); }),
          to_pem([&](BIO* b) { PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); })};
  X509_free(cert);
  EVP_PKEY_free(key);
  return pem;
}

// Serves keep-alive connections one at a time until stopped.
class TlsServer {
 public:
  explicit TlsServer(const Pem& pem) : ctx_(ssl::context::tls_server), acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
    ctx_.use_certificate_chain(net::buffer(pem.certificate));
    ctx_.use_private_key(net::buffer(pem.key), ssl::context::pem);
    thread_ = std::thread([this] { serve(); });
  }
  ~TlsServer() {
    stop_ = true;
    // A blocking accept() does not notice close(): wake it with a connection.
    beast::error_code ec;
    net::io_context ioc;
    tcp::socket wake(ioc);
    wake.connect({net::ip::make_address("127.0.0.1"), port()}, ec);
    wake.close(ec);
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::atomic<int> requests{0};
  std::atomic<int> handshakes{0};  // connections accepted (the wake-up one aside)

 private:
  void serve() {
    while (!stop_) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec) return;
      ++handshakes;
      beast::ssl_stream<tcp::socket> stream(std::move(socket), ctx_);
      stream.handshake(ssl::stream_base::server, ec);
      if (ec) continue;  // the client refused our certificate
      beast::flat_buffer buffer;
      for (;;) {
        http::request<http::string_body> req;
        http::read(stream, buffer, req, ec);
        if (ec) break;
        ++requests;
        http::response<http::string_body> res{http::status::ok, 11};
        res.set(http::field::content_type, "application/x-amz-json-1.0");
        res.body() = R"({"TableNames":["over-tls"],"target":")" + std::string(req[ "x-amz-target"]) + "\"}";
        res.keep_alive(req.keep_alive());
        res.prepare_payload();
        http::write(stream, res, ec);
        if (ec || !req.keep_alive()) break;
      }
    }
  }
  net::io_context ioc_;
  ssl::context ctx_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace

TEST_CASE("client http: https with certificate and host name checks", "[client][http][tls]") {
  Pem pem = make_certificate();
  auto ca_file = std::filesystem::temp_directory_path() / ("client_tls_test_" + std::to_string(::getpid()) + ".pem");
  {
    std::FILE* f = std::fopen(ca_file.c_str(), "w");
    REQUIRE(f != nullptr);
    std::fwrite(pem.certificate.data(), 1, pem.certificate.size(), f);
    std::fclose(f);
  }
  TlsServer server(pem);
  HttpOptions o;
  o.endpoint = Endpoint::parse("https://localhost:" + std::to_string(server.port()));
  o.ca_file = ca_file.string();
  o.retry.max_attempts = 1;
  o.timeout = std::chrono::milliseconds(5000);

  {
    HttpTransport trusted(o);  // one keep-alive connection for all three
    for (int i = 0; i < 3; ++i) {
      auto res = trusted.execute("ListTables", parse("{}"));
      CHECK(to_json(res) == R"({"TableNames":["over-tls"],"target":"DynamoDB_20120810.ListTables"})");
    }
    CHECK(server.requests == 3);
  }  // closes the connection, so the one-connection server accepts the next

  HttpOptions system_store = o;
  system_store.ca_file.clear();  // our certificate is in no system store
  system_store.retry.max_attempts = 4;
  system_store.retry.base_delay = std::chrono::milliseconds(1);
  HttpTransport untrusted(system_store);
  const int before = server.handshakes;
  CHECK_THROWS_WITH(untrusted.execute("ListTables", parse("{}")), Catch::Contains("certificate verify failed"));
  try {
    untrusted.execute("ListTables", parse("{}"));
  } catch (const TransportError& e) {
    CHECK_FALSE(e.retryable());
  }
  CHECK(server.handshakes - before == 2);  // one attempt each: verification cannot succeed later

  HttpOptions wrong_name = o;  // trusted certificate, but not for this name
  wrong_name.endpoint = Endpoint::parse("https://127.0.0.1:" + std::to_string(server.port()));
  CHECK_THROWS_WITH(HttpTransport(wrong_name).execute("ListTables", parse("{}")),
                    Catch::Contains("certificate verify failed"));
  CHECK(server.requests == 3);
  std::filesystem::remove(ca_file);
}
