// The JSON codec is public (dynamo_items/json.h); engine sources keep this name.
#pragma once

#include "dynamo_items/json.h"
