#!/usr/bin/env bash
# Installs the JavaScript test dependencies (package-lock.json, exact versions)
# into tests/conformance/js/node_modules with `npm ci`. ctest runs it as the
# fixture of the JavaScript tests; it is quick when node_modules already
# matches the lock file (a stamp holds the lock's hash), so it is safe to run
# every time. A missing or too old node/npm is an error, not a skip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

fail() { printf 'js deps: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "node not found (./dev deps installs nodejs)"
command -v npm >/dev/null 2>&1 || fail "npm not found (./dev deps installs npm)"
# AWS SDK v3's current releases declare node >= 20.
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || fail "node $(node --version) is too old: the AWS SDK v3 needs node >= 20"

stamp=node_modules/.dynamo-items-lock.sha256
want="$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
printf 'js deps: npm ci in %s\n' "$PWD" >&2
npm ci --no-audit --no-fund --loglevel=error
printf '%s\n' "$want" >"$stamp"
