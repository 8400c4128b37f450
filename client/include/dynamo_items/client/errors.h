// Client errors: every failure of the client surfaces as one of these C++
// exceptions, all derived from ClientError, which carries DynamoDB's error
// type (e.g. "ConditionalCheckFailedException") and message verbatim.
//
//   ConditionFailed  ConditionalCheckFailedException (put/update/delete
//                    condition, optimistic-locking conflict)
//   TransactionCanceled  TransactionCanceledException, with one reason
//                    per action of the transaction
//   NotFound         ResourceNotFoundException, or a required item missing
//   ValidationError  ValidationException / SerializationException, or a
//                    request the client itself finds invalid
//   Throttled        throttling still reported after the retry budget
//   TransportError   connection, protocol or unexpected HTTP failures
//   ModelError       a model could not be encoded or decoded; names the
//                    model, the field path and the problem
//   ClientError      any other DynamoDB error type
//
// Exceptions are intentionally copyable (as std::exception requires).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace dynamo_items::client {

class ClientError : public std::runtime_error {
 public:
  ClientError(std::string type, std::string message, int http_status = 400);

  // DynamoDB's short error type, without the "com.amazonaws...#" namespace.
  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  int http_status() const { return http_status_; }

 private:
  std::string type_;
  std::string message_;
  int http_status_;
};

class ConditionFailed : public ClientError {
 public:
  using ClientError::ClientError;
  // The item as it was, when the item existed: the client's conditional
  // writes ask for ReturnValuesOnConditionCheckFailure=ALL_OLD.
  // Item<Model>::current(e) decodes it.
  std::shared_ptr<const rapidjson::Document> item;
};

// Why one action of a cancelled transaction failed (DynamoDB's
// CancellationReasons, in the order of the actions).
struct CancellationReason {
  std::string code;     // "None", "ConditionalCheckFailed", "TransactionConflict", ...
  std::string message;  // empty when none
  std::shared_ptr<const rapidjson::Document> item;  // the item as it was, for a failed condition
  std::string action;   // "2: Put Order": filled in by the client's transactions

  bool failed() const { return code != "None" && !code.empty(); }
  bool condition_failed() const { return code == "ConditionalCheckFailed"; }
};

class TransactionCanceled : public ClientError {
 public:
  using ClientError::ClientError;
  std::vector<CancellationReason> reasons;
  // The reasons of the actions that failed (code other than "None").
  std::vector<CancellationReason> failures() const {
    std::vector<CancellationReason> out;
    for (const auto& r : reasons)
      if (r.failed()) out.push_back(r);
    return out;
  }
};

class NotFound : public ClientError {
 public:
  using ClientError::ClientError;
};

class ValidationError : public ClientError {
 public:
  using ClientError::ClientError;
};

class Throttled : public ClientError {
 public:
  using ClientError::ClientError;
};

class TransportError : public ClientError {
 public:
  enum class Retry { may_succeed, cannot_succeed };
  explicit TransportError(std::string message, int http_status = 0, Retry retry = Retry::may_succeed)
      : ClientError("TransportError", std::move(message), http_status), retry_(retry) {}
  // False for failures another attempt cannot fix (an unknown host, a
  // refused connection, a certificate that fails verification): they are
  // reported at once instead of after the retry budget's back-off.
  bool retryable() const { return retry_ == Retry::may_succeed; }

 private:
  Retry retry_;
};

class ModelError : public ClientError {
 public:
  ModelError(std::string type, std::string model, std::string field, std::string problem);
  const std::string& model() const { return model_; }
  // Dotted path within the item ("tags[2].name"); empty for the item itself.
  const std::string& field() const { return field_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string model_, field_, problem_;
};

// Decoding an item into a model failed (wrong type, missing attribute, ...).
class DecodeError : public ModelError {
 public:
  DecodeError(std::string model, std::string field, std::string problem)
      : ModelError("DecodeError", std::move(model), std::move(field), std::move(problem)) {}
};

// A model value cannot be represented in DynamoDB (NaN, year 10000, ...).
class EncodeError : public ModelError {
 public:
  EncodeError(std::string model, std::string field, std::string problem)
      : ModelError("EncodeError", std::move(model), std::move(field), std::move(problem)) {}
};

// Throws the exception class matching a DynamoDB error type. `type` may carry
// the wire namespace ("com.amazonaws.dynamodb.v20120810#...") which is
// stripped. `item`, when given, is attached to ConditionFailed.
[[noreturn]] void throw_service_error(std::string_view type, std::string message, int http_status,
                                      std::shared_ptr<const rapidjson::Document> item = nullptr,
                                      std::vector<CancellationReason> reasons = {});

// Error types that mean "slow down and retry".
bool is_throttling_error(std::string_view type);

}  // namespace dynamo_items::client
