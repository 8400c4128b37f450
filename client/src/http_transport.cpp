// HttpTransport: request building, signing, the connection pool, retries and
// the error mapping of DynamoDB's JSON protocol (see http_transport.h).
//
// Wire format (JSON 1.0 protocol):
//   POST / HTTP/1.1
//   Host, Content-Type: application/x-amz-json-1.0,
//   X-Amz-Target: DynamoDB_20120810.<Operation>, X-Amz-Date, [X-Amz-Security-Token],
//   [Authorization: AWS4-HMAC-SHA256 ...]
//   body: the request document
// Errors: 4xx/5xx with {"__type": "com.amazonaws.dynamodb.v20120810#<Type>",
// "message" (or "Message"): "..."}. Responses may carry x-amz-crc32, the
// CRC32 of the body, which is checked.
#include "dynamo_items/client/http_transport.h"

#include "dynamo_items/client/aws_config.h"

#include <cstdlib>
#include <thread>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <zlib.h>

#include "dynamo_items/client/errors.h"

namespace dynamo_items::client {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

const std::string* find_header(const WireResponse& r, std::string_view name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return &v;
  return nullptr;
}

bool crc_ok(const WireResponse& r) {
  const std::string* expected = find_header(r, "x-amz-crc32");
  if (expected == nullptr || expected->empty()) return true;
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(r.body.data()), static_cast<uInt>(r.body.size()));
  return std::to_string(crc) == *expected;
}

struct ErrorReply {
  std::string type, message;
  std::shared_ptr<const rapidjson::Document> item;
  std::vector<CancellationReason> reasons;
};

std::shared_ptr<const rapidjson::Document> copy_item(const rapidjson::Value& holder) {
  auto item = holder.FindMember("Item");
  if (item == holder.MemberEnd() || !item->value.IsObject()) return nullptr;
  auto copy = std::make_shared<rapidjson::Document>();
  copy->CopyFrom(item->value, copy->GetAllocator());
  return copy;
}

ErrorReply parse_error(const WireResponse& r) {
  ErrorReply e;
  rapidjson::Document doc;
  doc.Parse(r.body.data(), r.body.size());
  if (!doc.HasParseError() && doc.IsObject()) {
    auto type = doc.FindMember("__type");
    if (type != doc.MemberEnd() && type->value.IsString()) e.type = type->value.GetString();
    for (const char* key : {"message", "Message"}) {
      auto m = doc.FindMember(key);
      if (m != doc.MemberEnd() && m->value.IsString()) e.message = m->value.GetString();
    }
    e.item = copy_item(doc);
    auto reasons = doc.FindMember("CancellationReasons");
    if (reasons != doc.MemberEnd() && reasons->value.IsArray()) {
      for (const auto& r : reasons->value.GetArray()) {
        if (!r.IsObject()) continue;
        CancellationReason reason;
        if (auto c = r.FindMember("Code"); c != r.MemberEnd() && c->value.IsString()) reason.code = c->value.GetString();
        if (auto m = r.FindMember("Message"); m != r.MemberEnd() && m->value.IsString())
          reason.message = m->value.GetString();
        reason.item = copy_item(r);
        e.reasons.push_back(std::move(reason));
      }
    }
  }
  if (auto hash = e.type.rfind('#'); hash != std::string::npos) e.type.erase(0, hash + 1);
  if (e.type.empty()) {
    e.type = r.status >= 500 ? "InternalServerError" : "HttpError";
    if (e.message.empty()) e.message = "HTTP " + std::to_string(r.status) + ": " + r.body.substr(0, 200);
  }
  return e;
}

}  // namespace

// ---- Endpoint -----------------------------------------------------------

Endpoint Endpoint::parse(std::string_view url) {
  Endpoint e;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) throw std::invalid_argument("endpoint URL needs a scheme: " + std::string(url));
  e.scheme = std::string(url.substr(0, scheme_end));
  for (char& c : e.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (e.scheme != "http" && e.scheme != "https")
    throw std::invalid_argument("endpoint URL must be http or https: " + std::string(url));
  std::string_view rest = url.substr(scheme_end + 3);
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  e.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  e.port = e.scheme == "https" ? "443" : "80";
  if (!authority.empty() && authority.front() == '[') {  // [::1]:8000
    auto close = authority.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("bad IPv6 endpoint: " + std::string(url));
    e.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':') e.port = std::string(authority.substr(close + 2));
  } else {
    auto colon = authority.rfind(':');
    e.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) e.port = std::string(authority.substr(colon + 1));
  }
  if (e.host.empty()) throw std::invalid_argument("endpoint URL has no host: " + std::string(url));
  return e;
}

std::string Endpoint::host_header() const {
  bool default_port = (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return default_port ? h : h + ":" + port;
}

HttpOptions http_options_from_environment(std::string_view profile_name) {
  const SharedProfile profile = load_shared_profile(profile_name);
  HttpOptions o;
  o.region = env("AWS_REGION");
  if (o.region.empty()) o.region = env("AWS_DEFAULT_REGION");
  if (o.region.empty()) o.region = profile.region.value_or("");
  if (o.region.empty()) o.region = "us-east-1";
  std::string url;
  if (env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") != "true" && !profile.ignore_configured_endpoint_urls) {
    url = env("AWS_ENDPOINT_URL_DYNAMODB");
    if (url.empty()) url = env("AWS_ENDPOINT_URL");
    if (url.empty()) url = profile.endpoint_url.value_or("");
  }
  if (url.empty()) url = "https://dynamodb." + o.region + ".amazonaws.com";
  o.endpoint = Endpoint::parse(url);
  std::string key = env("AWS_ACCESS_KEY_ID"), secret = env("AWS_SECRET_ACCESS_KEY");
  if (!key.empty() && !secret.empty())
    o.credentials = sigv4::Credentials{key, secret, env("AWS_SESSION_TOKEN")};
  else if (profile.access_key_id && profile.secret_access_key)
    o.credentials = sigv4::Credentials{*profile.access_key_id, *profile.secret_access_key,
                                       profile.session_token.value_or("")};
  o.ca_file = env("AWS_CA_BUNDLE");
  if (o.ca_file.empty()) o.ca_file = profile.ca_bundle.value_or("");
  return o;
}

// ---- HttpTransport ------------------------------------------------------

namespace {
// The Streams operations belong to their own API (and, on AWS, endpoint).
std::string_view api_of(std::string_view operation) {
  for (std::string_view op : {"DescribeStream", "GetRecords", "GetShardIterator", "ListStreams"})
    if (operation == op) return "DynamoDBStreams_20120810";
  return "DynamoDB_20120810";
}
}  // namespace

HttpTransport::HttpTransport(HttpOptions options, ConnectionFactory factory)
    : options_(std::move(options)), factory_(factory ? std::move(factory) : ConnectionFactory(connect)) {}

std::shared_ptr<HttpTransport> HttpTransport::from_environment(std::string_view profile) {
  return std::make_shared<HttpTransport>(http_options_from_environment(profile));
}

WireRequest HttpTransport::build(std::string_view operation, std::string body) const {
  WireRequest w;
  w.target = options_.endpoint.path;
  std::string amz_date = sigv4::amz_date(std::chrono::system_clock::now());
  w.headers = {{"host", options_.endpoint.host_header()},
               {"content-type", "application/x-amz-json-1.0"},
               {"x-amz-date", amz_date},
               {"x-amz-target", std::string(api_of(operation)) + "." + std::string(operation)}};
  if (options_.credentials && !options_.credentials->session_token.empty())
    w.headers.emplace_back("x-amz-security-token", options_.credentials->session_token);
  w.body = std::move(body);
  if (options_.credentials) {
    sigv4::Request r{.method = "POST", .path = w.target, .query = "", .headers = w.headers, .payload = w.body};
    w.headers.emplace_back("authorization",
                           sigv4::authorization(*options_.credentials, r, amz_date, options_.region, options_.service));
  }
  return w;
}

std::unique_ptr<Connection> HttpTransport::acquire(bool& reused) {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      reused = true;
      return c;
    }
  }
  reused = false;
  return factory_(options_);
}

void HttpTransport::release(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mu_);
  if (idle_.size() < options_.max_idle_connections) idle_.push_back(std::move(connection));
}

WireResponse HttpTransport::exchange(const WireRequest& request) {
  bool reused = false;
  auto connection = acquire(reused);
  WireResponse response;
  try {
    response = connection->round_trip(request);
  } catch (const TransportError& e) {
    if (!reused || !e.retryable()) throw;
    // A pooled connection the server has since closed: try a fresh one now.
    connection = factory_(options_);
    response = connection->round_trip(request);
  }
  if (response.keep_alive) release(std::move(connection));
  return response;
}

rapidjson::Document HttpTransport::execute(std::string_view operation, rapidjson::Document request) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  request.Accept(writer);
  std::string body(buffer.GetString(), buffer.GetSize());

  for (int attempt = 1;; ++attempt) {
    bool last = attempt >= options_.retry.max_attempts;
    WireRequest wire = build(operation, body);  // re-signed: the date moves on
    WireResponse response;
    try {
      response = exchange(wire);
    } catch (const TransportError& e) {
      if (last || !e.retryable()) throw;
      std::this_thread::sleep_for(backoff_delay(options_.retry, attempt));
      continue;
    }
    if (!crc_ok(response)) {
      if (last) throw TransportError("response failed its x-amz-crc32 check", response.status);
      std::this_thread::sleep_for(backoff_delay(options_.retry, attempt));
      continue;
    }
    if (response.status == 200) {
      rapidjson::Document doc;
      doc.Parse(response.body.data(), response.body.size());
      if (doc.HasParseError() || !doc.IsObject())
        throw TransportError("response is not a JSON object: " + response.body.substr(0, 200), 200);
      return doc;
    }
    ErrorReply e = parse_error(response);
    bool retryable = response.status >= 500 || is_throttling_error(e.type);
    if (retryable && !last) {
      std::this_thread::sleep_for(backoff_delay(options_.retry, attempt));
      continue;
    }
    throw_service_error(e.type, e.message, response.status, std::move(e.item), std::move(e.reasons));
  }
}

}  // namespace dynamo_items::client
