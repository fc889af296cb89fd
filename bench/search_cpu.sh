#!/usr/bin/env bash
# CPU time per dossier search / dossier view, in-process (no HTTP, no load):
#   bench/search_cpu.sh DATADIR [ITERATIONS] [QUERY...]
# DATADIR: a data directory made by bench/gendata.sh (it gets audit rows
# from the "#view" measurement). Links bench/search_cpu.c against
# build/libkluiscore.a (run `make` first, or BENCH_LIB=path/libkluiscore.a).
# Without queries it times the ones bench/dossiers.sh uses by default.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:?usage: bench/search_cpu.sh DATADIR [ITERATIONS] [QUERY...]}
ITERS=${2:-300}
shift $(( $# >= 2 ? 2 : 1 ))
LIB=${BENCH_LIB:-build/libkluiscore.a}
[ -f "$LIB" ] || cmake --build build -j "$(nproc)" --target kluiscore >/dev/null
OUT=$(mktemp /tmp/kluis-search-cpu.XXXXXX)
trap 'rm -f "$OUT"' EXIT
cc -O2 -std=gnu17 -D_GNU_SOURCE -Isrc -o "$OUT" bench/search_cpu.c "$LIB" \
  $(pkg-config --libs libmicrohttpd sqlite3 libsodium liboath jansson libcurl libqrencode) \
  -lphonenumber -lstdc++ -lpthread -lm
if [ $# -eq 0 ]; then
  DB=$DIR/kluis.db
  mapfile -t Q < <(sqlite3 "$DB" "
    SELECT last_name FROM (SELECT last_name, count(*) n FROM persons WHERE infix = '' GROUP BY 1 ORDER BY n DESC LIMIT 1)
    UNION ALL SELECT infix || ' ' || last_name FROM (SELECT infix, last_name, count(*) n FROM persons WHERE infix <> ''
      GROUP BY 1, 2 ORDER BY n DESC LIMIT 1)
    UNION ALL SELECT first_name || ' ' || last_name FROM persons WHERE id = (SELECT max(id) / 3 FROM persons)
    UNION ALL SELECT last_name FROM (SELECT last_name, count(*) n FROM persons GROUP BY 1 ORDER BY n, last_name LIMIT 1)
    UNION ALL SELECT postcode FROM party_addresses WHERE id = 7
    UNION ALL SELECT substr(birth_date, 9, 2) || '-' || substr(birth_date, 6, 2) || '-' || substr(birth_date, 1, 4)
      FROM persons WHERE id = 11
    UNION ALL SELECT number FROM dossiers WHERE id = 3")
  set -- "${Q[@]}" "" "#view"
fi
"$OUT" "$DIR" "$ITERS" "$@"
