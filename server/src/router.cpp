#include "router.h"

#include <rapidjson/document.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <random>
#include <utility>

#include "auth/request_auth.h"
#include "database_operations.h"
#include "dynamo_items/engine.h"
#include "dynamo_items/server/databases.h"
#include "http/content_coding.h"
#include "wire_error.h"

namespace dynamo_items::server {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kAmzJson = "application/x-amz-json-1.0";
constexpr std::string_view kNotFound = "<UnknownOperationException/>\n";
constexpr std::string_view kDynamoPrefix = "DynamoDB_20120810";
constexpr std::string_view kStreamsPrefix = "DynamoDBStreams_20120810";
// dynamo-items' own operations (named snapshots and databases), outside
// DynamoDB's names.
constexpr std::string_view kItemsPrefix = "DynamoItems_20261201";
constexpr std::string_view kItemsOperations[] = {
    "CreateDatabase",
    "CreateSnapshot",
    "DeleteDatabase",
    "DeleteSnapshot",
    "ListDatabases",
    "ListSnapshots",
    "RestoreSnapshot",
};
static_assert(std::is_sorted(std::begin(kItemsOperations), std::end(kItemsOperations)));

// Every operation of the DynamoDB 2012-08-10 API, sorted. A name outside this
// list is UnknownOperationException before anything else is looked at; a name
// in it that the engine does not implement yet also gets
// UnknownOperationException, but from the engine.
constexpr std::string_view kDynamoOperations[] = {
    "BatchExecuteStatement",
    "BatchGetItem",
    "BatchWriteItem",
    "CreateBackup",
    "CreateGlobalTable",
    "CreateTable",
    "DeleteBackup",
    "DeleteItem",
    "DeleteResourcePolicy",
    "DeleteTable",
    "DescribeBackup",
    "DescribeContinuousBackups",
    "DescribeContributorInsights",
    "DescribeEndpoints",
    "DescribeExport",
    "DescribeGlobalTable",
    "DescribeGlobalTableSettings",
    "DescribeImport",
    "DescribeKinesisStreamingDestination",
    "DescribeLimits",
    "DescribeTable",
    "DescribeTableReplicaAutoScaling",
    "DescribeTimeToLive",
    "DisableKinesisStreamingDestination",
    "EnableKinesisStreamingDestination",
    "ExecuteStatement",
    "ExecuteTransaction",
    "ExportTableToPointInTime",
    "GetItem",
    "GetResourcePolicy",
    "ImportTable",
    "ListBackups",
    "ListContributorInsights",
    "ListExports",
    "ListGlobalTables",
    "ListImports",
    "ListTables",
    "ListTagsOfResource",
    "PutItem",
    "PutResourcePolicy",
    "Query",
    "RestoreTableFromBackup",
    "RestoreTableToPointInTime",
    "Scan",
    "TagResource",
    "TransactGetItems",
    "TransactWriteItems",
    "UntagResource",
    "UpdateContinuousBackups",
    "UpdateContributorInsights",
    "UpdateGlobalTable",
    "UpdateGlobalTableSettings",
    "UpdateItem",
    "UpdateKinesisStreamingDestination",
    "UpdateTable",
    "UpdateTableReplicaAutoScaling",
    "UpdateTimeToLive",
};
static_assert(std::is_sorted(std::begin(kDynamoOperations), std::end(kDynamoOperations)));

constexpr std::string_view kStreamsOperations[] = {
    "DescribeStream",
    "GetRecords",
    "GetShardIterator",
    "ListStreams",
};
static_assert(std::is_sorted(std::begin(kStreamsOperations), std::end(kStreamsOperations)));

// Deeper JSON than this is refused before it can exhaust a thread's stack
// (in the parser or in the engine's recursive decoders). DynamoDB's own limit
// on attribute nesting (32) is far below and is the engine's to report.
constexpr int kMaxJsonDepth = 1000;

using Document = rapidjson::Document;
using rapidjson::SizeType;

// SAX filter between the reader and the document that refuses deep nesting.
struct DepthLimitedHandler {
  Document& doc;
  int depth = 0;

  bool Null() { return doc.Null(); }
  bool Bool(bool b) { return doc.Bool(b); }
  bool Int(int i) { return doc.Int(i); }
  bool Uint(unsigned u) { return doc.Uint(u); }
  bool Int64(std::int64_t i) { return doc.Int64(i); }
  bool Uint64(std::uint64_t u) { return doc.Uint64(u); }
  bool Double(double d) { return doc.Double(d); }
  bool RawNumber(const char* s, SizeType n, bool copy) { return doc.RawNumber(s, n, copy); }
  bool String(const char* s, SizeType n, bool copy) { return doc.String(s, n, copy); }
  bool Key(const char* s, SizeType n, bool copy) { return doc.Key(s, n, copy); }
  bool StartObject() { return ++depth <= kMaxJsonDepth && doc.StartObject(); }
  bool EndObject(SizeType n) {
    --depth;
    return doc.EndObject(n);
  }
  bool StartArray() { return ++depth <= kMaxJsonDepth && doc.StartArray(); }
  bool EndArray(SizeType n) {
    --depth;
    return doc.EndArray(n);
  }
};

// Parses `body` in place (strings of the document point into it).
// Returns false when it is not one JSON value.
bool parse_in_place(std::string& body, Document& doc) {
  // In-situ parsing stops at a NUL byte, so a NUL would hide trailing garbage.
  if (std::memchr(body.data(), 0, body.size()) != nullptr) return false;
  // RapidJSON's UTF-8 validation reads a multi-byte sequence's tail bytes
  // before checking them, so a lead byte at the very end would read past the
  // terminator; padding keeps every such read inside the buffer. Shrinking
  // back afterwards never reallocates, so the document's strings stay valid.
  const auto size = body.size();
  body.append(4, '\0');
  bool ok = false;
  auto generator = [&](Document& d) {
    DepthLimitedHandler handler{d};
    rapidjson::InsituStringStream in(body.data());
    rapidjson::Reader reader;
    ok = !reader.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseValidateEncodingFlag>(in, handler)
              .IsError();
    return ok;
  };
  doc.Populate(generator);
  body.resize(size);
  return ok;
}

// The media type of a Content-Type header: the part before ';', trimmed.
std::string_view media_type(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  constexpr std::string_view ws = " \t\r\n";
  auto first = content_type.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  auto last = content_type.find_last_not_of(ws);
  return content_type.substr(first, last - first + 1);
}

// The operation named by X-Amz-Target, or empty when it names none.
std::string_view target_operation(std::string_view target) {
  auto dot = target.find('.');
  if (dot == std::string_view::npos) return {};
  std::string_view api = target.substr(0, dot);
  std::string_view op = target.substr(dot + 1);
  if (op.find('.') != std::string_view::npos) return {};
  if (api == kDynamoPrefix && is_dynamodb_operation(op)) return op;
  if (api == kStreamsPrefix && is_streams_operation(op)) return op;
  if (api == kItemsPrefix && std::binary_search(std::begin(kItemsOperations), std::end(kItemsOperations), op)) {
    return op;
  }
  return {};
}

void set_crc(HttpResponse& res) {
  res.has_crc32 = true;
  res.crc32 = static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(res.body.data()), static_cast<uInt>(res.body.size())));
}

void protocol_error(HttpResponse& res, std::string_view type, std::string_view message = {}) {
  res.status = 400;
  res.body.clear();
  append_error_body(type, message, res.body);
}

// A body that cannot be decoded: DynamoDB's front end answers 500 with no
// message (it fails inside its decompression, before any validation).
void undecodable(HttpResponse& res) {
  res.status = 500;
  res.body.clear();
  append_error_body("InternalFailure", {}, res.body);
}

// Compresses the response body when the client asked for it and it pays.
void compress_response(const HttpRequest& req, HttpResponse& res) {
  if (req.accept_encoding.empty() || res.body.size() < kCompressFrom) return;
  Coding coding = preferred_coding(req.accept_encoding);
  if (coding == Coding::identity) return;
  thread_local std::string compressed;
  encode_content(coding, res.body, compressed);
  res.body.swap(compressed);
  if (compressed.capacity() > 1024 * 1024) std::string().swap(compressed);
  res.content_encoding = coding_name(coding);
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void internal_error(HttpResponse& res, const char* what) {
  std::fprintf(stderr, "dynamo-items: internal error in request %.*s: %s\n",
               static_cast<int>(res.request_id.size()), res.request_id.data(), what);
  res.status = 500;
  res.body.clear();
  append_error_body("InternalServerError", "Internal server error", res.body);
}

// Per-thread scratch memory for request documents: the pool's first block is
// reused by every request on the thread, so small requests allocate nothing.
struct ParseScratch {
  alignas(8) char buffer[16 * 1024];
  rapidjson::MemoryPoolAllocator<> pool{buffer, sizeof buffer};
};

}  // namespace

bool is_dynamodb_operation(std::string_view name) {
  return std::binary_search(std::begin(kDynamoOperations), std::end(kDynamoOperations), name);
}

bool is_streams_operation(std::string_view name) {
  return std::binary_search(std::begin(kStreamsOperations), std::end(kStreamsOperations), name);
}

void new_request_id(std::array<char, 52>& out) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  // splitmix64: fast, and seeded per thread from the OS.
  thread_local std::uint64_t state = [] {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }();
  std::size_t i = 0;
  while (i < out.size()) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    for (int k = 0; k < 12 && i < out.size(); ++k, z /= 36) out[i++] = kAlphabet[z % 36];
  }
}

CredentialScope credential_scope(std::string_view authorization) {
  constexpr std::string_view kCredential = "Credential=";
  auto at = authorization.find(kCredential);
  if (at == std::string_view::npos) return {};
  std::string_view scope = authorization.substr(at + kCredential.size());
  scope = scope.substr(0, scope.find_first_of(", "));
  // AKID / DATE / REGION / SERVICE / aws4_request
  std::string_view parts[5];
  for (int i = 0; i < 5; ++i) {
    auto slash = scope.find('/');
    parts[i] = scope.substr(0, slash);
    if (slash == std::string_view::npos) {
      if (i < 4) return {};
      break;
    }
    scope.remove_prefix(slash + 1);
  }
  return {parts[0], parts[2]};
}

Router::Router(Engine& engine, RouterOptions options)
    : own_databases_(shared_database(engine)),
      databases_(*own_databases_),
      options_(std::move(options)),
      healthy_("healthy: dynamodb." + options_.region + ".amazonaws.com ") {}

Router::Router(Databases& databases, RouterOptions options)
    : databases_(databases),
      options_(std::move(options)),
      healthy_("healthy: dynamodb." + options_.region + ".amazonaws.com ") {}

void Router::too_large(HttpResponse& res) {
  res.reset();
  new_request_id(res.request_id);
  res.status = 413;
  res.close = true;
}

void Router::bad_request(HttpResponse& res) {
  res.reset();
  new_request_id(res.request_id);
  res.status = 400;
  res.close = true;
}

void Router::handle(const HttpRequest& req, HttpResponse& res) const {
  res.reset();
  new_request_id(res.request_id);

  if (!req.origin.empty()) {
    res.allow_origin = true;
    if (req.method == Method::options) {
      res.preflight = true;
      res.allow_headers = req.access_control_request_headers;
      res.allow_methods = req.access_control_request_method;
      return;
    }
  }

  if (req.method == Method::get) {
    res.body.assign(healthy_);
    set_crc(res);
    return;
  }

  std::string& body = *req.body;
  std::string_view type = media_type(req.content_type);
  if (req.method != Method::post || (!body.empty() && type != kJson && type != kAmzJson)) {
    res.status = 404;
    res.body.assign(kNotFound);
    set_crc(res);
    return;
  }
  res.content_type = type == kAmzJson ? kAmzJson : kJson;
  if (!authenticated(req, res)) return set_crc(res);

  if (!req.content_encoding.empty()) {
    switch (decode_content(req.content_encoding, body, kMaxBodyBytes)) {
      case DecodeStatus::ok:
        break;
      case DecodeStatus::too_large:
        return too_large(res);
      case DecodeStatus::unknown_coding:
      case DecodeStatus::corrupt:
        undecodable(res);
        return set_crc(res);
    }
  }

  try {
    dispatch(req, target_operation(req.amz_target), body, res);
  } catch (const std::exception& e) {
    internal_error(res, e.what());
  } catch (...) {
    internal_error(res, "unknown exception");
  }
  compress_response(req, res);
  set_crc(res);
}

bool Router::authenticated(const HttpRequest& req, HttpResponse& res) const {
  if (options_.auth == nullptr) return true;
  SignedRequest signed_request;
  signed_request.method = req.method_name;
  signed_request.target = req.target;
  if (req.headers != nullptr) signed_request.headers = *req.headers;
  signed_request.body = *req.body;  // the bytes as sent: a signature covers the compressed body
  auto verdict = options_.auth->check(signed_request, std::chrono::system_clock::now());
  if (const Error* error = std::get_if<Error>(&verdict)) {
    res.status = error->http_status();
    res.body.clear();
    append_error_body(*error, res.body);
    return false;
  }
  return true;
}

void Router::describe_endpoints(const HttpRequest& req, HttpResponse& res) const {
  // The endpoint the client reached is the one to keep using; DynamoDB names
  // its regional endpoint, which for a local server is this one.
  std::string address = req.host.empty() ? "dynamodb." + options_.region + ".amazonaws.com" : std::string(req.host);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("Endpoints");
  writer.StartArray();
  writer.StartObject();
  writer.Key("Address");
  writer.String(address.data(), static_cast<SizeType>(address.size()));
  writer.Key("CachePeriodInMinutes");
  writer.Int(1440);
  writer.EndObject();
  writer.EndArray();
  writer.EndObject();
  res.body.assign(buffer.GetString(), buffer.GetSize());
}

void Router::dispatch(const HttpRequest& req, std::string_view operation, std::string& body,
                      HttpResponse& res) const {
  thread_local ParseScratch scratch;
  struct ClearPool {
    rapidjson::MemoryPoolAllocator<>& pool;
    ~ClearPool() { pool.Clear(); }
  } clear_pool{scratch.pool};

  Document request(&scratch.pool);
  if (!body.empty()) {
    if (!parse_in_place(body, request)) return protocol_error(res, "SerializationException");
  }
  if (operation.empty()) return protocol_error(res, "UnknownOperationException");
  if (body.empty()) return protocol_error(res, "SerializationException");

  // The request must be an object (DynamoDB's request structure): a list, a
  // scalar or JSON null is a SerializationException before anything runs.
  if (request.IsArray())
    return protocol_error(res, "SerializationException", "Start of list found where not expected");
  if (!request.IsObject()) return protocol_error(res, "SerializationException");

  if (operation == "DescribeEndpoints") return describe_endpoints(req, res);

  RequestContext context{options_.region, options_.account_id};
  CredentialScope scope = credential_scope(req.authorization);
  if (!scope.region.empty()) context.region = scope.region;
  if (scope.access_key_id.size() == 12 && all_digits(scope.access_key_id))
    context.account_id = scope.access_key_id;
  // A named database is held for the whole request: a DeleteDatabase
  // meanwhile only drops it from the list, and it closes after us.
  std::shared_ptr<Engine> named;
  Engine* engine = nullptr;
  try {
    if (!req.database.empty()) {
      named = databases_.named_database(scope.access_key_id, context.region, req.database);
      engine = named.get();
    } else {
      engine = &databases_.database(scope.access_key_id, context.region);
    }
    if (is_database_operation(operation)) {
      return run_database_operation(operation, request, databases_, scope.access_key_id, context.region, *engine,
                                    res.body);
    }
  } catch (const Error& error) {
    res.status = error.http_status();
    res.body.clear();
    append_error_body(error, res.body);
    return;
  }
  Result<std::size_t> result = engine->execute_to(operation, request, res.body, context);
  if (!result) {
    const Error& error = result.error();
    res.status = error.http_status();
    append_error_body(error, res.body);
  }
}

}  // namespace dynamo_items::server
