#!/usr/bin/env bash
# Kluis bench: measured, never asserted. Loopback only; stops by itself.
#   bench/run.sh            (or: make bench)
# Knobs (BENCH_*, not KLUIS_*: the server refuses unknown KLUIS_* variables):
#   BENCH_DURATION=10s BENCH_CONNECTIONS=64 BENCH_THREADS=2 (wrk threads)
#   BENCH_HTTP_THREADS=N  sets the server's http.threads (default: the server's own, 6)
# Prints start-up time, idle RSS, and for /healthz and /app/ (signed in):
# req/s and p99 latency, then the ratio /app/ : /healthz.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
BIN=build/kluis
EMAIL=bench@kantoor.test
PASSWORD=Tafel-Lamp-Rivier-2048

[ -x "$BIN" ] || make --no-print-directory
if ! command -v wrk >/dev/null; then
  apt-get -o DPkg::Lock::Timeout=300 install -y wrk >/dev/null
fi

# Run kluis with no KLUIS_* from the caller's environment, log level warn.
# (An array, not a function: with `&`, $! must be the server itself.)
KLUIS=(env)
for v in $(compgen -e | grep '^KLUIS_' || true); do KLUIS+=(-u "$v"); done
KLUIS+=(KLUIS_LOG_LEVEL=warn)
[ -n "${BENCH_HTTP_THREADS:-}" ] && KLUIS+=(KLUIS_HTTP_THREADS="$BENCH_HTTP_THREADS")
KLUIS+=("$BIN")

TMP=$(mktemp -d /tmp/kluis-bench.XXXXXX)
PID=
DRAIN=
EXIT=
stop_server() { # SIGTERM, wait; sets EXIT to the exit status
  [ -n "$PID" ] || return 0
  kill -TERM "$PID" 2>/dev/null || true
  EXIT=0
  wait "$PID" || EXIT=$?
  PID=
  if [ -n "$DRAIN" ]; then wait "$DRAIN" 2>/dev/null || true; DRAIN=; fi
}
cleanup() { stop_server || true; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server DATADIR: spawns the server, sets PID, URL and STARTUP_MS
# (spawn until the "listening on" line arrives).
start_server() {
  local fifo="$TMP/stdout.fifo" line t0 t1
  rm -f "$fifo"; mkfifo "$fifo"
  t0=$EPOCHREALTIME
  "${KLUIS[@]}" serve --data "$1" --listen 127.0.0.1:0 >"$fifo" 2>>"$TMP/server.err" &
  PID=$!
  exec 3<"$fifo"
  if ! IFS= read -r -t 10 line <&3 || [[ $line != "listening on http://"* ]]; then
    echo "bench: server did not start: ${line:-}" >&2; cat "$TMP/server.err" >&2; exit 1
  fi
  t1=$EPOCHREALTIME
  cat <&3 >/dev/null & DRAIN=$!   # keep draining stdout so the server never blocks on it
  exec 3<&-
  URL=${line#listening on }
  STARTUP_MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status"; }

# run_wrk LABEL PATH [wrk args...]: prints wrk's output, sets RPS and P99_MS.
run_wrk() {
  local label=$1 path=$2; shift 2
  echo "== $label: wrk -t$THREADS -c$CONNS -d$DURATION --latency $URL$path"
  local out
  out=$(timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s bench/report.lua "$@" "$URL$path")
  echo "$out" | sed 's/^/   /'
  local res; res=$(echo "$out" | grep '^RESULT ')
  RPS=$(echo "$res" | sed -E 's/.* rps=([0-9.]+).*/\1/')
  P99_MS=$(echo "$res" | sed -E 's/.* p99_us=([0-9]+).*/\1/' | awk '{ printf "%.2f", $1 / 1000 }')
  local bad; bad=$(echo "$res" | awk '{ s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^(non2xx3xx|connect_err|read_err|write_err|timeouts)=/) { split($i, kv, "="); s += kv[2] } print s }')
  [ "$bad" -eq 0 ] || echo "   WARNING: $bad non-2xx/3xx responses or socket errors during this run"
}

echo "Kluis bench — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $("$BIN" version 2>/dev/null | head -1)"

# 1. Start-up on an empty data directory (creates and migrates the database).
mkdir "$TMP/empty"
start_server "$TMP/empty"
COLD_MS=$STARTUP_MS
stop_server
echo "start-up, empty data dir (creates + migrates the DB): ${COLD_MS} ms; exit on SIGTERM: $EXIT"

# 2. Start-up on an existing data directory, then idle RSS.
mkdir "$TMP/data"
printf '%s\n' "$PASSWORD" | "${KLUIS[@]}" user add --email "$EMAIL" --name "Bench Adviseur" --role advisor \
  --password-stdin --data "$TMP/data" >/dev/null 2>"$TMP/useradd.err" || { cat "$TMP/useradd.err" >&2; exit 1; }
start_server "$TMP/data"
WARM_MS=$STARTUP_MS
sleep 1
IDLE_RSS=$(rss_kb)
echo "start-up, existing data dir: ${WARM_MS} ms; idle RSS after 1 s: ${IDLE_RSS} kB"

# 3. Sign in through the API to get the session cookie.
curl -sf -o /dev/null -c "$TMP/jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$URL/api/v1/session"
COOKIE=$(awk '$6 == "kluis_staff" { print $7 }' "$TMP/jar")
[ -n "$COOKIE" ] || { echo "bench: no kluis_staff cookie after login" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: kluis_staff=$COOKIE" "$URL/app/")
[ "$code" = 200 ] || { echo "bench: GET /app/ with the cookie gave $code, not 200" >&2; exit 1; }

# 4. Load.
run_wrk "/healthz" /healthz
H_RPS=$RPS H_P99=$P99_MS
run_wrk "/app/ (signed in)" /app/ -H "Cookie: kluis_staff=$COOKIE"
A_RPS=$RPS A_P99=$P99_MS
AFTER_RSS=$(rss_kb)
# wrk counts 3xx as success: make sure the session held (no redirect to the login page).
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: kluis_staff=$COOKIE" "$URL/app/")
[ "$code" = 200 ] || echo "WARNING: after the run GET /app/ with the cookie gave $code: the /app/ figures are not of the signed-in page"
stop_server

RATIO=$(awk -v a="$A_RPS" -v h="$H_RPS" 'BEGIN { printf "%.2f", a / h }')
echo
echo "== summary ($CONNS connections, $THREADS wrk threads, $DURATION each, server http.threads ${BENCH_HTTP_THREADS:-default})"
printf '%-22s %12s %10s\n' "endpoint" "req/s" "p99 ms"
printf '%-22s %12s %10s\n' "/healthz" "$H_RPS" "$H_P99"
printf '%-22s %12s %10s\n' "/app/ (signed in)" "$A_RPS" "$A_P99"
echo "ratio /app/ : /healthz  $RATIO"
echo "start-up               ${WARM_MS} ms (existing data dir), ${COLD_MS} ms (empty data dir)"
echo "idle RSS               ${IDLE_RSS} kB; after load ${AFTER_RSS} kB"
echo "server exit on SIGTERM $EXIT"
