// Error: the one error type of dynamo-items. It carries a DynamoDB error type
// ("ValidationException", "ResourceNotFoundException", ...) and the message
// DynamoDB would send. Only the protocol layer (wire_error.cpp) turns the type
// into the wire `__type` string, so namespaces are written in exactly one place.
//
// Engine code throws Error on the request path; Engine::execute catches it and
// hands it back as a value inside Result, so callers never see an exception
// from a well-formed call.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "dynamo_items/attribute_value.h"

namespace dynamo_items {

class Error : public std::runtime_error {
 public:
  Error(std::string type, std::string message, int http_status = 400);

  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  int http_status() const { return http_status_; }

  // ReturnValuesOnConditionCheckFailure=ALL_OLD puts the old item here.
  std::shared_ptr<const Item> item;
  // TransactionCanceledException: one reason per action, in request order.
  struct CancellationReason {
    std::string code;     // "None", "ConditionalCheckFailed", ...
    std::string message;  // empty when none
    std::shared_ptr<const Item> item;
  };
  std::vector<CancellationReason> cancellation_reasons;

  // Factories, one per DynamoDB exception we raise.
  static Error validation(std::string message);
  static Error serialization(std::string message);
  static Error unknown_operation(std::string message = "");
  static Error resource_not_found(std::string message = "Requested resource not found");
  static Error resource_in_use(std::string message);
  static Error conditional_check_failed(std::string message = "The conditional request failed");
  static Error limit_exceeded(std::string message);
  static Error item_collection_size_limit(std::string message);
  static Error transaction_canceled(std::string message);
  // With one reason per action; the message lists their codes, as DynamoDB's does.
  static Error transaction_canceled(std::vector<CancellationReason> reasons);
  static Error transaction_conflict(std::string message);
  static Error idempotent_parameter_mismatch(std::string message);
  static Error internal(std::string message);

 private:
  std::string type_;
  std::string message_;
  int http_status_;
};

}  // namespace dynamo_items
