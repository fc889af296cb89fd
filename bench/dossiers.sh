#!/usr/bin/env bash
# Kluis bench, dossiers: search and the dossier view on a generated data set.
# Measured, never asserted. Loopback only; stops by itself.
#   bench/dossiers.sh           (also run at the end of bench/run.sh)
# Knobs: BENCH_DOSSIERS=100000 (dossiers, two persons each), and those of
# bench/run.sh (BENCH_DURATION, BENCH_CONNECTIONS, BENCH_THREADS,
# BENCH_HTTP_THREADS). BENCH_DATA=DIR keeps the generated data directory
# there (generated when it does not exist yet, reused when it does).
# BENCH_DOSSIER_RUNS=mix,surname,postcode,date,number,list,view picks runs;
# BENCH_BIN=path runs another kluis binary (for before/after comparisons).
#
# Runs wrk with 64 connections against, each for BENCH_DURATION:
#   GET /api/v1/dossiers?q=...  a mix rotating through surnames, postcodes,
#                               birth dates (dd-mm-jjjj) and dossier numbers,
#                               then each kind of query on its own;
#   GET /api/v1/dossiers        no query: the most recently changed;
#   GET /api/v1/dossiers/{id}   random ids (each view writes an audit row);
# and prints req/s, p50 and p99 for each.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${BENCH_DOSSIERS:-100000}
EMAIL=bench@kantoor.test
PASSWORD=Tafel-Lamp-Rivier-2048
. bench/lib.sh
command -v sqlite3 >/dev/null || apt-get -o DPkg::Lock::Timeout=300 install -y -qq sqlite3 >/dev/null

bench_header
DATA=${BENCH_DATA:-$TMP/data}
if [ -f "$DATA/kluis.db" ]; then
  echo "data: reusing $DATA"
else
  mkdir -p "$DATA"
  add_user "$DATA" "$EMAIL" "$PASSWORD"
  bench/gendata.sh "$DATA" "$N"
fi
DB=$DATA/kluis.db
sql() { sqlite3 "$DB" "$1"; }
N=$(sql "SELECT count(*) FROM dossiers")
SIZE=$(du -sh "$DB" | cut -f1)
echo "data: $N dossiers, $(sql "SELECT count(*) FROM persons") persons, $SIZE database"

# Queries taken from the data: the most common surname, a common surname with
# its infix, a first name with a surname, a rare surname; postcodes (as typed:
# "1234 AB"); birth dates as dd-mm-jjjj; dossier numbers.
urlenc() { local s=$1; s=${s// /%20}; s=${s//\'/%27}; printf '%s' "$s"; }
mapfile -t SURNAMES < <(sql "
  SELECT last_name FROM (SELECT last_name, count(*) n FROM persons WHERE infix = '' GROUP BY 1 ORDER BY n DESC LIMIT 1)
  UNION ALL SELECT infix || ' ' || last_name FROM (SELECT infix, last_name, count(*) n FROM persons WHERE infix <> ''
    GROUP BY 1, 2 ORDER BY n DESC LIMIT 1)
  UNION ALL SELECT first_name || ' ' || last_name FROM persons WHERE id = (SELECT max(id) / 3 FROM persons)
  UNION ALL SELECT last_name FROM (SELECT last_name, count(*) n FROM persons GROUP BY 1 ORDER BY n, last_name LIMIT 1)")
mapfile -t POSTCODES < <(sql "SELECT postcode FROM party_addresses WHERE id IN (7, 70001, 140001, 199999) ORDER BY id")
mapfile -t DATES < <(sql "SELECT substr(birth_date, 9, 2) || '-' || substr(birth_date, 6, 2) || '-' || substr(birth_date, 1, 4)
  FROM persons WHERE id IN (11, 60011, 120011, 180011) ORDER BY id")
mapfile -t NUMBERS < <(sql "SELECT number FROM dossiers WHERE id IN (3, $((N / 3)), $((2 * N / 3)), $N) ORDER BY id")

# lua_paths FILE PATH...: a wrk script rotating through the paths, each
# thread starting at its own place, with bench/report.lua's summary.
lua_paths() {
  local f=$1; shift
  { echo 'dofile("bench/report.lua")'
    echo 'local paths = {'
    local p; for p in "$@"; do printf '  "%s",\n' "$p"; done
    echo '}'
    echo 'local n = 0'
    echo 'local i = 0'
    echo 'function setup(thread) n = n + 1; thread:set("start", n * 7) end'
    echo 'function init(args) i = start or 0 end'
    echo 'request = function() i = i % #paths + 1; return wrk.format(nil, paths[i]) end'
  } >"$f"
}
q_paths() { local v; for v in "$@"; do printf '/api/v1/dossiers?q=%s\n' "$(urlenc "$v")"; done; }

mapfile -t P_SURNAME < <(q_paths "${SURNAMES[@]}")
mapfile -t P_POSTCODE < <(q_paths "${POSTCODES[@]}")
mapfile -t P_DATE < <(q_paths "${DATES[@]}")
mapfile -t P_NUMBER < <(q_paths "${NUMBERS[@]}")
lua_paths "$TMP/mix.lua" "${P_SURNAME[@]}" "${P_POSTCODE[@]}" "${P_DATE[@]}" "${P_NUMBER[@]}"
lua_paths "$TMP/surname.lua" "${P_SURNAME[@]}"
lua_paths "$TMP/postcode.lua" "${P_POSTCODE[@]}"
lua_paths "$TMP/date.lua" "${P_DATE[@]}"
lua_paths "$TMP/number.lua" "${P_NUMBER[@]}"
cat >"$TMP/view.lua" <<LUA
dofile("bench/report.lua")
local n = 0
function setup(thread) n = n + 1; thread:set("seed", n) end
function init(args) math.randomseed(seed or 1) end
request = function() return wrk.format(nil, "/api/v1/dossiers/" .. math.random(1, $N)) end
LUA

if ! sql "SELECT 1 FROM staff_users WHERE email = '$EMAIL'" | grep -q 1; then
  add_user "$DATA" "$EMAIL" "$PASSWORD"
fi
start_server "$DATA"
echo "start-up with $N dossiers: ${STARTUP_MS} ms"
sign_in "$EMAIL" "$PASSWORD"
H=(-H "Cookie: kluis_staff=$COOKIE")

echo "queries (total hits, capped at 1000 by the API):"
for p in "${P_SURNAME[@]}" "${P_POSTCODE[@]}" "${P_DATE[@]}" "${P_NUMBER[@]}"; do
  body=$(curl -sf "${H[@]}" "$URL$p") || { echo "bench: GET $p failed" >&2; exit 1; }
  total=$(printf '%s' "$body" | grep -oE '"total": *[0-9]+' | grep -oE '[0-9]+$')
  printf '   %-60s %5s\n' "$p" "$total"
done
code=$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" "$URL/api/v1/dossiers/1")
[ "$code" = 200 ] || { echo "bench: GET /api/v1/dossiers/1 gave $code" >&2; exit 1; }

declare -a LABELS RESULTS
RUNS=",${BENCH_DOSSIER_RUNS:-mix,surname,postcode,date,number,list,view},"
measure() { # KEY LABEL PATH [wrk args]
  local key=$1 label=$2; shift 2
  [[ $RUNS == *",$key,"* ]] || return 0
  run_wrk "$label" "$@" "${H[@]}"
  LABELS+=("$label"); RESULTS+=("$RPS $P50_MS $P99_MS $BAD")
}
AUDIT0=$(sql "SELECT count(*) FROM audit_log")
measure mix "search, mixed queries" /api/v1/dossiers -s "$TMP/mix.lua"
measure surname "search, surname" /api/v1/dossiers -s "$TMP/surname.lua"
measure postcode "search, postcode" /api/v1/dossiers -s "$TMP/postcode.lua"
measure date "search, birth date" /api/v1/dossiers -s "$TMP/date.lua"
measure number "search, dossier number" /api/v1/dossiers -s "$TMP/number.lua"
measure list "list, no query" /api/v1/dossiers
measure view "dossier view (random id)" /api/v1/dossiers/1 -s "$TMP/view.lua"
AFTER_RSS=$(rss_kb)
AUDIT1=$(sql "SELECT count(*) FROM audit_log")
stop_server

echo
echo "== dossiers summary ($N dossiers, $SIZE; $CONNS connections, $THREADS wrk threads, $DURATION each, server http.threads ${BENCH_HTTP_THREADS:-default})"
printf '%-28s %10s %9s %9s %6s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "errors"
for k in "${!LABELS[@]}"; do
  read -r rps p50 p99 bad <<<"${RESULTS[$k]}"
  printf '%-28s %10s %9s %9s %6s\n' "${LABELS[$k]}" "$rps" "$p50" "$p99" "$bad"
done
echo "audit rows written by the dossier views: $((AUDIT1 - AUDIT0))"
echo "RSS after load ${AFTER_RSS} kB; server exit on SIGTERM $EXIT"
