// The server's TLS context (serve --tls-cert/--tls-key): OpenSSL through
// Boost.Asio's ssl, TLS 1.2 or newer, with the certificate chain and private
// key loaded from PEM files.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

namespace dynamo_items::server {

// Throws std::runtime_error, naming the file and OpenSSL's reason, when a
// file cannot be read, is not a PEM certificate or key, or the key does not
// match the certificate.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const std::string& cert_file,
                                                            const std::string& key_file);

}  // namespace dynamo_items::server
