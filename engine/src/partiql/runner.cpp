#include "partiql/runner.h"

#include <cstdint>
#include <cstdio>

#include <rapidjson/writer.h>

#include "dynamo_items/string_sink.h"
#include "engine_impl.h"
#include "ops/operations.h"
#include "value/base64.h"
#include "value/json_codec.h"

namespace dynamo_items::partiql {

namespace {

using Value = rapidjson::Value;

std::string to_json(const Value& v) {
  std::string out;
  StringSink sink{&out};
  rapidjson::Writer<StringSink> writer(sink);
  v.Accept(writer);
  return out;
}

std::string fnv_hex(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// The value at `steps` inside an item (DynamoDB JSON), or nullptr.
const Value* walk(const Value& item, const std::vector<PathStep>& steps) {
  auto it = item.FindMember(steps.front().name.c_str());
  if (it == item.MemberEnd()) return nullptr;
  const Value* cur = &it->value;
  for (std::size_t i = 1; i < steps.size(); ++i) {
    if (!cur->IsObject()) return nullptr;
    if (steps[i].is_index) {
      auto list = cur->FindMember("L");
      if (list == cur->MemberEnd() || !list->value.IsArray() ||
          steps[i].index >= static_cast<std::int64_t>(list->value.Size())) {
        return nullptr;
      }
      cur = &list->value[static_cast<rapidjson::SizeType>(steps[i].index)];
    } else {
      auto map = cur->FindMember("M");
      if (map == cur->MemberEnd() || !map->value.IsObject()) return nullptr;
      auto field = map->value.FindMember(steps[i].name.c_str());
      if (field == map->value.MemberEnd()) return nullptr;
      cur = &field->value;
    }
  }
  return cur;
}

void rename_all(rapidjson::Document& res, const std::vector<Column>& columns) {
  for (Value& item : res["Items"].GetArray()) rename_columns(item, columns, res.GetAllocator());
}

// "#n3" in a classic operation's message is the attribute it stands for.
std::string with_names(const Plan& plan, const std::string& message) {
  auto names = plan.request.FindMember("ExpressionAttributeNames");
  if (names == plan.request.MemberEnd() || message.find("#n") == std::string::npos) return message;
  std::string out;
  for (std::size_t i = 0; i < message.size();) {
    std::size_t j = i + 2;
    while (j < message.size() && message[j] >= '0' && message[j] <= '9') ++j;
    if (message.compare(i, 2, "#n") == 0 && j > i + 2) {
      const std::string placeholder = message.substr(i, j - i);
      auto it = names->value.FindMember(placeholder.c_str());
      if (it != names->value.MemberEnd()) {
        out.append(it->value.GetString(), it->value.GetStringLength());
        i = j;
        continue;
      }
    }
    out += message[i++];
  }
  return out;
}

void take_member(rapidjson::Document& res, const char* name) {
  if (res.HasMember(name)) res.RemoveMember(name);
}

}  // namespace

void rename_columns(Value& item, const std::vector<Column>& columns, rapidjson::Document::AllocatorType& a) {
  if (columns.empty() || !item.IsObject()) return;
  Value renamed(rapidjson::kObjectType);
  for (const Column& c : columns) {
    if (const Value* v = walk(item, c.steps)) {
      renamed.RemoveMember(c.name.c_str());
      renamed.AddMember(Value(c.name.c_str(), static_cast<rapidjson::SizeType>(c.name.size()), a), Value(*v, a), a);
    }
  }
  item = std::move(renamed);
}

std::string statement_binding(std::string_view statement, const Value* parameters) {
  std::string text(statement);
  if (parameters != nullptr) {
    text += '\n';
    text += to_json(*parameters);
  }
  return fnv_hex(text);
}

std::vector<AttributeValue> statement_parameters(const Value* parameters, std::size_t expected) {
  std::vector<AttributeValue> out;
  if (parameters != nullptr) {
    for (const Value& p : parameters->GetArray()) out.push_back(json::decode_value(p));
  }
  if (out.size() != expected) throw Error::validation("Number of parameters in request and statement don't match.");
  return out;
}

std::string encode_next_token(const Value& last_evaluated_key, std::string_view binding) {
  return base64::encode(std::string(binding) + to_json(last_evaluated_key));
}

rapidjson::Document decode_next_token(std::string_view token, std::string_view binding) {
  base64::DecodeResult decoded = base64::decode(token);
  rapidjson::Document key;
  if (decoded.error != base64::DecodeError::kNone || decoded.bytes.size() < 16) {
    throw Error::validation("Invalid NextToken");
  }
  key.Parse(decoded.bytes.data() + 16, decoded.bytes.size() - 16);
  if (key.HasParseError() || !key.IsObject()) throw Error::validation("Invalid NextToken");
  if (decoded.bytes.compare(0, 16, binding) != 0) throw Error::validation("NextToken does not match request");
  return key;
}

Error statement_error(const Plan& plan, const Error& e) {
  if (plan.kind == StatementKind::kInsert && e.type() == "ConditionalCheckFailedException") {
    return Error("DuplicateItemException", "Duplicate primary key exists in table");
  }
  if (e.type() != "ValidationException") return e;
  const std::string message = with_names(plan, e.message());
  for (std::string_view prefix : {"Invalid FilterExpression: ", "Invalid ConditionExpression: ",
                                  "Invalid KeyConditionExpression: ", "Invalid UpdateExpression: ",
                                  "Invalid ProjectionExpression: "}) {
    if (message.rfind(prefix, 0) == 0) {
      Error stripped = Error::validation(message.substr(prefix.size()));
      stripped.item = e.item;
      return stripped;
    }
  }
  if (message == e.message()) return e;
  Error named = Error::validation(message);
  named.item = e.item;
  return named;
}

rapidjson::Document run_plan(EngineImpl& engine, Plan& plan, std::string_view binding) {
  ops::Operation op = ops::find_operation(plan.operation);
  rapidjson::Document res;
  try {
    res = op(engine, plan.request);
  } catch (const Error& e) {
    throw statement_error(plan, e);
  }
  auto& a = res.GetAllocator();
  const std::string_view operation(plan.operation);
  Value items(rapidjson::kArrayType);
  if (operation == "GetItem") {
    if (res.HasMember("Item")) items.PushBack(res["Item"].Move(), a);
    take_member(res, "Item");
  } else if (operation == "Query" || operation == "Scan") {
    items = res["Items"].Move();
    take_member(res, "Items");
    take_member(res, "Count");
    take_member(res, "ScannedCount");
    if (res.HasMember("LastEvaluatedKey")) {
      const std::string token = encode_next_token(res["LastEvaluatedKey"], binding);
      res.AddMember("NextToken", Value(token.c_str(), static_cast<rapidjson::SizeType>(token.size()), a), a);
    }
  } else {
    // A write: the item RETURNING asked for, when there is one.
    if (res.HasMember("Attributes") && res["Attributes"].IsObject() && res["Attributes"].MemberCount() > 0) {
      items.PushBack(res["Attributes"].Move(), a);
    }
    take_member(res, "Attributes");
  }
  res.AddMember("Items", items, a);
  if (!plan.columns.empty()) rename_all(res, plan.columns);
  return res;
}

}  // namespace dynamo_items::partiql
