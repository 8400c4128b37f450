// Client exception classes and the mapping from DynamoDB error types.
#include "dynamo_items/client/errors.h"

namespace dynamo_items::client {

ClientError::ClientError(std::string type, std::string message, int http_status)
    : std::runtime_error(type + ": " + message),
      type_(std::move(type)),
      message_(std::move(message)),
      http_status_(http_status) {}

ModelError::ModelError(std::string type, std::string model, std::string field, std::string problem)
    : ClientError(std::move(type), model + (field.empty() ? "" : "." + field) + ": " + problem),
      model_(std::move(model)),
      field_(std::move(field)),
      problem_(std::move(problem)) {}

bool is_throttling_error(std::string_view type) {
  return type == "ProvisionedThroughputExceededException" || type == "ThrottlingException" ||
         type == "RequestLimitExceeded" || type == "Throttling";
}

void throw_service_error(std::string_view type, std::string message, int http_status,
                         std::shared_ptr<const rapidjson::Document> item, std::vector<CancellationReason> reasons) {
  if (auto hash = type.rfind('#'); hash != std::string_view::npos) type.remove_prefix(hash + 1);
  std::string t(type);
  if (type == "TransactionCanceledException") {
    TransactionCanceled e(std::move(t), std::move(message), http_status);
    e.reasons = std::move(reasons);
    throw e;
  }
  if (type == "ConditionalCheckFailedException") {
    ConditionFailed e(std::move(t), std::move(message), http_status);
    e.item = std::move(item);
    throw e;
  }
  if (type == "ResourceNotFoundException") throw NotFound(std::move(t), std::move(message), http_status);
  if (type == "ValidationException" || type == "SerializationException")
    throw ValidationError(std::move(t), std::move(message), http_status);
  if (is_throttling_error(type)) throw Throttled(std::move(t), std::move(message), http_status);
  throw ClientError(std::move(t), std::move(message), http_status);
}

}  // namespace dynamo_items::client
