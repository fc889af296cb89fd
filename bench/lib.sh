# Kluis bench: shared by bench/run.sh and bench/dossiers.sh (sourced, run
# from the repository root). Sets DURATION, CONNS, THREADS, BIN, the KLUIS
# command array, TMP (removed on exit) and the functions below.

DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
BIN=${BENCH_BIN:-build/kluis}

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

# add_user DATADIR EMAIL PASSWORD: an advisor account without 2FA.
add_user() {
  printf '%s\n' "$3" | "${KLUIS[@]}" user add --email "$2" --name "Bench Adviseur" --role advisor \
    --password-stdin --data "$1" >/dev/null 2>"$TMP/useradd.err" || { cat "$TMP/useradd.err" >&2; exit 1; }
}

# sign_in EMAIL PASSWORD: POST /api/v1/session; sets COOKIE (kluis_staff).
sign_in() {
  curl -sf -o /dev/null -c "$TMP/jar" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" "$URL/api/v1/session"
  COOKIE=$(awk '$6 == "kluis_staff" { print $7 }' "$TMP/jar")
  [ -n "$COOKIE" ] || { echo "bench: no kluis_staff cookie after login" >&2; exit 1; }
}

# run_wrk LABEL PATH [wrk args...]: prints wrk's output, sets RPS, P50_MS,
# P99_MS and BAD (non-2xx/3xx responses plus socket errors). A -s script
# given in the args replaces bench/report.lua (it must dofile() it).
run_wrk() {
  local label=$1 path=$2; shift 2
  local script=bench/report.lua
  local a; for a in "$@"; do [[ $a == *.lua ]] && script=; done
  echo "== $label: wrk -t$THREADS -c$CONNS -d$DURATION --latency $URL$path"
  local out
  out=$(timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency ${script:+-s "$script"} "$@" "$URL$path")
  echo "$out" | sed 's/^/   /'
  local res; res=$(echo "$out" | grep '^RESULT ')
  RPS=$(echo "$res" | sed -E 's/.* rps=([0-9.]+).*/\1/')
  P50_MS=$(echo "$res" | sed -E 's/.* p50_us=([0-9]+).*/\1/' | awk '{ printf "%.2f", $1 / 1000 }')
  P99_MS=$(echo "$res" | sed -E 's/.* p99_us=([0-9]+).*/\1/' | awk '{ printf "%.2f", $1 / 1000 }')
  BAD=$(echo "$res" | awk '{ s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^(non2xx3xx|connect_err|read_err|write_err|timeouts)=/) { split($i, kv, "="); s += kv[2] } print s }')
  [ "$BAD" -eq 0 ] || echo "   WARNING: $BAD non-2xx/3xx responses or socket errors during this run"
}

bench_header() {
  echo "Kluis bench — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $("$BIN" version 2>/dev/null | head -1)"
}
