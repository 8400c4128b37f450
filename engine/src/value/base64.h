// Base64 is public (dynamo_items/base64.h); engine sources keep this name.
#pragma once

#include "dynamo_items/base64.h"
