#!/bin/sh
# Keys (issue 10 item 8) against helseid-sim: an RSA 2048 download is imported with a
# warning to rotate and works; import makes a minimal site where none exists; new
# clients get PS256 (RSA 4096) or ES256 keys by --key-alg or the desired file's key_alg;
# RS256 is refused everywhere.
. "$top_srcdir/tests/lib.sh"
work_name=keys
. "$top_srcdir/tests/e2e/sim-lib.sh"
"$PYTHON3" -c 'import jwcrypto' 2>/dev/null || { echo "1..0 # SKIP python3-jwcrypto not installed"; exit 0; }

start_sim --auto-confirm --propagation 0
"$PYTHON3" -c "import json; d = json.load(open('$work/urls.json')); d['ca_file'] = '$work/ca.pem'; json.dump(d, open('$work/u.json', 'w'))"
adm() {
    "$top_builddir/helseid-admin" --env demo --authority "$(j authority)" \
        --selvbetjening-api "$(j selvbetjening_api)" --selvbetjening-web "$(j selvbetjening_web)" \
        --brreg "$(j brreg)" --ca-file "$work/ca.pem" "$@"
}
site_val() { xmllint --xpath "string($2)" "$1" 2>/dev/null; }
# key_bits FILE: the RSA size of a JWK file (0 for EC).
key_bits() { "$PYTHON3" -c "
import base64, json; k = json.load(open('$1'))
n = k.get('n'); print(len(base64.urlsafe_b64decode(n + '=' * (-len(n) % 4))) * 8 if n else 0)"; }

# 1. An RSA 2048 download into a site path that does not exist yet.
MAKE_CLIENT_KEY=rsa2048 "$PYTHON3" "$top_srcdir/tests/e2e/make-client.py" "$work/u.json" "$work/rsa.json" \
    315260183 219378653 >/dev/null 2>"$work/make.err"
ok $? "an RSA 2048 client download from the simulator"
adm --site "$work/new/site.xml" import "$work/rsa.json" >/dev/null 2>&1
[ $? = 1 ] && [ ! -e "$work/new/site.xml" ]
ok $? "import into a folder that does not exist: refused, nothing made"
mkdir "$work/new"
adm --site "$work/new/site.xml" import "$work/rsa.json" >"$work/imp.out" 2>"$work/imp.err"
rc=$?
[ $rc = 0 ] && grep -q 'warning: the key is RSA 2048 bits' "$work/imp.err" && grep -q 'rotate-key' "$work/imp.err"
ok $? "import of RSA 2048: exit 0, a warning to rotate (exit $rc: $(cat "$work/imp.err"))"
[ -f "$work/new/site.xml" ] && grep -q 'Made the new site file' "$work/imp.out" &&
    [ "$(site_val "$work/new/site.xml" "//*[local-name()='helseid']/@state")" = active ] &&
    [ "$(site_val "$work/new/site.xml" "//*[local-name()='key']/@alg")" = PS256 ]
ok $? "a minimal site was made, holding the client (active, PS256)"
key=$work/new/$(site_val "$work/new/site.xml" "//*[local-name()='key']/@file")
[ "$(stat -c %a "$key")" = 600 ] && [ "$(key_bits "$key")" = 2048 ]
ok $? "the key file is 0600 and holds the RSA 2048 key"
adm --site "$work/new/site.xml" test-token >"$work/tt.out" 2>&1
[ $? = 0 ] && grep -q 'signed' "$work/tt.out"
ok $? "the imported 2048 key gets a token: $(head -n 1 "$work/tt.out")"
adm --site "$work/new/site.xml" status >/dev/null 2>&1
ok $? "status of the minimal site"
adm --site "$work/new/site.xml" --key-alg ES256 --timeout 30 rotate-key >"$work/rot.out" 2>&1
rc=$?
[ $rc = 0 ] && [ "$(site_val "$work/new/site.xml" "//*[local-name()='key']/@alg")" = ES256 ]
ok $? "rotate-key --key-alg ES256 replaces the 2048 key (exit $rc)"

# 2. New clients: PS256 (RSA 4096) by the desired file, ES256 by default.
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/ps.xml"
cat >"$work/ps.json" <<'EOF2'
{ "format": 1, "owner": "315260183", "create_new": true, "key_alg": "PS256",
  "services": { "kjernejournal": [] } }
EOF2
adm --site "$work/ps.xml" plan "$work/ps.json" >"$work/ps-plan.out" 2>&1
[ $? = 6 ] && grep -q 'new PS256 key (RSA 4096)' "$work/ps-plan.out"
ok $? "plan shows a new PS256 key"
port=$("$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
adm --site "$work/ps.xml" --no-input --browser print --port "$port" --timeout 60 apply "$work/ps.json" >"$work/ps.out" 2>&1
rc=$?
key=$work/$(site_val "$work/ps.xml" "//*[local-name()='key']/@file")
[ $rc = 0 ] && [ "$(site_val "$work/ps.xml" "//*[local-name()='key']/@alg")" = PS256 ] && [ "$(key_bits "$key")" = 4096 ]
ok $? "apply with key_alg PS256: a working client with an RSA 4096 key (exit $rc)"
adm --site "$work/ps.xml" test-token >"$work/ps-tt.out" 2>&1
ok $? "the PS256 client gets a token"
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/es.xml"
sed 's/, "key_alg": "PS256"//' "$work/ps.json" >"$work/es.json"
adm --site "$work/es.xml" --key-alg PS256 plan "$work/es.json" 2>&1 | grep -q 'new PS256 key'
ok $? "--key-alg PS256 on the command line"
adm --site "$work/es.xml" plan "$work/es.json" 2>&1 | grep -q 'new ES256 key'
ok $? "ES256 by default"

# 3. Never RS256.
adm --site "$work/es.xml" --key-alg RS256 plan "$work/es.json" >/dev/null 2>"$work/rs.err"
[ $? = 2 ] && grep -q 'use ES256 or PS256' "$work/rs.err"
ok $? "--key-alg RS256: usage error"
sed 's/"PS256"/"RS256"/' "$work/ps.json" >"$work/rs.json"
adm --site "$work/es.xml" plan "$work/rs.json" >/dev/null 2>"$work/rs2.err"
[ $? = 1 ] && grep -q 'key_alg.*never RS256' "$work/rs2.err"
ok $? "key_alg RS256 in the desired file: refused naming the field"

done_testing
