#!/bin/sh
# End to end against helseid-sim --api-nonce: the Selvbetjening API demands a DPoP
# nonce (RFC 9449 §9). Our client's token_api_call must retry once with the nonce
# the 401 carries and succeed, and report a second refusal as one clean error.
. "$top_srcdir/tests/lib.sh"
: "${HELSEID_ADMIN_DATADIR:=$top_srcdir/data}"; export HELSEID_ADMIN_DATADIR
work=$(mktemp -d "${TMPDIR:-/tmp}/helseid-nonce.XXXXXX")
sim_pid=
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; wait 2>/dev/null; [ -n "$KEEP_E2E" ] || rm -rf "$work"; }
trap cleanup EXIT INT TERM

"$top_builddir/helseid-sim" --port 0 --ca-out "$work/ca.pem" --auto-confirm --api-nonce \
    >"$work/urls.json" 2>"$work/sim.log" &
sim_pid=$!
deadline=$(( $(date +%s) + 20 ))
while [ ! -s "$work/urls.json" ]; do
    if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 "$sim_pid" 2>/dev/null; then
        echo "# helseid-sim did not start"; cat "$work/sim.log"; break
    fi
    sleep 0.05   # polling the file the simulator writes; nothing is decided by time
done
[ -s "$work/urls.json" ]
ok $? "helseid-sim --api-nonce started"
j() { "$PYTHON3" -c "import json,sys; print(json.load(open('$work/urls.json'))['$1'])"; }
[ "$(j api_nonce)" = True ] && [ "$(j auto_confirm)" = True ]
ok $? "startup line reports api_nonce and auto_confirm"

# The usual hand-off, done by the vendor side in python (jwcrypto, not our C code):
# a draft with the api key, confirmed by --auto-confirm, written as Selvbetjening's
# download (authority in token endpoint form, privateJwk URL-encoded).
# $2 is the admin helper: "fault JSON" arms a fault, "download FILE" makes a client.
sim_py() { "$PYTHON3" - "$work/urls.json" "$@" <<'PY'
import json, ssl, sys, urllib.parse, urllib.request
from jwcrypto import jwk
urls = json.load(open(sys.argv[1]))
ctx = ssl.create_default_context(cafile=urls["ca_file"])
def post(url, body, headers):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers=dict(headers, **{"Content-Type": "application/json"}))
    return json.load(urllib.request.urlopen(req, context=ctx))
if sys.argv[2] == "fault":
    post(urls["admin"] + "/fault", json.loads(sys.argv[3]), {})
    sys.exit(0)
key = jwk.JWK.generate(kty="EC", crv="P-256")
draft = {"organizationNumber": "315260183", "publicJwk": key.export_public(),
         "apiScopes": ["nhn:selvbetjening/client"], "redirectUris": [],
         "childOrganizationNumbers": ["219378653"],
         "postClientConfirmationRedirectUri": "http://127.0.0.1:8089/callback"}
cid = post(urls["selvbetjening_api"] + "/v1/client-drafts", draft, {"api-key": "demo-api-key"})["clientId"]
doc = {"clientName": "Fjordlegene AS - nonce e2e", "authority": urls["authority"] + "/connect/token",
       "clientId": cid, "privateJwk": urllib.parse.quote_plus(key.export_private()),
       "rsaPrivateKey": "<RSAKeyValue/>"}
with open(sys.argv[3], "w") as f:
    json.dump(doc, f)
PY
}
sim_py download "$work/download.json"
ok $? "client drafted and confirmed, configuration downloaded"

sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/site.xml"
export HELSEID_SITE="$work/site.xml"
set -- --env demo --authority "$(j authority)" --selvbetjening-api "$(j selvbetjening_api)" \
    --selvbetjening-web "$(j selvbetjening_web)" --brreg "$(j brreg)" --ca-file "$work/ca.pem"
adm="$top_builddir/helseid-admin"
"$adm" "$@" import "$work/download.json" >"$work/import.out" 2>&1
ok $? "import of the downloaded configuration"

# 1. First API call of a run has no nonce: 401 use_dpop_nonce, one retry, success.
"$adm" "$@" -v status >"$work/status.out" 2>"$work/status.err"
ok $? "status against an API that demands a nonce"
grep -q 'nhn:selvbetjening/client' "$work/status.out"
ok $? "status lists the live scopes read from GET /v1/client"
[ "$(grep -c 'GET .*/selvbetjening/api/v1/client' "$work/status.err")" -ge 2 ] &&
    grep -q '401' "$work/status.err"
ok $? "the trace shows the refused call and its retry"
! grep -Eq 'eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+' "$work/status.err"   # a JWT: header.payload (a random nonce may hold "eyJ")
ok $? "the trace shows no token or proof"

# 2. The nonce refused on the retry as well (a rotating server, fault kind "nonce"):
# the first answer and the retry's are both use_dpop_nonce. One clean error, with the
# documented status for a refused authentication (4, man helseid-admin(8)).
sim_py fault '{"path":"/selvbetjening/api/v1/client","kind":"nonce","count":2}'
ok $? "nonce fault armed for two calls"
"$adm" "$@" status >"$work/status2.out" 2>"$work/status2.err"
rc=$?
[ $rc = 4 ] && [ "$(wc -l <"$work/status2.err")" = 1 ] && grep -q 'nonce' "$work/status2.err" &&
    ! grep -Eq 'eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+' "$work/status2.err"
ok $? "second nonce refusal: exit 4 (got $rc), one line: $(cat "$work/status2.err")"

# 3. The fault used up, the next run works again.
"$adm" "$@" status >/dev/null 2>&1
ok $? "status works again once the server keeps its nonce"

done_testing
