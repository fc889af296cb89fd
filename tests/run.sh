#!/usr/bin/env bash
# Test runner: builds what a mode needs, runs it, and ends with exactly one
# line "N passed, N failed". Modes: unit | sanitize | fuzz | browser | lint | all
set -uo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-all}
JOBS=$(nproc)
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
LOGDIR=build/test-logs
mkdir -p "$LOGDIR"
PASSED=0
FAILED=0
FAILS=()

pass() { PASSED=$((PASSED + $1)); }
fail() { FAILED=$((FAILED + $1)); FAILS+=("$2"); }

configure() { # dir extra-cmake-args...
  local dir=$1; shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >"$LOGDIR/$(basename "$dir")-cmake.log" 2>&1 || return 1
  fi
  cmake --build "$dir" -j "$JOBS" >"$LOGDIR/$(basename "$dir")-build.log" 2>&1
}

# Run every cmocka test binary in dir; count TAP "ok"/"not ok" lines.
run_cmocka() { # dir label
  local dir=$1 label=$2
  for t in "$dir"/test_*; do
    [ -x "$t" ] || continue
    local name log ok nok rc
    name=$(basename "$t")
    log="$LOGDIR/$label-$name.log"
    CMOCKA_MESSAGE_OUTPUT=TAP timeout 600 "$t" >"$log" 2>&1
    rc=$?
    ok=$(grep -cE '^ok [0-9]+' "$log")
    nok=$(grep -cE '^not ok [0-9]+' "$log")
    pass "$ok"
    if [ "$nok" -gt 0 ]; then
      fail "$nok" "$label/$name: $(grep -E '^not ok' "$log" | head -3 | tr '\n' ' ')"
    elif [ $rc -ne 0 ]; then
      fail 1 "$label/$name exited $rc (see $log)"
    fi
    printf '%-10s %-28s %3d ok %3d failed\n' "$label" "$name" "$ok" "$nok"
  done
}

mode_unit() {
  if ! configure build; then fail 1 "build failed (see $LOGDIR/build-build.log)"; tail -30 "$LOGDIR/build-build.log"; return; fi
  run_cmocka build unit
  if [ -x tests/cli/run.sh ]; then
    local log="$LOGDIR/cli.log"
    tests/cli/run.sh build/kluis >"$log" 2>&1
    local ok nok
    ok=$(grep -cE '^ok ' "$log"); nok=$(grep -cE '^not ok ' "$log")
    pass "$ok"; [ "$nok" -gt 0 ] && fail "$nok" "cli: $(grep -E '^not ok' "$log" | head -3 | tr '\n' ' ')"
    printf '%-10s %-28s %3d ok %3d failed\n' cli run.sh "$ok" "$nok"
  fi
}

mode_sanitize() {
  if ! configure build-san -DKLUIS_SANITIZE=ON; then fail 1 "sanitizer build failed (see $LOGDIR/build-san-build.log)"; tail -30 "$LOGDIR/build-san-build.log"; return; fi
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" run_cmocka build-san sanitize
}

mode_fuzz() {
  if ! CC=clang CXX=clang++ configure build-fuzz -DKLUIS_FUZZ=ON -DKLUIS_TESTS=OFF; then fail 1 "fuzz build failed (see $LOGDIR/build-fuzz-build.log)"; tail -30 "$LOGDIR/build-fuzz-build.log"; return; fi
  for f in build-fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    local name corpus log
    name=$(basename "$f")
    corpus="build-fuzz/corpus-$name"
    mkdir -p "$corpus"
    [ -d "tests/fuzz/corpus/$name" ] && cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
    log="$LOGDIR/fuzz-$name.log"
    if ASAN_OPTIONS=detect_leaks=1 "$f" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
         -artifact_prefix="build-fuzz/$name-" "$corpus" >"$log" 2>&1; then
      pass 1; printf '%-10s %-28s %3d ok %3d failed\n' fuzz "$name" 1 0
    else
      fail 1 "fuzz/$name found a crash (see $log)"; printf '%-10s %-28s %3d ok %3d failed\n' fuzz "$name" 0 1
    fi
  done
}

mode_browser() {
  if ! configure build; then fail 1 "build failed"; return; fi
  local log="$LOGDIR/browser.log"
  shopt -s nullglob
  local files=(tests/browser/*.test.mjs)
  [ ${#files[@]} -eq 0 ] && return
  TEST_KLUIS_BIN=build/kluis node --test --test-reporter=tap "${files[@]}" >"$log" 2>&1
  local ok nok
  ok=$(grep -cE '^ok [0-9]+' "$log"); nok=$(grep -cE '^not ok [0-9]+' "$log")
  pass "$ok"
  if [ "$nok" -gt 0 ] || [ "$ok" -eq 0 ]; then fail $(( nok > 0 ? nok : 1 )) "browser: $(grep -E '^not ok' "$log" | head -3 | tr '\n' ' ') (see $log)"; fi
  printf '%-10s %-28s %3d ok %3d failed\n' browser "playwright" "$ok" "$nok"
}

# Style rules DESIGN.md asks CI to check.
mode_lint() {
  local banned sql
  banned=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|strtok)\s*\(' src tools --include='*.c' --include='*.h' || true)
  if [ -n "$banned" ]; then fail 1 "lint: unsafe libc calls: $banned"; else pass 1; fi
  sql=$(grep -rlE '"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM) ' src --include='*.c' | grep -v '^src/store/' || true)
  if [ -n "$sql" ]; then fail 1 "lint: SQL outside src/store/: $sql"; else pass 1; fi
  # every API path served is documented in docs/openapi.yaml
  local missing=""
  for path in $(grep -ohE '"/api/v1/[^"]*"' src/web/api/routes.c src/web/portal/routes.c | tr -d '"' | sed -E 's/\{([a-z_]+):[a-z]+\}/{\1}/g' | sort -u); do
    grep -qF "  ${path}:" docs/openapi.yaml || missing="$missing $path"
  done
  if [ -n "$missing" ]; then fail 1 "lint: API paths missing from docs/openapi.yaml:$missing"; else pass 1; fi
  # docs/openapi.yaml parses as YAML (Debian's python3-yaml)
  local py=python3
  /usr/bin/python3 -c 'import yaml' 2>/dev/null && py=/usr/bin/python3
  if $py -c 'import sys, yaml; yaml.safe_load(open("docs/openapi.yaml"))' 2>"$LOGDIR/openapi.log"; then pass 1;
  else fail 1 "lint: docs/openapi.yaml is not valid YAML: $(tail -1 "$LOGDIR/openapi.log")"; fi
  printf '%-10s %-28s %3s\n' lint "banned calls, SQL, openapi" done
}

case "$MODE" in
  unit) mode_unit ;;
  sanitize) mode_sanitize ;;
  fuzz) mode_fuzz ;;
  browser) mode_browser ;;
  lint) mode_lint ;;
  all) mode_lint; mode_unit; mode_browser; mode_sanitize; mode_fuzz ;;
  *) echo "usage: tests/run.sh unit|sanitize|fuzz|browser|lint|all" >&2; exit 2 ;;
esac

for f in "${FAILS[@]}"; do echo "FAILED: $f"; done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
