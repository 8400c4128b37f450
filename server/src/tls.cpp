#include "tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ssl/error.hpp>
#include <boost/system/system_error.hpp>
#include <fstream>
#include <stdexcept>

namespace dynamo_items::server {

namespace ssl = boost::asio::ssl;

namespace {

// OpenSSL's own reason is vague about a missing file: say so first.
void require_readable(const std::string& what, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the TLS " + what + " " + file);
}

std::string reason(const boost::system::system_error& e) {
  std::string text = e.code().message();
  return text.empty() ? e.what() : text;
}

}  // namespace

std::unique_ptr<ssl::context> make_tls_context(const std::string& cert_file, const std::string& key_file) {
  require_readable("certificate", cert_file);
  require_readable("key", key_file);
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  try {
    context->use_certificate_chain_file(cert_file);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("invalid TLS certificate " + cert_file + ": " + reason(e));
  }
  try {
    context->use_private_key_file(key_file, ssl::context::pem);
  } catch (const boost::system::system_error& e) {
    // OpenSSL compares the key with the certificate as it loads it.
    if (e.code().category() == boost::asio::error::get_ssl_category() &&
        ERR_GET_REASON(static_cast<unsigned long>(e.code().value())) == X509_R_KEY_VALUES_MISMATCH)
      throw std::runtime_error("the TLS key " + key_file + " does not match the certificate " + cert_file);
    throw std::runtime_error("invalid TLS key " + key_file + ": " + reason(e));
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    ERR_clear_error();
    throw std::runtime_error("the TLS key " + key_file + " does not match the certificate " + cert_file);
  }
  return context;
}

}  // namespace dynamo_items::server
