// TransactWriteItems' ClientRequestToken bookkeeping.
#include "ops/client_tokens.h"

#include <catch2/catch.hpp>

#include "dynamo_items/error.h"

using dynamo_items::Error;
using dynamo_items::ops::ClientTokens;

namespace {

std::string error_type(ClientTokens& tokens, const std::string& token, std::size_t payload) {
  try {
    tokens.begin(token, payload);
  } catch (const Error& e) {
    return e.type();
  }
  return "none";
}

}  // namespace

TEST_CASE("client tokens: a succeeded token replays, a different payload is a mismatch", "[transaction_tokens]") {
  ClientTokens tokens;
  CHECK_FALSE(tokens.begin("t1", 42));  // first use: run it
  CHECK(error_type(tokens, "t1", 42) == "TransactionInProgressException");
  tokens.finish("t1", true);
  CHECK(tokens.begin("t1", 42));  // replay: do nothing, answer success
  CHECK(error_type(tokens, "t1", 43) == "IdempotentParameterMismatchException");
  CHECK_FALSE(tokens.begin("t2", 43));  // tokens are independent
}

TEST_CASE("client tokens: a failed transaction releases its token", "[transaction_tokens]") {
  ClientTokens tokens;
  CHECK_FALSE(tokens.begin("t", 1));
  tokens.finish("t", false);
  CHECK_FALSE(tokens.begin("t", 2));  // runs again, even with another payload
  tokens.finish("t", true);
  CHECK(tokens.begin("t", 2));
}
