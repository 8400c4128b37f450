#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "dynamo_items/error.h"
#include "wire_error.h"

using dynamo_items::AttributeValue;
using dynamo_items::Error;
using dynamo_items::Item;
using namespace dynamo_items::server;

TEST_CASE("wire namespaces follow DynamoDB's front end and service split", "[server][wire_error]") {
  CHECK(wire_namespace("ValidationException") == "com.amazon.coral.validate#");
  for (const char* coral :
       {"SerializationException", "UnknownOperationException", "MissingAuthenticationTokenException",
        "IncompleteSignatureException", "InvalidSignatureException", "UnrecognizedClientException",
        "AccessDeniedException", "InternalFailure"})
    CHECK(wire_namespace(coral) == "com.amazon.coral.service#");
  for (const char* dynamo :
       {"ResourceNotFoundException", "ResourceInUseException", "ConditionalCheckFailedException",
        "TransactionCanceledException", "InternalServerError", "LimitExceededException"})
    CHECK(wire_namespace(dynamo) == "com.amazonaws.dynamodb.v20120810#");
}

TEST_CASE("error bodies carry __type and message", "[server][wire_error]") {
  std::string out;
  append_error_body(Error::resource_not_found("Requested resource not found: Table: t not found"), out);
  CHECK(out == R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
               R"("message":"Requested resource not found: Table: t not found"})");

  out.clear();
  append_error_body(Error::validation("bad \"value\""), out);
  CHECK(out == R"({"__type":"com.amazon.coral.validate#ValidationException","message":"bad \"value\""})");
}

TEST_CASE("SerializationException spells Message with a capital M; empty messages are left out",
          "[server][wire_error]") {
  std::string out;
  append_error_body(Error::serialization("Start of list found where not expected"), out);
  CHECK(out == R"({"__type":"com.amazon.coral.service#SerializationException",)"
               R"("Message":"Start of list found where not expected"})");

  out.clear();
  append_error_body("UnknownOperationException", "", out);
  CHECK(out == R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
}

TEST_CASE("ConditionalCheckFailedException carries the old item", "[server][wire_error]") {
  Error e = Error::conditional_check_failed();
  e.item = std::make_shared<const Item>(Item{{"pk", AttributeValue::string("a")}});
  std::string out;
  append_error_body(e, out);
  CHECK(out == R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
               R"("Item":{"pk":{"S":"a"}},"message":"The conditional request failed"})");
}

TEST_CASE("TransactionCanceledException carries CancellationReasons", "[server][wire_error]") {
  Error e = Error::transaction_canceled(
      "Transaction cancelled, please refer cancellation reasons for specific reasons [None, "
      "ConditionalCheckFailed]");
  e.cancellation_reasons.push_back({"None", "", nullptr});
  e.cancellation_reasons.push_back({"ConditionalCheckFailed", "The conditional request failed",
                                    std::make_shared<const Item>(Item{{"pk", AttributeValue::string("b")}})});
  std::string out;
  append_error_body(e, out);
  CHECK(
      out ==
      R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
      R"("CancellationReasons":[{"Code":"None"},)"
      R"({"Code":"ConditionalCheckFailed","Message":"The conditional request failed","Item":{"pk":{"S":"b"}}}],)"
      R"("Message":"Transaction cancelled, please refer cancellation reasons for specific reasons )"
      R"([None, ConditionalCheckFailed]"})");
}
