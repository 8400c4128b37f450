// Models shared by the client tests: the seed README's three item models and
// a model with a field of every supported type.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/uuid/uuid.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dynamo_items/client/client.h"

namespace client_test {

using dynamo_items::client::Bytes;
using Micros = std::chrono::sys_time<std::chrono::microseconds>;

enum class Statuses { pending, failed, complete };
BOOST_DESCRIBE_ENUM(Statuses, pending, failed, complete)

struct Command {
  boost::uuids::uuid command_id{};
  Statuses status = Statuses::pending;
  int retry = 0;
  bool operator==(const Command&) const = default;
};
BOOST_DESCRIBE_STRUCT(Command, (), (command_id, status, retry))

struct CommandV2 {
  boost::uuids::uuid device_id{};
  boost::uuids::uuid command_id{};
  Statuses status = Statuses::pending;
  int retry = 0;
  bool operator==(const CommandV2&) const = default;
};
BOOST_DESCRIBE_STRUCT(CommandV2, (), (device_id, command_id, status, retry))

struct CommandV2Log {
  boost::uuids::uuid device_id{};
  Micros timestamp = std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
  std::string log;
  bool operator==(const CommandV2Log&) const = default;
};
BOOST_DESCRIBE_STRUCT(CommandV2Log, (), (device_id, timestamp, log))

struct Inner {
  std::string name;
  std::optional<int> n;
  bool operator==(const Inner&) const = default;
};
BOOST_DESCRIBE_STRUCT(Inner, (), (name, n))

struct Everything {
  std::string s;
  bool b = false;
  std::int8_t i8 = 0;
  std::int16_t i16 = 0;
  std::int32_t i32 = 0;
  std::int64_t i64 = 0;
  std::uint8_t u8 = 0;
  std::uint64_t u64 = 0;
  float f = 0;
  double d = 0;
  Bytes bytes;
  Statuses status = Statuses::pending;
  boost::uuids::uuid id{};
  Micros t_us{};
  std::chrono::system_clock::time_point t_ns{};
  std::chrono::sys_seconds t_s{};
  std::optional<std::string> opt_present;
  std::optional<int> opt_absent;
  std::vector<int> ints;
  std::vector<std::optional<std::string>> opt_list;
  std::vector<std::set<std::string>> set_list;
  std::set<std::string> ss;
  std::set<double> ns;
  std::set<Bytes> bs;
  std::set<std::int64_t> empty_ns;
  std::map<std::string, Inner> by_name;
  Inner inner;
  std::vector<Inner> inners;
  bool operator==(const Everything&) const = default;
};
BOOST_DESCRIBE_STRUCT(Everything, (),
                      (s, b, i8, i16, i32, i64, u8, u64, f, d, bytes, status, id, t_us, t_ns, t_s, opt_present,
                       opt_absent, ints, opt_list, set_list, ss, ns, bs, empty_ns, by_name, inner, inners))

inline boost::uuids::uuid uuid_of(const char* text) {
  boost::uuids::uuid u{};
  dynamo_items::client::detail::parse_uuid(text, u);
  return u;
}

// A transport that records requests and answers with canned responses
// (an empty object unless one was queued).
class RecordingTransport : public dynamo_items::client::Transport {
 public:
  rapidjson::Document execute(std::string_view operation, rapidjson::Document request) override {
    operations.emplace_back(operation);
    requests.push_back(std::move(request));
    rapidjson::Document res(rapidjson::kObjectType);
    if (!responses.empty()) {
      res.CopyFrom(responses.front(), res.GetAllocator());
      responses.erase(responses.begin());
    }
    return res;
  }
  std::vector<std::string> operations;
  std::vector<rapidjson::Document> requests;
  std::vector<rapidjson::Document> responses;
};

inline rapidjson::Document parse(const char* json) {
  rapidjson::Document d;
  d.Parse(json);
  return d;
}

inline std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer b;
  rapidjson::Writer<rapidjson::StringBuffer> w(b);
  v.Accept(w);
  return std::string(b.GetString(), b.GetSize());
}

}  // namespace client_test
