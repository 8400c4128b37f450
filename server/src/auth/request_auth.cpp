// SigV4 verification: the same canonical request the signer built (shared
// code in dynamo_items_aws), recomputed from what arrived, then compared.
#include "auth/request_auth.h"

#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "dynamo_items/aws/sigv4.h"

namespace dynamo_items::server {

namespace sigv4 = dynamo_items::aws::sigv4;
using Clock = std::chrono::system_clock;

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kService = "dynamodb";
constexpr auto kMaxSkew = std::chrono::minutes(15);

Error incomplete(std::string message) { return Error("IncompleteSignatureException", std::move(message)); }
Error invalid(std::string message) { return Error("InvalidSignatureException", std::move(message)); }
Error unrecognized() {
  return Error("UnrecognizedClientException", "The security token included in the request is invalid.");
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// All values of one header, joined with commas (as SigV4 canonicalizes them);
// nullopt when absent.
std::optional<std::string> header(const SignedRequest& r, std::string_view name) {
  std::optional<std::string> out;
  for (const auto& [n, v] : r.headers) {
    if (!iequals(n, name)) continue;
    if (out) *out += ',';
    else out.emplace();
    *out += trim(v);
  }
  return out;
}

// The query's parameters, decoded, in order.
std::vector<std::pair<std::string, std::string>> query_params(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    out.emplace_back(sigv4::percent_decode(part.substr(0, eq)),
                     eq == std::string_view::npos ? std::string() : sigv4::percent_decode(part.substr(eq + 1)));
  }
  return out;
}

const std::string* param(const std::vector<std::pair<std::string, std::string>>& params, std::string_view name) {
  for (const auto& [n, v] : params) {
    if (n == name) return &v;
  }
  return nullptr;
}

// "20261204T210000Z" -> time point; nullopt unless exactly that form.
std::optional<Clock::time_point> parse_amz_date(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
  std::tm tm{};
  std::string text(s);
  const char* end = strptime(text.c_str(), "%Y%m%dT%H%M%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return Clock::from_time_t(timegm(&tm));
}

// An RFC 1123 Date header ("Fri, 04 Dec 2026 21:00:00 GMT").
std::optional<Clock::time_point> parse_http_date(std::string_view s) {
  std::tm tm{};
  std::string text(s);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return Clock::from_time_t(timegm(&tm));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    auto pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return out;
    start = pos + 1;
  }
}

// The parts of a signature, whichever way it came.
struct Signature {
  std::string credential;      // KEY/DATE/REGION/SERVICE/aws4_request
  std::string signed_headers;  // "host;x-amz-date"
  std::string signature;       // hex
  std::string amz_date;        // "YYYYMMDDTHHMMSSZ"
  Clock::time_point time;
  std::optional<long> expires;  // presigned only, seconds
  std::optional<std::string> session_token;
  bool presigned = false;
};

std::variant<Signature, Error> from_header(const SignedRequest& r, const std::string& auth) {
  Signature sig;
  std::string_view rest = auth;
  bool algorithm_ok = rest.substr(0, kAlgorithm.size()) == kAlgorithm &&
                      (rest.size() == kAlgorithm.size() || rest[kAlgorithm.size()] == ' ');
  if (algorithm_ok) rest.remove_prefix(kAlgorithm.size());
  else rest = {};
  for (std::string_view part : split(rest, ',')) {
    part = trim(part);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = part.substr(0, eq), value = part.substr(eq + 1);
    if (name == "Credential") sig.credential = value;
    else if (name == "SignedHeaders") sig.signed_headers = value;
    else if (name == "Signature") sig.signature = value;
  }
  auto amz_date = header(r, "x-amz-date");
  auto date = header(r, "date");
  std::string missing;
  if (sig.credential.empty()) missing += "Authorization header requires 'Credential' parameter. ";
  if (sig.signature.empty()) missing += "Authorization header requires 'Signature' parameter. ";
  if (sig.signed_headers.empty()) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!amz_date && !date) {
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (!missing.empty()) return incomplete(missing + "Authorization=" + auth);
  if (amz_date) {
    auto t = parse_amz_date(*amz_date);
    if (!t) {
      return incomplete("Date must be in ISO-8601 'basic format'. Got '" + *amz_date +
                        "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
    sig.amz_date = *amz_date;
    sig.time = *t;
  } else {
    auto t = parse_http_date(*date);
    if (!t) return incomplete("Date must be in RFC 1123 format. Got '" + *date + "'.");
    sig.amz_date = sigv4::amz_date(*t);
    sig.time = *t;
  }
  sig.session_token = header(r, "x-amz-security-token");
  return sig;
}

std::variant<Signature, Error> from_query(const std::vector<std::pair<std::string, std::string>>& params) {
  Signature sig;
  sig.presigned = true;
  const std::string* algorithm = param(params, "X-Amz-Algorithm");
  if (algorithm != nullptr && *algorithm != kAlgorithm) {
    return incomplete("Unsupported AWS 'algorithm': '" + *algorithm + "'");
  }
  std::string missing;
  for (std::string_view name : {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders",
                                "X-Amz-Date"}) {
    if (param(params, name) == nullptr) missing += "AWS query-string parameters must include '" + std::string(name) + "'. ";
  }
  if (!missing.empty()) return incomplete(missing + "Re-examine the query-string parameters.");
  sig.credential = *param(params, "X-Amz-Credential");
  sig.signature = *param(params, "X-Amz-Signature");
  sig.signed_headers = *param(params, "X-Amz-SignedHeaders");
  sig.amz_date = *param(params, "X-Amz-Date");
  auto t = parse_amz_date(sig.amz_date);
  if (!t) {
    return incomplete("Date must be in ISO-8601 'basic format'. Got '" + sig.amz_date +
                      "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  sig.time = *t;
  if (const std::string* expires = param(params, "X-Amz-Expires")) {
    char* end = nullptr;
    long seconds = std::strtol(expires->c_str(), &end, 10);
    if (expires->empty() || *end != '\0' || seconds < 0 || seconds > 604800) {
      return incomplete("X-Amz-Expires must be a number of seconds between 0 and 604800. Got '" + *expires + "'.");
    }
    sig.expires = seconds;
  }
  if (const std::string* token = param(params, "X-Amz-Security-Token")) sig.session_token = *token;
  return sig;
}

}  // namespace

RequestAuth RequestAuth::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read credentials file " + path);
  std::unordered_map<std::string, Key> keys;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream fields(line);
    std::string id, secret, token, extra;
    if (!(fields >> id)) continue;  // blank or comment
    if (!(fields >> secret) || ((fields >> token) && (fields >> extra))) {
      throw std::runtime_error(path + ":" + std::to_string(number) +
                               ": expected ACCESS_KEY_ID SECRET_ACCESS_KEY [SESSION_TOKEN]");
    }
    keys[id] = Key{secret, token};
  }
  if (keys.empty()) throw std::runtime_error("credentials file " + path + " lists no keys");
  return RequestAuth(std::move(keys));
}

std::variant<SignedBy, Error> RequestAuth::check(const SignedRequest& r, Clock::time_point now) const {
  std::string_view target = r.target.empty() ? std::string_view("/") : r.target;
  auto qmark = target.find('?');
  std::string_view path = target.substr(0, qmark);
  std::string_view query = qmark == std::string_view::npos ? std::string_view() : target.substr(qmark + 1);
  auto params = query_params(query);

  auto auth = header(r, "authorization");
  std::variant<Signature, Error> parsed = auth ? from_header(r, *auth)
                                          : param(params, "X-Amz-Algorithm") || param(params, "X-Amz-Signature")
                                              ? from_query(params)
                                              : std::variant<Signature, Error>(Error(
                                                    "MissingAuthenticationTokenException",
                                                    "Request is missing Authentication Token"));
  if (auto* error = std::get_if<Error>(&parsed)) return std::move(*error);
  Signature& sig = std::get<Signature>(parsed);

  auto scope = split(sig.credential, '/');
  if (scope.size() != 5) {
    return incomplete("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" +
                      sig.credential + "'");
  }
  std::string_view key_id = scope[0], date = scope[1], region = scope[2], service = scope[3], terminator = scope[4];
  auto key = keys_.find(std::string(key_id));
  if (key == keys_.end()) return unrecognized();
  const Key& k = key->second;
  if (k.session_token.empty() ? sig.session_token.has_value() : sig.session_token != k.session_token) {
    return unrecognized();
  }
  if (terminator != "aws4_request") {
    return invalid("Credential should be scoped with a valid terminator: 'aws4_request', not '" +
                   std::string(terminator) + "'. ");
  }
  if (service != kService) {
    return invalid("Credential should be scoped to correct service: '" + std::string(kService) + "'. ");
  }
  if (region.empty()) return invalid("Credential should be scoped to a valid region. ");
  if (date != std::string_view(sig.amz_date).substr(0, 8)) {
    return invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
                   std::string(date) + "' != '" + sig.amz_date.substr(0, 8) + "', from '" + sig.amz_date + "'.");
  }
  auto stamp = [](Clock::time_point t) { return sigv4::amz_date(t); };
  if (sig.expires) {
    if (now > sig.time + std::chrono::seconds(*sig.expires)) {
      return invalid("Signature expired: " + sig.amz_date + " is now earlier than " +
                     stamp(now - std::chrono::seconds(*sig.expires)) + " (" + stamp(now) + " - " +
                     std::to_string(*sig.expires) + " sec.)");
    }
  } else if (sig.time < now - kMaxSkew) {
    return invalid("Signature expired: " + sig.amz_date + " is now earlier than " + stamp(now - kMaxSkew) + " (" +
                   stamp(now) + " - 15 min.)");
  }
  if (sig.time > now + kMaxSkew) {
    return invalid("Signature not yet current: " + sig.amz_date + " is still later than " + stamp(now + kMaxSkew) +
                   " (" + stamp(now) + " + 15 min.)");
  }

  sigv4::Request canonical{.method = std::string(r.method), .path = sigv4::percent_decode(path), .query = {}, .headers = {},
                           .payload = r.body};
  bool host_signed = false;
  for (std::string_view name : split(sig.signed_headers, ';')) {
    host_signed = host_signed || name == "host";
    canonical.headers.emplace_back(std::string(name), header(r, name).value_or(""));
  }
  if (!host_signed) return invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  if (sig.presigned) {
    std::string unsigned_query;
    for (std::string_view part : split(query, '&')) {
      if (part.substr(0, part.find('=')) == "X-Amz-Signature") continue;
      if (!unsigned_query.empty()) unsigned_query += '&';
      unsigned_query += part;
    }
    canonical.query = unsigned_query;
  } else {
    canonical.query = std::string(query);
  }
  std::string scope_text = sigv4::credential_scope(date, region, service);
  std::string expected = sigv4::hex(sigv4::hmac_sha256(
      sigv4::signing_key(k.secret_access_key, date, region, service),
      sigv4::string_to_sign(sig.amz_date, scope_text, sigv4::canonical_request(canonical))));
  if (!constant_time_equal(expected, sig.signature)) {
    return invalid(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
        "Key and signing method. Consult the service documentation for details.");
  }
  return SignedBy{std::string(key_id), std::string(region)};
}

}  // namespace dynamo_items::server
