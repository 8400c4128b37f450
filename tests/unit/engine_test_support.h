// What the engine's unit tests share: an Engine opened in memory or in a
// temporary directory, and a request run through Engine::execute that fails
// the test with DynamoDB's error when it does not succeed.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "dynamo_items/engine.h"

namespace dynamo_items::testing {

struct TempDir {
  std::string path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dynamo-items-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

// In memory when `path` is empty.
inline std::unique_ptr<Engine> open_engine(const std::string& path = {}) {
  auto e = Engine::open({.db_path = path});
  REQUIRE(e.ok());
  return std::move(e.value());
}

inline rapidjson::Document run(Engine& e, const char* op, const std::string& json) {
  rapidjson::Document req;
  req.Parse(json.c_str());
  REQUIRE(!req.HasParseError());
  auto res = e.execute(op, req);
  if (!res.ok()) FAIL(res.error().type() + ": " + res.error().message());
  return std::move(res.value());
}

}  // namespace dynamo_items::testing
