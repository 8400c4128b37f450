// StreamSpecification on CreateTable and UpdateTable; see stream_specification.h.
#include "ops/stream_specification.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "dynamo_items/error.h"
#include "ops/resource_arn.h"
#include "streams/stream_log.h"

namespace dynamo_items::ops {

// A new stream: its label is its creation time (as DynamoDB's are), its
// records' key space is new, so an old stream's records never show in it.
void start_stream(catalog::TableSchema& table, const std::string& view_type) {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char label[64];  // room for any int the format could print
  std::snprintf(label, sizeof label, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  table.stream_enabled = true;
  table.stream_view_type = view_type;
  table.stream_label = label;
  // Table ids are never reused; 2^16 streams per table are plenty.
  table.stream_no = (table.id << 16) | ((table.stream_no + 1) & 0xFFFF);
  table.stream_created = static_cast<double>(ms) / 1000.0;
}

std::optional<StreamSpec> read_stream_specification(const Json& req, ConstraintErrors& errors) {
  const Json* spec = opt_object(req, "StreamSpecification");
  if (spec == nullptr) return std::nullopt;
  StreamSpec out;
  auto enabled = opt_bool(*spec, "StreamEnabled");
  errors.not_null(member(*spec, "StreamEnabled"), "streamSpecification.streamEnabled");
  auto view = opt_string(*spec, "StreamViewType");
  errors.enum_value(view, "streamSpecification.streamViewType",
                    {"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"});
  out.enabled = enabled.value_or(false);
  if (view) out.view_type = std::string(*view);
  return out;
}

bool check_stream_on_create(const StreamSpec& spec) {
  if (spec.enabled && !spec.view_type) {
    invalid_parameter("Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (!spec.enabled && spec.view_type) {
    invalid_parameter("Table is being created with a stream disabled, UpdateViewType should not be specified");
  }
  return spec.enabled;
}

void apply_stream_on_update(const StreamSpec& spec, catalog::TableSchema& table) {
  if (spec.enabled) {
    if (!spec.view_type) invalid_parameter("If stream is being enabled then UpdateViewType is required");
    if (table.stream_enabled) {
      throw Error::validation("Table already has an enabled stream: TableName: " + table.name);
    }
    start_stream(table, *spec.view_type);
  } else {
    if (spec.view_type) invalid_parameter("If stream is being disabled, then UpdateViewType must not be specified");
    if (!table.stream_enabled) throw Error::validation("Table has no stream to disable: TableName: " + table.name);
    table.stream_enabled = false;
  }
}

void add_stream_description(const catalog::TableSchema& table, rapidjson::Value& out,
                            rapidjson::Document::AllocatorType& a) {
  if (table.stream_no == 0) return;
  if (table.stream_enabled) {
    rapidjson::Value spec(rapidjson::kObjectType);
    spec.AddMember("StreamEnabled", true, a);
    spec.AddMember("StreamViewType", rapidjson::Value(table.stream_view_type.c_str(), a), a);
    out.AddMember("StreamSpecification", spec, a);
  }
  out.AddMember("LatestStreamLabel", rapidjson::Value(table.stream_label.c_str(), a), a);
  out.AddMember("LatestStreamArn", rapidjson::Value(stream_arn(table).c_str(), a), a);
}

}  // namespace dynamo_items::ops
