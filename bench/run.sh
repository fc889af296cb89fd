#!/usr/bin/env bash
# Kluis bench: measured, never asserted. Loopback only; stops by itself.
#   bench/run.sh            (or: make bench)
# Knobs (BENCH_*, not KLUIS_*: the server refuses unknown KLUIS_* variables):
#   BENCH_DURATION=10s BENCH_CONNECTIONS=64 BENCH_THREADS=2 (wrk threads)
#   BENCH_HTTP_THREADS=N  sets the server's http.threads (default: the server's own, 6)
#   BENCH_DOSSIERS=100000  size of the dossier data set for bench/dossiers.sh
#                          (0 skips that part)
# Prints start-up time, idle RSS, and for /healthz and /app/ (signed in):
# req/s and p99 latency, then the ratio /app/ : /healthz; then runs
# bench/dossiers.sh (dossier search and dossier view on generated data).
set -euo pipefail
cd "$(dirname "$0")/.."

EMAIL=bench@kantoor.test
PASSWORD=Tafel-Lamp-Rivier-2048
. bench/lib.sh

bench_header

# 1. Start-up on an empty data directory (creates and migrates the database).
mkdir "$TMP/empty"
start_server "$TMP/empty"
COLD_MS=$STARTUP_MS
stop_server
echo "start-up, empty data dir (creates + migrates the DB): ${COLD_MS} ms; exit on SIGTERM: $EXIT"

# 2. Start-up on an existing data directory, then idle RSS.
mkdir "$TMP/data"
add_user "$TMP/data" "$EMAIL" "$PASSWORD"
start_server "$TMP/data"
WARM_MS=$STARTUP_MS
sleep 1
IDLE_RSS=$(rss_kb)
echo "start-up, existing data dir: ${WARM_MS} ms; idle RSS after 1 s: ${IDLE_RSS} kB"

# 3. Sign in through the API to get the session cookie.
sign_in "$EMAIL" "$PASSWORD"
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

cleanup; trap - EXIT
if [ "${BENCH_UPLOAD:-1}" != 0 ]; then
  echo
  bench/upload.sh
fi
if [ "${BENCH_DOSSIERS:-100000}" != 0 ]; then
  echo
  exec bench/dossiers.sh
fi
