// Tags of a table (CreateTable Tags, TagResource, UntagResource): DynamoDB's
// rules for keys and values and the 50-tag limit, shared by the operations
// that set them.
//   key   : 1 to 128 characters, value: 0 to 256 characters, both from
//           Unicode letters, digits, white space and _ . : / = + - @
//   keys starting with "aws:" are reserved; a key given twice in one
//   request is refused; a table holds at most 50 tags.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ops/request.h"

namespace dynamo_items::ops {

using TagList = std::vector<std::pair<std::string, std::string>>;

// Adds the request's Tags (a JSON array of {Key, Value}) to `tags`, a key
// already there getting the new value; throws ValidationException with
// DynamoDB's message for the first bad tag or when the total passes 50.
void merge_tags(const Json& request_tags, TagList& tags);

}  // namespace dynamo_items::ops
