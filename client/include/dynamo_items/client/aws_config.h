// The AWS shared configuration files, read as the AWS SDKs and the CLI read
// them, so a program finds the region, credentials and endpoint the user's
// other AWS tools use:
//
//   credentials file  AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials;
//                     sections are profile names: [default], [dev]
//   config file       AWS_CONFIG_FILE, else ~/.aws/config; sections are
//                     [default] and [profile dev]
//   profile           the name given, else AWS_PROFILE, else "default"
//
// Per setting, the credentials file wins over the config file (as in the
// SDKs). Settings read: region, aws_access_key_id, aws_secret_access_key,
// aws_session_token, endpoint_url, ca_bundle and
// ignore_configured_endpoint_urls; lines starting with '#' or ';' are
// comments, indented lines continue a nested section and are skipped.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dynamo_items::client {

struct SharedProfile {
  std::string name;
  std::optional<std::string> region, access_key_id, secret_access_key, session_token, endpoint_url, ca_bundle;
  bool ignore_configured_endpoint_urls = false;
};

// Reads `profile` (empty: AWS_PROFILE, else "default") from both files.
// Missing files are empty. Throws std::invalid_argument when a profile named
// explicitly (argument or AWS_PROFILE) is in neither file, as the SDKs do.
SharedProfile load_shared_profile(std::string_view profile = {});

namespace detail {
// section -> key -> value; section names as written ("profile dev").
using IniSections = std::map<std::string, std::map<std::string, std::string>>;
IniSections parse_ini(std::string_view text);
}  // namespace detail

}  // namespace dynamo_items::client
