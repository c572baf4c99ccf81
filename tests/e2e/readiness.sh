#!/bin/sh
# Truthful readiness (issue 10 item 5) against helseid-sim: a client HelseID has
# confirmed while a scope or claim still waits is not "working"; apply and status exit 7
# and list what waits with HelseID's statusReason; a new SFM-ID is saved and shown;
# a draft not yet confirmed is not an authentication failure for status.
. "$top_srcdir/tests/lib.sh"
work_name=ready
. "$top_srcdir/tests/e2e/sim-lib.sh"
old_sfm=0b7e1c2a-3b4d-4e5f-9a8b-1c2d3e4f5a6b

# admin PATH JSON: POST to the simulator's test control.
admin() { curl -s -f --cacert "$work/ca.pem" -H 'Content-Type: application/json' -d "$2" "$(j admin)/$1" >/dev/null; }
# state EXPR: a Python expression over the simulator's state `s`.
state() { "$PYTHON3" - "$(j admin)/state" "$work/ca.pem" "$1" <<'PY'
import json, ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[2])
s = json.load(urllib.request.urlopen(sys.argv[1], context=ctx))
print(eval(sys.argv[3]))
PY
}
site_val() { xmllint --xpath "string($2)" "$1" 2>/dev/null; }
adm() {
    "$top_builddir/helseid-admin" --env demo --authority "$(j authority)" \
        --selvbetjening-api "$(j selvbetjening_api)" --selvbetjening-web "$(j selvbetjening_web)" \
        --brreg "$(j brreg)" --ca-file "$work/ca.pem" "$@"
}
port() { "$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_sim --auto-confirm --propagation 0-1

# 1. Persontjenesten "full" needs a legal basis: HelseID holds the scope pending.
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/full.xml"
cat >"$work/full.json" <<'EOF2'
{ "format": 1, "owner": "315260183", "create_new": true,
  "services": { "kjernejournal": [], "persontjenesten": ["full"] } }
EOF2
adm --site "$work/full.xml" --no-input --browser print --port "$(port)" --timeout 60 \
    apply "$work/full.json" >"$work/full.out" 2>"$work/full.err"
rc=$?
[ $rc = 7 ] && grep -q 'state="active"' "$work/full.xml"
ok $? "apply: confirmed but a scope pending: exit 7, saved active (exit $rc)"
grep -q 'nhn:hgd-persontjenesten-api/full-access: pending approval - Krever hjemmel' "$work/full.out" &&
    grep -q 'not approved everything yet' "$work/full.out" && grep -q 'not approved everything yet' "$work/full.err"
ok $? "apply lists what waits and why (statusReason)"
! grep -q 'it works\|start the journal system again\.' "$work/full.out" && grep -q 'Do not start the journal system' "$work/full.out"
ok $? "apply says neither \"works\" nor \"start the journal system again\""
adm --site "$work/full.xml" status >"$work/st1.out" 2>"$work/st1.err"
rc=$?
[ $rc = 7 ] && grep -q 'Not ready' "$work/st1.out" && grep -q 'full-access: pending approval' "$work/st1.out"
ok $? "status of the client: exit 7 and what waits (exit $rc)"
adm --site "$work/full.xml" --json status >"$work/st1.json" 2>/dev/null
rc=$?
[ $rc = 7 ] && "$PYTHON3" -c "
import json; d = json.load(open('$work/st1.json'))
assert d['live']['ready'] is False, d
w = d['live']['waiting']
assert any(x['name'].endswith('/full-access') and x['status'] == 'pending' and 'hjemmel' in x['reason'] for x in w), w
"
ok $? "status --json: ready false, waiting with the reason, exit 7"
sed "s/\"create_new\": true, //" "$work/full.json" >"$work/full-again.json"
adm --site "$work/full.xml" --no-input apply "$work/full-again.json" >"$work/full2.out" 2>&1
[ $? = 7 ] && grep -q 'Nothing to change' "$work/full2.out" && grep -q 'full-access: pending' "$work/full2.out"
ok $? "apply again: nothing to send, still exit 7 while it waits"
admin approve "{\"clientId\":\"$(site_val "$work/full.xml" "//*[local-name()='client-id']")\"}"
ok $? "NHN approves the scope (simulator)"
adm --site "$work/full.xml" status >"$work/st2.out" 2>&1
[ $? = 0 ] && grep -q '^Ready' "$work/st2.out"
ok $? "status after the approval: ready, exit 0"
adm --site "$work/full.xml" --no-input apply "$work/full-again.json" >"$work/full3.out" 2>&1
ok $? "apply after the approval: exit 0"

# test-token SUB-UNIT (issue 10 item 7): the token must name that sub-unit.
adm --site "$work/full.xml" test-token nhn:selvbetjening/client 219378653 >"$work/tt1.out" 2>&1
[ $? = 0 ] && grep -q 'orgnr_child *219378653' "$work/tt1.out"
ok $? "test-token SUB-UNIT: orgnr_child is that sub-unit, exit 0"
admin fault '{"path":"/sts/connect/token","kind":"no-child"}'
adm --site "$work/full.xml" test-token nhn:selvbetjening/client 219378653 >"$work/tt2.out" 2>"$work/tt2.err"
[ $? = 1 ] && grep -q 'does not name sub-unit 219378653' "$work/tt2.err"
ok $? "a token for the parent only: exit 1 and says so ($(cat "$work/tt2.err"))"
admin fault '{"path":"/sts/connect/token","kind":"no-child"}'
adm --site "$work/full.xml" --json test-token nhn:selvbetjening/client 219378653 >"$work/tt3.json" 2>/dev/null
[ $? = 1 ] && "$PYTHON3" -c "
import json; d = json.load(open('$work/tt3.json')); assert d['sub_unit_ok'] is False and d['sub_unit'] == '219378653', d"
ok $? "test-token --json: sub_unit_ok false, exit 1"

# 2. SFM chosen without the SFM-ID in use: HelseID makes a new one and holds SFM
#    pending until the SFM user is registered again. The new SFM-ID is saved and shown.
start_sim --auto-confirm --propagation 0-1 --sfm "315260183=$old_sfm"
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/sfm.xml"
cat >"$work/sfm.json" <<'EOF2'
{ "format": 1, "owner": "315260183", "create_new": true, "sfm_id": "", "confirm_new_sfm_id": true,
  "services": { "kjernejournal": [], "sfm": [] } }
EOF2
adm --site "$work/sfm.xml" --no-input --browser print --port "$(port)" --timeout 60 \
    apply "$work/sfm.json" >"$work/sfm.out" 2>"$work/sfm.err"
rc=$?
[ $rc = 7 ] && grep -q 'e-helse:sfm.api/sfm.api.*: pending approval - Ny SFM-ID' "$work/sfm.out"
ok $? "apply with a new SFM-ID: exit 7, SFM waits for the SFM user (exit $rc)"
new_sfm=$(state "[v for k, v in s['sfmIds'].items() if k == '315260183'][0]")
saved_sfm=$(site_val "$work/sfm.xml" "//*[local-name()='sfm-id']")
[ -n "$new_sfm" ] && [ "$new_sfm" != "$old_sfm" ] && [ "$saved_sfm" = "$new_sfm" ]
ok $? "the new SFM-ID from HelseID is saved in the site ($saved_sfm)"
adm --site "$work/sfm.xml" status >"$work/st3.out" 2>&1
[ $? = 7 ] && grep -q "SFM-ID: *$new_sfm" "$work/st3.out"
ok $? "status shows the new SFM-ID and exits 7"
adm --site "$work/sfm.xml" --json status 2>/dev/null | "$PYTHON3" -c "
import json, sys; d = json.load(sys.stdin); assert d['config']['sfm_id'] == '$new_sfm', d"
ok $? "status --json: config.sfm_id is the new SFM-ID"

# 3. A draft nobody has confirmed: status says so, exit 5, not 4 (authentication).
start_sim --propagation 0
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/draft.xml"
sed 's/"full"/"restricted"/' "$work/full.json" >"$work/draft.json"
adm --site "$work/draft.xml" --no-input --browser print --port "$(port)" --timeout 2 \
    apply "$work/draft.json" >"$work/draft.out" 2>&1
rc=$?
[ $rc = 3 ] && grep -q 'state="pending"' "$work/draft.xml"
ok $? "an unconfirmed draft: apply times out, the site stays pending (exit $rc)"
adm --site "$work/draft.xml" status >"$work/st4.out" 2>"$work/st4.err"
rc=$?
[ $rc = 5 ] && grep -q 'not confirmed in Selvbetjening yet' "$work/st4.err"
ok $? "status of a pending draft: exit 5, not 4 (exit $rc: $(cat "$work/st4.err"))"
adm --site "$work/draft.xml" --json status >"$work/st4.json" 2>/dev/null
[ $? = 5 ] && "$PYTHON3" -c "
import json; d = json.load(open('$work/st4.json')); assert d['error']['code'] == 'ERR_NOT_CONFIRMED', d"
ok $? "status --json of a pending draft: ERR_NOT_CONFIRMED"
adm --site "$work/draft.xml" test-token >/dev/null 2>"$work/tt4.err"
rc=$?
[ $rc = 5 ] && grep -q 'not confirmed in Selvbetjening yet' "$work/tt4.err"
ok $? "test-token of a pending draft: exit 5, not 4 (exit $rc)"

done_testing
