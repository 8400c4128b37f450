#include <algorithm>
#include <array>
#include <utility>

#include "ops/operations.h"

namespace dynamo_items::ops {

namespace {
// Sorted by name for binary search. Later operations register here.
constexpr std::array<std::pair<std::string_view, Operation>, 43> kOperations{{
    {"BatchExecuteStatement", &batch_execute_statement},
    {"BatchGetItem", &batch_get_item},
    {"BatchWriteItem", &batch_write_item},
    {"CreateBackup", &create_backup},
    {"CreateSnapshot", &create_snapshot},
    {"CreateTable", &create_table},
    {"DeleteBackup", &delete_backup},
    {"DeleteItem", &delete_item},
    {"DeleteSnapshot", &delete_snapshot},
    {"DeleteTable", &delete_table},
    {"DescribeBackup", &describe_backup},
    {"DescribeContinuousBackups", &describe_continuous_backups},
    {"DescribeContributorInsights", &describe_contributor_insights},
    {"DescribeLimits", &describe_limits},
    {"DescribeStream", &describe_stream},
    {"DescribeTable", &describe_table},
    {"DescribeTimeToLive", &describe_time_to_live},
    {"ExecuteStatement", &execute_statement},
    {"ExecuteTransaction", &execute_transaction},
    {"GetItem", &get_item},
    {"GetRecords", &get_records},
    {"GetShardIterator", &get_shard_iterator},
    {"ListBackups", &list_backups},
    {"ListContributorInsights", &list_contributor_insights},
    {"ListSnapshots", &list_snapshots},
    {"ListStreams", &list_streams},
    {"ListTables", &list_tables},
    {"ListTagsOfResource", &list_tags_of_resource},
    {"PutItem", &put_item},
    {"Query", &query},
    {"RestoreSnapshot", &restore_snapshot},
    {"RestoreTableFromBackup", &restore_table_from_backup},
    {"RestoreTableToPointInTime", &restore_table_to_point_in_time},
    {"Scan", &scan},
    {"TagResource", &tag_resource},
    {"TransactGetItems", &transact_get_items},
    {"TransactWriteItems", &transact_write_items},
    {"UntagResource", &untag_resource},
    {"UpdateContinuousBackups", &update_continuous_backups},
    {"UpdateContributorInsights", &update_contributor_insights},
    {"UpdateItem", &update_item},
    {"UpdateTable", &update_table},
    {"UpdateTimeToLive", &update_time_to_live},
}};
constexpr bool sorted_by_name() {
  for (std::size_t i = 1; i < kOperations.size(); ++i) {
    if (!(kOperations[i - 1].first < kOperations[i].first)) return false;
  }
  return true;
}
static_assert(sorted_by_name(), "kOperations must stay sorted for binary search");
}  // namespace

Operation find_operation(std::string_view name) {
  auto it = std::lower_bound(kOperations.begin(), kOperations.end(), name,
                             [](const auto& entry, std::string_view n) { return entry.first < n; });
  if (it != kOperations.end() && it->first == name) return it->second;
  return nullptr;
}

}  // namespace dynamo_items::ops
