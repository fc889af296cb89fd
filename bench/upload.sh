#!/usr/bin/env bash
# Kluis bench: a client uploads one large PDF (default 25 MB) through the
# vault, end to end (stream to disk, type check, qpdf open + merge, encrypt
# into the blob store, rows, task). Prints MB/s and the server's peak RSS
# growth. Measured, never asserted. Loopback only; stops by itself.
# BENCH_UPLOAD_RUNS=N (default 1) uploads it N times (to the same checklist
# item), one line each; the RSS peak is over all N. BENCH_BIN picks the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SIZE_MB=${BENCH_UPLOAD_MB:-25}
RUNS=${BENCH_UPLOAD_RUNS:-1}
PW='zeer-geheim-wachtwoord-4321'
CPW='klant-wachtwoord-98765'

bench_header
DATA="$TMP/data"
mkdir -p "$TMP/mail" "$TMP/sms"
# the stand-in transports write files we can read the link and code from
KLUIS=("${KLUIS[@]:0:${#KLUIS[@]}-1}" "KLUIS_MAIL_TRANSPORT=file://$TMP/mail" "KLUIS_SMS_TRANSPORT=file://$TMP/sms"
       "KLUIS_WORKER_INTERVAL_MS=50" "$BIN")
"$BIN" migrate --data "$DATA" >/dev/null 2>&1
add_user "$DATA" bench@kantoor.test "$PW"
start_server "$DATA"

J='Content-Type: application/json'
staff() { curl -sf -b "$TMP/sjar" -c "$TMP/sjar" -H "$J" -H "X-CSRF-Token: $SCSRF" "$@"; }
SCSRF=$(curl -sf -c "$TMP/sjar" -H "$J" -d "{\"email\":\"bench@kantoor.test\",\"password\":\"$PW\"}" "$URL/api/v1/session" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
D=$(staff -d '{"kind":"private"}' "$URL/api/v1/dossiers" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
staff -d '{"role":"applicant1","first_name":"Bo","last_name":"Bench","emails":[{"type":"private","address":"bo@bench.test"}],"phones":[{"type":"mobile","number":"0612345678"}]}' \
  "$URL/api/v1/dossiers/$D/persons" >/dev/null
P=$(staff -d '{"type":"service","public":true}' "$URL/api/v1/dossiers/$D/products" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
ITEMS=$(staff -d '{"document_type_ids":[1,2]}' "$URL/api/v1/products/$P/checklist" | python3 -c 'import json,sys; print(" ".join(str(i["id"]) for i in json.load(sys.stdin)["items"]))')
WARM=${ITEMS%% *}
ITEM=${ITEMS##* }
staff -d '{}' "$URL/api/v1/dossiers/$D/vault/invitation" >/dev/null

wait_file() { local i; for i in $(seq 1 100); do ls "$1"/* >/dev/null 2>&1 && return 0; sleep 0.05; done; return 1; }
wait_file "$TMP/mail" || { echo "bench: no invitation mail" >&2; exit 1; }
TOKEN=$(python3 - "$TMP/mail" <<'PY'
import glob, quopri, re, sys
raw = open(glob.glob(sys.argv[1] + "/*.eml")[0], "rb").read()
text = quopri.decodestring(raw).decode("utf-8", "replace")
print(re.search(r"activeren\?t=([A-Za-z0-9_-]{43})", text).group(1))
PY
)
curl -sf -H "$J" -d "{\"token\":\"$TOKEN\"}" "$URL/api/v1/portal/activation/sms" >/dev/null
wait_file "$TMP/sms" || { echo "bench: no SMS" >&2; exit 1; }
CODE=$(python3 -c 'import glob,json,re,sys; t=json.load(open(glob.glob(sys.argv[1]+"/*.json")[0]))["text"]; print(re.search(r"\b(\d{6})\b", t).group(1))' "$TMP/sms")
CCSRF=$(curl -sf -c "$TMP/cjar" -H "$J" -d "{\"token\":\"$TOKEN\",\"sms_code\":\"$CODE\",\"password\":\"$CPW\"}" \
        "$URL/api/v1/portal/activation" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')

# a valid one-page PDF of about SIZE_MB (a big content stream of comments)
python3 - "$TMP/big.pdf" "$SIZE_MB" <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
line = b"% kluis bench padding line .......................................................\n"
body = line * ((mb * 1024 * 1024 - 16384) // len(line))  # just under the per-file limit
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"]
out, offs = bytearray(b"%PDF-1.7\n"), []
for i, o in enumerate(objs, 1):
    offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs: out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(path, "wb").write(out)
PY
python3 - "$TMP/small.pdf" <<'PY'
import sys
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
out, offs = bytearray(b"%PDF-1.7\n"), []
for i, o in enumerate(objs, 1):
    offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs: out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
PY
BYTES=$(stat -c %s "$TMP/big.pdf")
# warm up with a small upload: the first one loads libmagic's database (about
# 8 MB, once per thread), which is not what this bench measures
curl -s -o /dev/null -b "$TMP/cjar" -H "X-CSRF-Token: $CCSRF" -F "file=@$TMP/small.pdf;type=application/pdf" \
  "$URL/api/v1/portal/requests/$WARM/files"
# reset the peak (sign-in's Argon2id used 64 MiB earlier) so VmHWM is the upload's
echo 5 > "/proc/$PID/clear_refs" 2>/dev/null || true
RSS0=$(rss_kb)
for run in $(seq 1 "$RUNS"); do
  T0=$EPOCHREALTIME
  HTTP=$(curl -s -o "$TMP/up.json" -w '%{http_code}' -b "$TMP/cjar" -H "X-CSRF-Token: $CCSRF" \
         -F "file=@$TMP/big.pdf;type=application/pdf" "$URL/api/v1/portal/requests/$ITEM/files")
  T1=$EPOCHREALTIME
  HWM=$(awk '/^VmHWM:/ { print $2 }' "/proc/$PID/status")
  echo "upload: HTTP $HTTP $(cat "$TMP/up.json")"
  awk -v b="$BYTES" -v t0="$T0" -v t1="$T1" -v r0="$RSS0" -v h="$HWM" 'BEGIN {
    s = t1 - t0; printf "upload %.1f MB in %.3f s = %.1f MB/s end to end; server RSS before %d kB, peak %d kB (growth %d kB)\n",
    b / 1048576, s, b / 1048576 / s, r0, h, h - r0 }'
done
stop_server
