// StreamSpecification of CreateTable and UpdateTable: its validation in
// DynamoDB's words, starting a new stream, and the stream fields of a table
// description (StreamSpecification, LatestStreamLabel, LatestStreamArn).
#pragma once

#include <optional>
#include <string>

#include <rapidjson/document.h>

#include "catalog/table_schema.h"
#include "ops/request.h"

namespace dynamo_items::ops {

struct StreamSpec {
  bool enabled = false;
  std::optional<std::string> view_type;
};

// The request's StreamSpecification, its shape errors added to `errors`.
std::optional<StreamSpec> read_stream_specification(const Json& req, ConstraintErrors& errors);

// CreateTable's rules. Returns whether to start a stream, which the caller
// does with start_stream once the new table has its id.
bool check_stream_on_create(const StreamSpec& spec);
// A new stream of view_type; its records' key space comes from table.id.
void start_stream(catalog::TableSchema& table, const std::string& view_type);
// UpdateTable's rules: enabling starts a new stream, disabling ends it.
void apply_stream_on_update(const StreamSpec& spec, catalog::TableSchema& table);

void add_stream_description(const catalog::TableSchema& table, rapidjson::Value& out,
                            rapidjson::Document::AllocatorType& a);

}  // namespace dynamo_items::ops
