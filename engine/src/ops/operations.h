// Operations: one function per DynamoDB operation, all with the same
// signature, dispatched by name from one table (dispatch.cpp). Each takes the
// parsed request and returns the response document, or throws Error.
#pragma once

#include <string_view>

#include <rapidjson/document.h>

namespace dynamo_items {
class EngineImpl;
}

namespace dynamo_items::ops {

using Request = rapidjson::Value;
using Response = rapidjson::Document;
using Operation = Response (*)(EngineImpl&, const Request&);

// nullptr for an unknown name.
Operation find_operation(std::string_view name);

Response create_table(EngineImpl&, const Request&);
Response describe_table(EngineImpl&, const Request&);
Response list_tables(EngineImpl&, const Request&);
Response delete_table(EngineImpl&, const Request&);
Response put_item(EngineImpl&, const Request&);
Response get_item(EngineImpl&, const Request&);
Response delete_item(EngineImpl&, const Request&);
Response update_item(EngineImpl&, const Request&);
Response update_table(EngineImpl&, const Request&);
Response batch_write_item(EngineImpl&, const Request&);
Response batch_get_item(EngineImpl&, const Request&);
Response query(EngineImpl&, const Request&);
Response scan(EngineImpl&, const Request&);
Response describe_limits(EngineImpl&, const Request&);
Response describe_continuous_backups(EngineImpl&, const Request&);
Response update_continuous_backups(EngineImpl&, const Request&);
// On-demand backups (backups/backup_store.h).
Response create_backup(EngineImpl&, const Request&);
Response describe_backup(EngineImpl&, const Request&);
Response list_backups(EngineImpl&, const Request&);
Response delete_backup(EngineImpl&, const Request&);
Response restore_table_from_backup(EngineImpl&, const Request&);
Response restore_table_to_point_in_time(EngineImpl&, const Request&);
// Named snapshots (dynamo-items' own API, target prefix DynamoItems_20261201;
// backups/snapshot_store.h).
Response create_snapshot(EngineImpl&, const Request&);
Response restore_snapshot(EngineImpl&, const Request&);
Response list_snapshots(EngineImpl&, const Request&);
Response delete_snapshot(EngineImpl&, const Request&);
Response describe_contributor_insights(EngineImpl&, const Request&);
Response update_contributor_insights(EngineImpl&, const Request&);
Response list_contributor_insights(EngineImpl&, const Request&);
// DynamoDB Streams API (target prefix DynamoDBStreams_20120810).
Response list_streams(EngineImpl&, const Request&);
Response describe_stream(EngineImpl&, const Request&);
Response get_shard_iterator(EngineImpl&, const Request&);
Response get_records(EngineImpl&, const Request&);
Response describe_time_to_live(EngineImpl&, const Request&);
Response update_time_to_live(EngineImpl&, const Request&);
Response tag_resource(EngineImpl&, const Request&);
Response untag_resource(EngineImpl&, const Request&);
Response list_tags_of_resource(EngineImpl&, const Request&);
Response transact_get_items(EngineImpl&, const Request&);
Response transact_write_items(EngineImpl&, const Request&);
// PartiQL (partiql/): statements run as the classic operations above.
Response execute_statement(EngineImpl&, const Request&);
Response batch_execute_statement(EngineImpl&, const Request&);
Response execute_transaction(EngineImpl&, const Request&);

}  // namespace dynamo_items::ops
