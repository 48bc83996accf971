#!/usr/bin/env bash
# Real MongoDB-protocol server for tests: FerretDB v1.24.2 (embedded, SQLite backend),
# built from the Go module proxy via the wrapper module in scripts/ferretdb/.
#
#   scripts/ferretdb.sh start   # builds once (cached), starts in background,
#                               # prints exactly one line on stdout: MONGODB_URI=mongodb://127.0.0.1:PORT/
#   scripts/ferretdb.sh stop    # stops it and removes its temp data dir
#
# Typical use:  eval "export $(scripts/ferretdb.sh start)"; ...; scripts/ferretdb.sh stop
#
# Environment (all optional):
#   FERRETDB_CACHE          binary cache dir        (default: $HOME/.cache/justask-ferretdb)
#   FERRETDB_STATE          state file              (default: ${TMPDIR:-/tmp}/justask-ferretdb.state)
#   FERRETDB_PORT           listen port             (default: 0 = a free port picked at bind time)
#   FERRETDB_START_TIMEOUT  seconds to wait for ping (default: 60)
#   FERRETDB_LOG_LEVEL      debug|info|warn|error   (default: info)
# Needs only `go` (>= 1.24, or a Go that can fetch that toolchain) and coreutils.
set -euo pipefail

FERRETDB_VERSION=1.24.2
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC_DIR="$SCRIPT_DIR/ferretdb"
CACHE_DIR="${FERRETDB_CACHE:-${HOME:-/tmp}/.cache/justask-ferretdb}"
BIN="$CACHE_DIR/ferretdb-$FERRETDB_VERSION"
STAMP="$BIN.stamp"
STATE_FILE="${FERRETDB_STATE:-${TMPDIR:-/tmp}/justask-ferretdb.state}"
START_TIMEOUT="${FERRETDB_START_TIMEOUT:-60}"
DIR_PREFIX="justask-ferretdb."

log() { echo "ferretdb.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Reads key from the state file ("key=value" lines); prints nothing if absent.
state_get() {
  [[ -f "$STATE_FILE" ]] || return 0
  sed -n "s/^$1=//p" "$STATE_FILE" | head -n 1
}

# True if pid is alive and is our FerretDB binary (guards against pid reuse).
is_ours() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    tr '\0' '\n' <"/proc/$pid/cmdline" | head -n 1 | grep -q "ferretdb-$FERRETDB_VERSION" || return 1
  fi
  return 0
}

source_hash() {
  (cd "$SRC_DIR" && cat go.mod go.sum main.go) | sha256sum | cut -d' ' -f1
}

build() {
  command -v go >/dev/null 2>&1 || die "'go' not found on PATH (needed to build FerretDB)"
  local want
  want="$(source_hash)"
  if [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    return 0
  fi
  mkdir -p "$CACHE_DIR"
  log "building FerretDB v$FERRETDB_VERSION into $BIN (first build takes ~1-2 min)..."
  local tmp="$BIN.tmp.$$" t0=$SECONDS
  if ! (cd "$SRC_DIR" && GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=readonly \
        go build -buildvcs=false -trimpath -o "$tmp" .) >&2; then
    rm -f "$tmp"
    die "go build failed"
  fi
  mv -f "$tmp" "$BIN"
  echo "$want" >"$STAMP"
  log "built in $((SECONDS - t0))s"
}

cmd_start() {
  # Reuse a server that is already running from this state file.
  local old_pid old_uri
  old_pid="$(state_get pid)"
  old_uri="$(state_get uri)"
  if [[ -n "$old_pid" ]] && is_ours "$old_pid"; then
    if [[ -n "$old_uri" ]] && [[ -x "$BIN" ]] && "$BIN" -ping "$old_uri" -ping-timeout 2s 2>/dev/null; then
      log "already running (pid $old_pid), reusing it"
      echo "MONGODB_URI=$old_uri"
      return 0
    fi
    log "stale server (pid $old_pid) found, stopping it"
    cmd_stop
  elif [[ -f "$STATE_FILE" ]]; then
    cmd_stop
  fi

  build

  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/${DIR_PREFIX}XXXXXX")"
  mkdir -p "$dir/data"
  local logf="$dir/ferretdb.log" urif="$dir/uri"

  # stdin/stdout/stderr all detached so `$(ferretdb.sh start)` does not hang.
  "$BIN" -dir "$dir/data" -host 127.0.0.1 -port "${FERRETDB_PORT:-0}" \
    -uri-file "$urif" -log-level "${FERRETDB_LOG_LEVEL:-info}" \
    </dev/null >>"$logf" 2>&1 &
  local pid=$!
  printf 'pid=%s\ndir=%s\n' "$pid" "$dir" >"$STATE_FILE"

  local deadline=$((SECONDS + START_TIMEOUT)) uri=""
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "FerretDB exited during startup; log ($logf):"
      cat "$logf" >&2 || true
      cmd_stop
      exit 1
    fi
    if [[ -z "$uri" && -s "$urif" ]]; then
      uri="$(head -n 1 "$urif")"
    fi
    if [[ -n "$uri" ]] && "$BIN" -ping "$uri" -ping-timeout 2s 2>/dev/null; then
      break
    fi
    if ((SECONDS >= deadline)); then
      log "timed out after ${START_TIMEOUT}s waiting for FerretDB to answer ping; log ($logf):"
      cat "$logf" >&2 || true
      cmd_stop
      exit 1
    fi
    sleep 0.2
  done

  printf 'pid=%s\ndir=%s\nuri=%s\n' "$pid" "$dir" "$uri" >"$STATE_FILE"
  log "FerretDB v$FERRETDB_VERSION running (pid $pid, data $dir/data, log $logf)"
  echo "MONGODB_URI=$uri"
}

cmd_stop() {
  if [[ ! -f "$STATE_FILE" ]]; then
    log "not running (no state file $STATE_FILE)"
    return 0
  fi
  local pid dir
  pid="$(state_get pid)"
  dir="$(state_get dir)"
  if [[ -n "$pid" ]] && is_ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not exit after SIGTERM, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped (pid $pid)"
  fi
  # Only ever remove a directory this script created.
  if [[ -n "$dir" && -d "$dir" && "$(basename "$dir")" == "$DIR_PREFIX"* ]]; then
    rm -rf -- "$dir"
  fi
  rm -f -- "$STATE_FILE"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
