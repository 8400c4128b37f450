#include "dynamo_items/error.h"

namespace dynamo_items {

Error::Error(std::string type, std::string message, int http_status)
    : std::runtime_error(type + ": " + message),
      type_(std::move(type)),
      message_(std::move(message)),
      http_status_(http_status) {}

Error Error::validation(std::string m) { return {"ValidationException", std::move(m)}; }
Error Error::serialization(std::string m) { return {"SerializationException", std::move(m)}; }
Error Error::unknown_operation(std::string m) { return {"UnknownOperationException", std::move(m)}; }
Error Error::resource_not_found(std::string m) { return {"ResourceNotFoundException", std::move(m)}; }
Error Error::resource_in_use(std::string m) { return {"ResourceInUseException", std::move(m)}; }
Error Error::conditional_check_failed(std::string m) {
  return {"ConditionalCheckFailedException", std::move(m)};
}
Error Error::limit_exceeded(std::string m) { return {"LimitExceededException", std::move(m)}; }
Error Error::item_collection_size_limit(std::string m) {
  return {"ItemCollectionSizeLimitExceededException", std::move(m)};
}
Error Error::transaction_canceled(std::string m) { return {"TransactionCanceledException", std::move(m)}; }

Error Error::transaction_canceled(std::vector<CancellationReason> reasons) {
  std::string codes;
  for (const auto& r : reasons) codes += (codes.empty() ? "" : ", ") + r.code;
  Error error = transaction_canceled("Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                                     codes + "]");
  error.cancellation_reasons = std::move(reasons);
  return error;
}
Error Error::transaction_conflict(std::string m) { return {"TransactionConflictException", std::move(m)}; }
Error Error::idempotent_parameter_mismatch(std::string m) {
  return {"IdempotentParameterMismatchException", std::move(m)};
}
Error Error::internal(std::string m) { return {"InternalServerError", std::move(m), 500}; }

}  // namespace dynamo_items
