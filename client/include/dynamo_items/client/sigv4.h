// The client signs requests with the shared SigV4 module (dynamo_items_aws),
// which the server also uses to verify them; this name is kept for callers.
#pragma once

#include "dynamo_items/aws/sigv4.h"

namespace dynamo_items::client {
namespace sigv4 = dynamo_items::aws::sigv4;
}  // namespace dynamo_items::client
