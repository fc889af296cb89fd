#!/usr/bin/env bash
# CLI tests (API.md "Command line"): exit codes, user add, configuration
# errors, serve + SIGTERM. Prints TAP lines "ok N - name" / "not ok N - name".
# Usage: tests/cli/run.sh path/to/kluis
set -u
BIN=${1:?usage: tests/cli/run.sh path/to/kluis}
case "$BIN" in /*) ;; *) BIN="$PWD/$BIN" ;; esac
[ -x "$BIN" ] || { echo "not ok 1 - binary $BIN not found"; exit 1; }

# No KLUIS_* from the caller's environment leaks into the tests.
while IFS= read -r v; do unset "$v"; done < <(env | sed -n 's/^\(KLUIS_[A-Za-z0-9_]*\)=.*/\1/p')

TMP=$(mktemp -d /tmp/kluis-cli-XXXXXX)
SERVE_PID=
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
cd "$TMP" || exit 1  # no ./kluis.conf from the repository is picked up

N=0
FAILED=0
ok() { N=$((N + 1)); echo "ok $N - $1"; }
nok() { N=$((N + 1)); FAILED=$((FAILED + 1)); echo "not ok $N - $1"; shift; for l in "$@"; do echo "#   $l"; done; }
# check NAME CONDITION-COMMAND...
check() { local name=$1; shift; if "$@"; then ok "$name"; else nok "$name" "rc=$RC" "stdout: $(head -c 400 "$TMP/out")" "stderr: $(head -c 400 "$TMP/err")"; fi; }
# run CMD... : runs with stdout/stderr captured, sets RC
run() { "$@" >"$TMP/out" 2>"$TMP/err" </dev/null; RC=$?; }
run_in() { local input=$1; shift; printf '%s\n' "$input" | "$@" >"$TMP/out" 2>"$TMP/err"; RC=$?; }
rc_is() { [ "$RC" -eq "$1" ]; }
out_has() { grep -qE "$1" "$TMP/out"; }
err_has() { grep -qE "$1" "$TMP/err"; }

PW='zeer-geheim-wachtwoord-42'
DATA="$TMP/data"

# --- version, help, unknown commands ---------------------------------------
run "$BIN" version
check "version exits 0" rc_is 0
check "version prints the version" out_has '^kluis [0-9]+\.[0-9]+\.[0-9]+$'
run "$BIN" --help
check "--help exits 0" rc_is 0
check "--help mentions user add" out_has 'user add'
check "--help mentions serve and migrate" bash -c "grep -q 'kluis serve' '$TMP/out' && grep -q 'kluis migrate' '$TMP/out'"
run "$BIN" frobnicate
check "unknown command exits 2" rc_is 2
check "unknown command is named on stderr" err_has "frobnicate"
run "$BIN"
check "no command exits 2" rc_is 2
run "$BIN" migrate --nonsense --data "$DATA"
check "unknown option exits 2" rc_is 2
run "$BIN" user remove
check "unknown user subcommand exits 2" rc_is 2

# --- migrate ----------------------------------------------------------------
run "$BIN" migrate --data "$DATA"
check "migrate exits 0" rc_is 0
check "migrate creates the database" test -f "$DATA/kluis.db"
check "data dir is private (0700)" bash -c "[ \"\$(stat -c %a '$DATA')\" = 700 ]"
run "$BIN" migrate --data "$DATA"
check "migrate twice exits 0" rc_is 0

# --- user add -----------------------------------------------------------------
run_in "kort" "$BIN" user add --email kort@kantoor.nl --name "Karel Kort" --role advisor --password-stdin --data "$DATA"
check "user add with a short password exits 2" rc_is 2
check "user add names the password problem" err_has "password"
run_in "$PW" "$BIN" user add --email kort@kantoor.nl --name "Karel Kort" --role advisor --password-stdin --data "$DATA"
check "nothing was created by the refused add (same e-mail now works)" rc_is 0
check "advisor add prints no totp_secret" bash -c "! grep -q totp_secret '$TMP/out'"
run_in "$PW" "$BIN" user add --email kort@kantoor.nl --name "Karel Kort" --role advisor --password-stdin --data "$DATA"
check "duplicate e-mail exits 2" rc_is 2
run_in "$PW" "$BIN" user add --email KORT@kantoor.nl --name "Karel Kort" --role advisor --password-stdin --data "$DATA"
check "duplicate e-mail in other case exits 2" rc_is 2
run_in "$PW" "$BIN" user add --email baas@kantoor.nl --name "Bea Baas" --role admin --password-stdin --data "$DATA"
check "admin user add exits 0" rc_is 0
check "admin user add prints totp_secret: BASE32" out_has '^totp_secret: [A-Z2-7]{16,}$'
check "the totp_secret line is the only stdout line" bash -c "[ \"\$(wc -l < '$TMP/out')\" = 1 ]"
check "the password is not echoed" bash -c "! grep -q '$PW' '$TMP/out' '$TMP/err'"
run_in "$PW" "$BIN" user add --email x@kantoor.nl --name "X" --role koning --password-stdin --data "$DATA"
check "unknown role exits 2" rc_is 2
run_in "$PW" "$BIN" user add --email geen-adres --name "X" --role advisor --password-stdin --data "$DATA"
check "invalid e-mail exits 2" rc_is 2
run_in "wachtwoord123" "$BIN" user add --email c@kantoor.nl --name "C" --role advisor --password-stdin --data "$DATA"
check "common password exits 2" rc_is 2
run "$BIN" user add --email y@kantoor.nl --role advisor --password-stdin --data "$DATA"
check "user add without --name exits 2" rc_is 2
run "$BIN" user add --email z@kantoor.nl --name Z --role advisor --password-stdin --data "$DATA"
check "user add without a password on stdin exits 2" rc_is 2

# --- configuration errors -------------------------------------------------------
printf 'listen = 127.0.0.1:0\nmail.transprot = smtp://x:25\n' >"$TMP/bad.conf"
run "$BIN" migrate --config "$TMP/bad.conf" --data "$DATA"
check "unknown config key exits 2" rc_is 2
check "stderr names the unknown key" err_has "mail\.transprot"
check "stderr names the line" err_has "bad\.conf:2"
printf 'http.threads = veel\n' >"$TMP/bad2.conf"
run "$BIN" migrate --config "$TMP/bad2.conf" --data "$DATA"
check "bad integer exits 2" rc_is 2
check "stderr names the key with the bad value" err_has "http\.threads"
run "$BIN" migrate --config "$TMP/bestaat-niet.conf" --data "$DATA"
check "missing config file exits 2" rc_is 2
KLUIS_BOGUS=1 run "$BIN" migrate --data "$DATA"
check "KLUIS_BOGUS=1 exits 2" rc_is 2
check "stderr names KLUIS_BOGUS" err_has "KLUIS_BOGUS"
KLUIS_HTTP_THREADS=0 run "$BIN" migrate --data "$DATA"
check "out-of-range value from the environment exits 2" rc_is 2
printf 'clock.offset_seconds = 5\n' >"$TMP/clock.conf"
run "$BIN" migrate --config "$TMP/clock.conf" --data "$DATA"
check "clock.offset_seconds without test_mode exits 2" rc_is 2
check "stderr names clock.offset_seconds" err_has "clock\.offset_seconds"
printf 'clock.offset_seconds = 5\ntest_mode = true\n' >"$TMP/clock2.conf"
run "$BIN" migrate --config "$TMP/clock2.conf" --data "$DATA"
check "clock.offset_seconds with test_mode exits 0" rc_is 0
KLUIS_CLOCK_OFFSET_SECONDS=5 run "$BIN" migrate --data "$DATA"
check "KLUIS_CLOCK_OFFSET_SECONDS without test_mode exits 2" rc_is 2
# ./kluis.conf in the working directory is read when --config is absent
printf 'unknown.key = 1\n' >"$TMP/kluis.conf"
run "$BIN" migrate --data "$DATA"
check "./kluis.conf is read (and its unknown key refused)" bash -c "[ $RC = 2 ] && grep -q unknown.key '$TMP/err'"
rm -f "$TMP/kluis.conf"

# --- serve ----------------------------------------------------------------------
if ! command -v curl >/dev/null; then
  nok "curl is installed (needed for the serve tests)"
else
  "$BIN" serve --listen 127.0.0.1:0 --data "$DATA" >"$TMP/serve.out" 2>"$TMP/serve.err" </dev/null &
  SERVE_PID=$!
  LINE=
  for _ in $(seq 1 100); do
    LINE=$(grep -m1 '^listening on ' "$TMP/serve.out" 2>/dev/null)
    [ -n "$LINE" ] && break
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.05
  done
  if [[ "$LINE" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]]; then
    PORT=${BASH_REMATCH[1]}
    ok "serve prints 'listening on http://127.0.0.1:<port>'"
    [ "$PORT" -gt 0 ] && ok "port 0 is replaced by the real port" || nok "port 0 is replaced by the real port" "port=$PORT"
    BODY=$(curl -s -m 5 -w ' %{http_code}' "http://127.0.0.1:$PORT/healthz")
    [ "$BODY" = "ok 200" ] && ok "/healthz answers 200 ok" || nok "/healthz answers 200 ok" "got: $BODY"
    CODE=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d '{"email":"kort@kantoor.nl","password":"'"$PW"'"}' "http://127.0.0.1:$PORT/api/v1/session")
    [ "$CODE" = 200 ] && ok "the CLI-created user signs in" || nok "the CLI-created user signs in" "status $CODE"
  else
    nok "serve prints 'listening on http://127.0.0.1:<port>'" "got: '$LINE'" "stderr: $(head -c 400 "$TMP/serve.err")"
    PORT=
  fi
  kill -TERM "$SERVE_PID" 2>/dev/null
  RC=
  for _ in $(seq 1 100); do
    if ! kill -0 "$SERVE_PID" 2>/dev/null; then
      wait "$SERVE_PID"; RC=$?
      break
    fi
    sleep 0.05
  done
  if [ -z "$RC" ]; then
    nok "SIGTERM stops serve within 5 s"
    kill -KILL "$SERVE_PID" 2>/dev/null
    wait "$SERVE_PID" 2>/dev/null
  else
    ok "SIGTERM stops serve within 5 s"
    [ "$RC" = 0 ] && ok "serve exits 0 after SIGTERM" || nok "serve exits 0 after SIGTERM" "rc=$RC"
  fi
  SERVE_PID=
  if [ -n "${PORT:-}" ]; then
    curl -s -m 2 -o /dev/null "http://127.0.0.1:$PORT/healthz" && nok "the port is closed after exit" || ok "the port is closed after exit"
  fi
  # a port that cannot be bound is a runtime error (1)
  "$BIN" serve --listen 256.0.0.1:80 --data "$DATA" >"$TMP/out" 2>"$TMP/err" </dev/null &
  P=$!
  for _ in $(seq 1 100); do kill -0 "$P" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$P" 2>/dev/null; then
    kill -KILL "$P"; wait "$P" 2>/dev/null
    nok "an unusable listen address makes serve fail"
  else
    wait "$P"; RC=$?
    [ "$RC" -ne 0 ] && ok "an unusable listen address makes serve fail" || nok "an unusable listen address makes serve fail" "rc=$RC"
  fi
fi

echo "1..$N"
[ "$FAILED" -eq 0 ]
