// HTTP content codings of DynamoDB's front end: request bodies sent with
// Content-Encoding gzip or deflate (several may be stacked, applied in the
// order listed) are decoded before the JSON is parsed, and responses are
// compressed when the client's Accept-Encoding allows and the body is big
// enough to be worth it. Both use zlib.
//
// Decoding keeps DynamoDB's request limit on the decoded size, so a small
// compressed body cannot expand into gigabytes ("decompression bomb").
// Concatenated gzip members (RFC 1952 allows them) are one body; anything
// after the last member that is not another member is an error, as is an
// empty or truncated stream.
//
// Pure functions: safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dynamo_items::server {

enum class Coding { identity, gzip, deflate };

enum class DecodeStatus {
  ok,
  unknown_coding,  // a coding other than gzip, deflate or identity
  corrupt,         // not a valid stream of the coding it claims
  too_large,       // decoded, it would exceed the limit
};

// Decodes `body` in place according to the Content-Encoding header's value
// (e.g. "gzip", "deflate, gzip"; names are case-insensitive). On failure the
// body is left in an unspecified state.
DecodeStatus decode_content(std::string_view content_encoding, std::string& body, std::size_t limit);

// The coding to answer with for an Accept-Encoding header's value: gzip when
// it is acceptable (by name or "*", q > 0), else deflate, else identity.
Coding preferred_coding(std::string_view accept_encoding);

// Compresses `in` into `out` (replacing its contents) with `coding`, which is
// gzip or deflate (zlib format, as HTTP's "deflate" means).
void encode_content(Coding coding, std::string_view in, std::string& out);

// "gzip" or "deflate".
std::string_view coding_name(Coding coding);

}  // namespace dynamo_items::server
