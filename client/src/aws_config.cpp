// The AWS shared config and credentials files (aws_config.h).
#include "dynamo_items/client/aws_config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dynamo_items::client {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string file_path(const char* variable, const char* home_relative) {
  std::string path = env(variable);
  if (path.empty()) {
    const std::string home = env("HOME");
    if (home.empty()) return {};
    path = home + "/" + home_relative;
  } else if (path.size() > 1 && path[0] == '~' && path[1] == '/') {
    path = env("HOME") + path.substr(1);
  }
  return path;
}

detail::IniSections read_ini(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return detail::parse_ini(text.str());
}

void take(const std::map<std::string, std::string>& section, SharedProfile& p) {
  auto set = [&](const char* key, std::optional<std::string>& field) {
    if (auto it = section.find(key); it != section.end() && !field) field = it->second;
  };
  set("aws_access_key_id", p.access_key_id);
  set("aws_secret_access_key", p.secret_access_key);
  set("aws_session_token", p.session_token);
  set("region", p.region);
  set("endpoint_url", p.endpoint_url);
  set("ca_bundle", p.ca_bundle);
  if (auto it = section.find("ignore_configured_endpoint_urls"); it != section.end())
    p.ignore_configured_endpoint_urls = it->second == "true";
}

}  // namespace

namespace detail {

IniSections parse_ini(std::string_view text) {
  IniSections sections;
  std::map<std::string, std::string>* current = nullptr;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    const bool indented = !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      const auto close = line.find(']');
      if (close == std::string_view::npos) {
        current = nullptr;
        continue;
      }
      current = &sections[std::string(trim(line.substr(1, close - 1)))];
      continue;
    }
    // Indented lines belong to a nested setting (s3 =\n  addressing_style = ...).
    if (current == nullptr || indented) continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(trim(line.substr(0, eq)));
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    (*current)[key] = std::string(trim(line.substr(eq + 1)));
  }
  return sections;
}

}  // namespace detail

SharedProfile load_shared_profile(std::string_view profile) {
  SharedProfile p;
  bool named = !profile.empty();
  p.name = std::string(profile);
  if (p.name.empty()) {
    p.name = env("AWS_PROFILE");
    named = !p.name.empty();
  }
  if (p.name.empty()) p.name = "default";

  const auto credentials = read_ini(file_path("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"));
  const auto config = read_ini(file_path("AWS_CONFIG_FILE", ".aws/config"));
  bool found = false;
  if (auto it = credentials.find(p.name); it != credentials.end()) {
    take(it->second, p);
    found = true;
  }
  // The config file names profiles "profile NAME", except the default one
  // (which "profile default" may also spell).
  for (const std::string& section : {"profile " + p.name, p.name == "default" ? p.name : std::string()}) {
    if (section.empty()) continue;
    if (auto it = config.find(section); it != config.end()) {
      take(it->second, p);
      found = true;
    }
  }
  if (named && !found) throw std::invalid_argument("The config profile (" + p.name + ") could not be found");
  return p;
}

}  // namespace dynamo_items::client
