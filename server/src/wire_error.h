// Wire errors: the one place that turns an Error into DynamoDB's JSON 1.0 error
// body, {"__type":"<namespace>#<Type>","message":"..."}.
//
// DynamoDB's front end (Coral) and the DynamoDB service use different
// namespaces, and a few exceptions spell the message member "Message":
//   com.amazon.coral.validate#ValidationException
//   com.amazon.coral.service#SerializationException, UnknownOperationException,
//     MissingAuthenticationTokenException, IncompleteSignatureException,
//     InvalidSignatureException, UnrecognizedClientException,
//     AccessDeniedException, InternalFailure
//   com.amazonaws.dynamodb.v20120810#<everything else>
// An empty message is left out (UnknownOperationException and a malformed body
// carry none). ConditionalCheckFailedException may carry "Item";
// TransactionCanceledException carries "CancellationReasons".
//
// Pure functions: safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "dynamo_items/error.h"

namespace dynamo_items::server {

// "com.amazon.coral.validate#", "com.amazon.coral.service#" or
// "com.amazonaws.dynamodb.v20120810#".
std::string_view wire_namespace(std::string_view type);

// "Message" for SerializationException and TransactionCanceledException,
// "message" otherwise.
std::string_view message_member(std::string_view type);

// Appends the JSON error body for `error` to `out`.
void append_error_body(const Error& error, std::string& out);
// Same for an error raised by the protocol layer itself.
void append_error_body(std::string_view type, std::string_view message, std::string& out);

}  // namespace dynamo_items::server
