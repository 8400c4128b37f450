// The dynamo-items client in one include: models and marshalers, tables and
// key prefixes, item types and their operations, queries, expressions, and
// the in-process and HTTP transports. See client/README.md.
#pragma once

#include "dynamo_items/client/aws_config.h"
#include "dynamo_items/client/errors.h"
#include "dynamo_items/client/expression.h"
#include "dynamo_items/client/http_transport.h"
#include "dynamo_items/client/item.h"
#include "dynamo_items/client/marshal.h"
#include "dynamo_items/client/query.h"
#include "dynamo_items/client/streams.h"
#include "dynamo_items/client/table.h"
#include "dynamo_items/client/transaction.h"
#include "dynamo_items/client/transport.h"
