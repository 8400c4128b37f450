// The on-disk format version of a database: a meta entry ("format-version",
// u64 big-endian) written when a database is first opened, and checked at
// every open, so a build never misreads a database written by an
// incompatible one. Bump kFormatVersion whenever a change to the key layout
// (layout.h), the item codec or the catalog's schema text would be misread
// by the previous build, and keep reading the versions it can.
//
// Versions: 1 = the layout of docs/ARCHITECTURE.md as of 2026-12 (databases
// written before the entry existed are version 1 too).
#pragma once

#include <cstdint>
#include <string>

namespace dynamo_items::storage {

class Store;

inline constexpr std::uint64_t kFormatVersion = 1;

// Records kFormatVersion in a database that has none; throws Error::internal
// with a message naming both versions and `where` when the database has
// another version.
void check_format_version(Store& store, const std::string& where);

}  // namespace dynamo_items::storage
