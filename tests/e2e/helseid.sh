#!/bin/sh
# End to end against helseid-sim over TLS: the protocol driver (tests/e2e/helseid-e2e)
# and the commands import, status, test-token and rotate-key on a throw-away site.
. "$top_srcdir/tests/lib.sh"
: "${HELSEID_ADMIN_DATADIR:=$top_srcdir/data}"; export HELSEID_ADMIN_DATADIR
work=$(mktemp -d "${TMPDIR:-/tmp}/helseid-e2e.XXXXXX")
sim_pid=
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; wait 2>/dev/null; [ -n "$KEEP_E2E" ] || rm -rf "$work"; }
trap cleanup EXIT INT TERM

# Start the simulator: it prints one JSON line with its URLs once it listens.
start_sim() {
    : >"$work/urls.json"
    HELSEID_ADMIN_DATADIR="$top_srcdir/data" "$top_builddir/helseid-sim" --port 0 \
        --ca-out "$work/ca.pem" --auto-confirm --propagation 1-2 "$@" \
        >"$work/urls.json" 2>"$work/sim.log" &
    sim_pid=$!
    deadline=$(( $(date +%s) + 20 ))
    while [ ! -s "$work/urls.json" ]; do
        if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 "$sim_pid" 2>/dev/null; then
            echo "# helseid-sim did not start"; cat "$work/sim.log"; return 1
        fi
        # Poll the file the simulator writes; no fixed sleep decides anything.
        sleep 0.05
    done
    "$PYTHON3" - "$work" <<'PY'
import json, sys
w = sys.argv[1]
d = json.load(open(w + "/urls.json"))
d["ca_file"] = w + "/ca.pem"
json.dump(d, open(w + "/urls.json", "w"))
PY
}

start_sim
ok $? "helseid-sim started"
j() { "$PYTHON3" -c "import json,sys; print(json.load(open('$work/urls.json'))['$1'])"; }

# 1. The protocol driver: each of its checks becomes one of ours.
"$top_builddir/tests/e2e/helseid-e2e" "$work/urls.json" --export "$work/download.json" >"$work/driver.tap" 2>&1
rc=$?
while IFS= read -r line; do
    case $line in
        "ok "*) ok 0 "e2e: ${line#* - }" ;;
        "not ok "*) ok 1 "e2e: ${line#* - }" ;;
        "#"*) echo "$line" ;;
    esac
done <"$work/driver.tap"
[ $rc = 0 ]
ok $? "protocol driver exit status"

# 2. The commands on a site without a configuration.
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/site.xml"
export HELSEID_SITE="$work/site.xml"
set -- --env demo --authority "$(j authority)" --selvbetjening-api "$(j selvbetjening_api)" \
    --selvbetjening-web "$(j selvbetjening_web)" --brreg "$(j brreg)" --ca-file "$work/ca.pem"
adm="$top_builddir/helseid-admin"

"$adm" "$@" import "$work/download.json" >"$work/import.out" 2>&1
ok $? "import of a downloaded configuration"
key=$(ls "$work"/client-*.jwk 2>/dev/null | head -n 1)
[ -n "$key" ] && [ "$(stat -c %a "$key")" = 600 ]
ok $? "key file written with mode 0600"
! grep -q '"d"' "$work/site.xml" && grep -q 'client-id' "$work/site.xml"
ok $? "site file names the client, holds no key material"

"$adm" "$@" status >"$work/status.out" 2>&1
ok $? "status"
grep -q 'nhn:selvbetjening/client' "$work/status.out"
ok $? "status lists the live scopes"
"$adm" "$@" --json status >"$work/status.json" 2>&1 &&
    "$PYTHON3" -c "import json; d=json.load(open('$work/status.json')); assert d['live']['scopes']"
ok $? "status --json is one JSON document with live scopes"

"$adm" "$@" test-token >"$work/token.out" 2>&1
ok $? "test-token"
grep -q 'cnf.jkt' "$work/token.out" && ! grep -Eq 'eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+' "$work/token.out" &&
    ! grep -q 'warning: the token is not bound' "$work/token.out"
ok $? "test-token shows claims bound to our key, never the token"
"$adm" "$@" test-token nhn:selvbetjening/client 219378653 >"$work/token2.out" 2>&1 &&
    grep -q 'orgnr_child.*219378653' "$work/token2.out"
ok $? "test-token naming a sub-unit shows orgnr_child"

"$adm" "$@" test-token nhn:selvbetjening >"$work/token3.out" 2>&1 &&
    grep -q 'scope *nhn:selvbetjening/client' "$work/token3.out"
ok $? "test-token AUDIENCE takes the client's approved scopes of that API"
"$adm" "$@" test-token nhn:kjernejournal >/dev/null 2>"$work/err.out"
[ $? = 1 ] && grep -q 'nhn:kjernejournal' "$work/err.out"
ok $? "test-token for an API the client lacks: $(cat "$work/err.out")"

"$adm" "$@" -v test-token >"$work/verbose.out" 2>&1
grep -q 'DPoP' "$work/verbose.out" && ! grep -Eq 'eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+' "$work/verbose.out"
ok $? "-v traces the requests but no token, proof or assertion"

"$adm" "$@" --timeout 30 rotate-key >"$work/rotate.out" 2>&1
ok $? "rotate-key"
newkey=$(sed -n 's/.*<key file="\([^"]*\)".*/\1/p' "$work/site.xml")
[ -n "$newkey" ] && [ "$work/$newkey" != "$key" ] && [ -f "$work/$newkey" ] && [ -f "$key.retired" ] && [ ! -f "$key" ]
ok $? "site names the new key; the old one is retired"
"$adm" "$@" test-token >/dev/null 2>&1
ok $? "test-token works with the rotated key"
grep -q 'rotate-key' "$work/site.xml.audit.log" 2>/dev/null
ok $? "rotation written to the audit log"

# 3. Failure paths give one clean line and the documented exit status.
cp "$top_srcdir/data/demo/legekontor.xml" "$work/other.xml"
"$adm" "$@" --site "$work/other.xml" import "$work/download.json" >/dev/null 2>"$work/err.out"
[ $? = 1 ] && [ "$(wc -l <"$work/err.out")" = 1 ] && cmp -s "$work/other.xml" "$top_srcdir/data/demo/legekontor.xml"
ok $? "import over another client refused, site untouched: $(cat "$work/err.out")"
curl_fault() { "$PYTHON3" - "$(j admin)/fault" "$work/ca.pem" "$1" <<'PY'
import json, ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[2])
req = urllib.request.Request(sys.argv[1], data=sys.argv[3].encode(), method="POST",
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, context=ctx).read()
PY
}
curl_fault '{"path":"/sts/connect/token","kind":"reset","count":2}'
"$adm" "$@" test-token >/dev/null 2>"$work/err.out"
[ $? = 1 ] && [ "$(wc -l <"$work/err.out")" = 1 ]
ok $? "connection reset: exit 1, one line: $(cat "$work/err.out")"

done_testing
