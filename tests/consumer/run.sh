#!/usr/bin/env bash
# The consumer-project test: `cmake --install` the build into a temporary
# prefix, configure and build tests/consumer against it with
# find_package(dynamo_items), and run the program.
#   run.sh BUILD_DIR CXX_COMPILER [extra cmake args for the consumer...]
set -euo pipefail
build_dir="$1"
cxx="$2"
shift 2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >"$work/install.log" \
  || { cat "$work/install.log" >&2; exit 1; }
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
cmake -S "$here" -B "$work/build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$work/prefix" "$@"
cmake --build "$work/build"
"$work/build/consumer"
