// ARNs of tables, indexes and streams as the caller sees them, and the table
// an ARN given to a tagging operation names. One database answers every
// region and account, so an ARN carries the region and account of the
// request being served (ops::current_request_context()), never a fixed
// placeholder: a client that builds ARNs from its own region and account
// finds ours equal.
#pragma once

#include <string>
#include <string_view>

#include "catalog/catalog.h"

namespace dynamo_items::ops {

// arn:aws:dynamodb:<region>:<account>:table/<name>
std::string table_arn(const catalog::TableSchema& table);
// The same for a table known only by name (a backup's source, maybe deleted).
std::string table_arn(std::string_view table_name);
// <table arn>/backup/<suffix>
std::string backup_arn(std::string_view table_name, std::string_view suffix);
// <table arn>/index/<index>
std::string index_arn(const catalog::TableSchema& table, std::string_view index);
// <table arn>/stream/<label> of the table's latest stream.
std::string stream_arn(const catalog::TableSchema& table);

// The table a TagResource / UntagResource / ListTagsOfResource ARN names,
// with DynamoDB's errors in its order: not an ARN (ValidationException), not
// a DynamoDB ARN, another account (AccessDeniedException), another region or
// not a table ARN (ValidationException), an index ARN (ValidationException),
// no such table (ResourceNotFoundException). `operation` names the
// operation in the AccessDeniedException message.
catalog::SchemaPtr require_tagged_table(const catalog::Catalog& catalog, std::string_view arn,
                                        std::string_view operation);

}  // namespace dynamo_items::ops
