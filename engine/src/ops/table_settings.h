// Table settings that change nothing about how items are stored but that
// clients set and read back (Terraform, CDK, the SDKs' waiters): deletion
// protection, table class, server-side encryption, on-demand throughput
// limits, and the tags given to CreateTable. CreateTable and UpdateTable
// read them here; DescribeTable reports them; DeleteTable honours deletion
// protection.
#pragma once

#include <rapidjson/document.h>

#include "catalog/table_schema.h"
#include "ops/request.h"

namespace dynamo_items::ops {

// Whether the request sets any of these settings (for UpdateTable's "at
// least one change" rule).
bool has_table_settings(const Json& req);

// Validates and applies the settings in `req` to `table`, whose billing mode
// is already the request's. on_create: CreateTable's rules (and its Tags).
void apply_table_settings(const Json& req, bool on_create, catalog::TableSchema& table);

void add_table_settings_description(const catalog::TableSchema& table, rapidjson::Value& out,
                                    rapidjson::Document::AllocatorType& a);

}  // namespace dynamo_items::ops
