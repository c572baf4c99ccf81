#!/bin/sh
# plan FILE / apply FILE end to end against helseid-sim: a client made by the
# protocol driver and imported, then desired configurations planned and applied.
# What was sent is read from the simulator's own state (/admin/state).
. "$top_srcdir/tests/lib.sh"
work_name=plan
. "$top_srcdir/tests/e2e/sim-lib.sh"
start_sim --auto-confirm --propagation 0-1
# state EXPR: evaluate a Python expression over the simulator's state `s`.
state() { "$PYTHON3" - "$(j admin)/state" "$work/ca.pem" "$1" <<'PY'
import json, ssl, sys, urllib.request
ctx = ssl.create_default_context(cafile=sys.argv[2])
s = json.load(urllib.request.urlopen(sys.argv[1], context=ctx))
print(eval(sys.argv[3]))
PY
}
# puts FILE: the PUT requests in a -v trace (what the program sent).
puts() { grep -c '^> PUT ' "$1"; }
clients() { echo "(s['clients'].values() if isinstance(s['clients'], dict) else s['clients'])"; }

"$top_builddir/tests/e2e/helseid-e2e" "$work/urls.json" --export "$work/download.json" >"$work/driver.tap" 2>&1
ok $? "a confirmed client made by the protocol driver"

sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/site.xml"
export HELSEID_SITE="$work/site.xml"
set -- --env demo --authority "$(j authority)" --selvbetjening-api "$(j selvbetjening_api)" \
    --selvbetjening-web "$(j selvbetjening_web)" --brreg "$(j brreg)" --ca-file "$work/ca.pem"
adm="$top_builddir/helseid-admin"
"$adm" "$@" import "$work/download.json" >"$work/import.out" 2>&1
ok $? "import of the client"

cat >"$work/want.json" <<'EOF'
{
  "format": 1,
  "env": "demo",
  "owner": "315260183",
  "services": {
    "kjernejournal": ["tillitsrammeverk"],
    "persontjenesten": ["restricted"],
    "fastlegeregisteret": []
  }
}
EOF

# 1. The first plan: scopes to add, exit 6.
"$adm" "$@" plan "$work/want.json" >"$work/plan1.out" 2>"$work/plan1.err"
[ $? = 6 ] && grep -q '^  + Scope  *nhn:hgd-persontjenesten-api/restricted-access' "$work/plan1.out" &&
    grep -q 'nhn:fastlegeregisteret' "$work/plan1.out" && grep -q 'Checks:' "$work/plan1.out"
ok $? "plan with changes: exit 6, the scopes to add"
grep -q '^  ok    services.chosen: ' "$work/plan1.out" && [ ! -s "$work/plan1.err" ]
ok $? "plan lists the rules' diagnostics, nothing on stderr"
"$adm" "$@" -v plan "$work/want.json" >/dev/null 2>"$work/plan1.trace"
[ $? = 6 ] && grep -q '^> GET ' "$work/plan1.trace" && [ "$(puts "$work/plan1.trace")" = 0 ]
ok $? "plan reads the live client and sends nothing"

# 2. apply: PUT, saved, audit.
"$adm" "$@" -v --no-input --timeout 30 apply "$work/want.json" >"$work/apply1.out" 2>"$work/apply1.trace"
ok $? "apply on the existing client: $(grep -v '^[<>*]' "$work/apply1.trace" | tail -n 1)"
[ "$(puts "$work/apply1.trace")" = 1 ]
ok $? "one PUT /v1/client sent"
state "[x['scope'] for c in $(clients) for x in c.get('apiScopes', [])]" | grep -q 'restricted-access'
ok $? "the simulator's client has the new scope"
grep -q '<service id="persontjenesten">' "$work/site.xml" && grep -q 'owner orgnr="315260183"' "$work/site.xml"
ok $? "the site file records the services and the owner"
grep -q '	apply	' "$work/site.xml.audit.log" && grep -q '	handoff-updated	' "$work/site.xml.audit.log"
ok $? "audit line written"
! grep -q 'eyJ\|"d":' "$work/apply1.out"
ok $? "no token or key in the output"

# 3. Idempotent: a second apply sends nothing; plan says no changes.
"$adm" "$@" -v --no-input apply "$work/want.json" >"$work/apply2.out" 2>"$work/apply2.trace"
[ $? = 0 ] && grep -q 'Nothing to change' "$work/apply2.out" && [ "$(puts "$work/apply2.trace")" = 0 ] &&
    ! grep -q '^> POST /api' "$work/apply2.trace"
ok $? "second apply: exit 0, nothing sent"
"$adm" "$@" plan "$work/want.json" >"$work/plan2.out" 2>&1
[ $? = 0 ] && grep -q 'nothing to change' "$work/plan2.out"
ok $? "plan after apply: no changes, exit 0"

# 3a. No --env and no "env" in the file: the environment is the saved configuration's,
#     and plan compares with the live client (it once read that env string after the
#     site was freed: a heap-use-after-free, or "invalid environment" and no live client).
sed '/"env"/d' "$work/want.json" >"$work/want-noenv.json"
(shift 2; "$adm" "$@" --json plan "$work/want-noenv.json") >"$work/plan-noenv.json" 2>"$work/plan-noenv.err"
rc=$?
[ $rc = 0 ] && [ ! -s "$work/plan-noenv.err" ] && "$PYTHON3" -c "
import json; d = json.load(open('$work/plan-noenv.json'))
assert d['environment'] == 'demo' and d['against_live'] is True and d['n_changes'] == 0, d
"
ok $? "plan without --env on a site whose configuration has one: demo, against the live client, exit $rc"

# 4. A sub-unit added to the unit tree: plan shows it, exit 6; apply sends it.
sed 's|<unit name="Fjordlegene AS avd. sentrum" orgnr="219378653"[^/]*/>|&\n      <unit name="Fjordlegene AS avd. fjell" orgnr="217574919"/>|' "$work/site.xml" >"$work/site2.xml" &&
    mv "$work/site2.xml" "$work/site.xml"
grep -q 217574919 "$work/site.xml"
ok $? "a unit added to the unit tree"
"$adm" "$@" plan "$work/want.json" >"$work/plan3.out" 2>&1
[ $? = 6 ] && grep -q '^  + Sub-unit  *217574919  (Fjordlegene AS avd. fjell)' "$work/plan3.out" &&
    ! grep -q 'Scope' "$work/plan3.out"
ok $? "plan with a sub-unit change: exit 6 and the diff"
"$adm" "$@" --json plan "$work/want.json" >"$work/plan3.json" 2>"$work/plan3.jerr"
rc=$?
[ $rc = 6 ] && "$PYTHON3" -c "
import json; d = json.load(open('$work/plan3.json'))
assert d['changes']['sub_units']['added'][0]['orgnr'] == '217574919', d
assert d['rules_ok'] is True and d['n_changes'] >= 1 and d['against_live'] is True
assert all({'rule', 'severity', 'message'} <= set(x) for x in d['diagnostics'])
"
ok $? "plan --json: one valid document with the sub-unit, exit 6"
"$adm" "$@" -v --no-input --json apply "$work/want.json" >"$work/apply3.json" 2>"$work/apply3.trace"
rc=$?
[ $rc = 0 ] && [ "$(puts "$work/apply3.trace")" = 1 ] &&
    "$PYTHON3" -c "import json; d = json.load(open('$work/apply3.json')); assert d['result']['status'] == 'updated'"
ok $? "apply --json of the sub-unit change: PUT sent, one JSON document"
state "[c.get('childOrganizationNumbers') for c in $(clients)]" | grep -q 217574919
ok $? "the live client lists the new sub-unit"
"$adm" "$@" -v --no-input apply "$work/want.json" >/dev/null 2>"$work/apply4.trace" &&
    [ "$(puts "$work/apply4.trace")" = 0 ]
ok $? "and again: nothing sent"

# 5. The SFM-ID safeguard: SFM in use, an empty SFM-ID refused (rule named), exit 1;
#    confirmed, it passes the rules.
cp "$top_srcdir/data/demo/legekontor.xml" "$work/sfm.xml"
cat >"$work/sfm.json" <<'EOF'
{ "format": 1, "owner": "315260183", "sfm_id": "",
  "services": { "persontjenesten": ["full"], "fastlegeregisteret": [], "sfm": [] } }
EOF
"$adm" --env demo --site "$work/sfm.xml" plan "$work/sfm.json" >"$work/sfm.out" 2>"$work/sfm.err"
[ $? = 1 ] && grep -q 'error sfm.empty_id_safeguard' "$work/sfm.out"
ok $? "empty SFM-ID while SFM is in use: exit 1 naming sfm.empty_id_safeguard"
"$adm" --env demo --site "$work/sfm.xml" --no-input apply "$work/sfm.json" >"$work/sfm2.out" 2>"$work/sfm2.err"
[ $? = 1 ] && cmp -s "$work/sfm.xml" "$top_srcdir/data/demo/legekontor.xml"
ok $? "apply refuses it and leaves the site file alone"
sed 's/"sfm_id": ""/"sfm_id": "", "confirm_new_sfm_id": true/' "$work/sfm.json" >"$work/sfm-ok.json"
"$adm" --env demo --site "$work/sfm.xml" plan "$work/sfm-ok.json" >"$work/sfm3.out" 2>/dev/null
[ $? = 6 ] && grep -q 'warn  sfm.empty_id_safeguard' "$work/sfm3.out" && grep -q 'new SFM-ID generated' "$work/sfm3.out"
ok $? "confirmed: a warning, the plan shows a new SFM-ID, exit 6"

# 6. Persontjenesten without a choice; Fastlegeregisteret without Persontjenesten.
printf '{"format":1,"owner":"315260183","services":{"persontjenesten":[]}}' >"$work/pt.json"
"$adm" "$@" plan "$work/pt.json" >"$work/pt.out" 2>&1
[ $? = 1 ] && grep -q '^  error services\.' "$work/pt.out"
ok $? "Persontjenesten needs a choice: exit 1"
printf '{"format":1,"owner":"315260183","services":{"fastlegeregisteret":[]}}' >"$work/fl.json"
"$adm" "$@" plan "$work/fl.json" >"$work/fl.out" 2>&1
[ $? = 1 ] && grep -i 'error.*persontjenesten' "$work/fl.out" >/dev/null
ok $? "Fastlegeregisteret needs Persontjenesten: exit 1"

# 7. A new client from a site without one (the simulator confirms drafts itself; the
#    STS readiness poll ends the wait), then the same file again: nothing to do.
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/new.xml"
cat >"$work/new.json" <<'EOF'
{ "format": 1, "owner": "315260183", "create_new": true,
  "services": { "kjernejournal": [], "persontjenesten": ["restricted"] } }
EOF
port=$("$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SSH_CONNECTION="192.0.2.10 50000 192.0.2.20 22" "$adm" "$@" --site "$work/new.xml" --no-input \
    --browser print --port "$port" --timeout 60 apply "$work/new.json" >"$work/new.out" 2>"$work/new.err"
rc=$?
[ $rc = 0 ] && grep -q '/confirm-client/' "$work/new.out" && grep -q 'state="active"' "$work/new.xml" &&
    grep -q '<client-id>' "$work/new.xml"
ok $? "apply of a new configuration: draft, link, confirmed, saved active (exit $rc): $(tail -n 1 "$work/new.out")"
grep -q "ssh -L $port:127.0.0.1:$port" "$work/new.out" &&
    [ "$(grep -n 'confirm-client' "$work/new.out" | cut -d: -f1)" -lt "$(grep -n 'ssh -L' "$work/new.out" | cut -d: -f1)" ]
ok $? "over SSH: the link first, then the ssh -L line"
"$adm" "$@" --site "$work/new.xml" -v --no-input apply "$work/new.json" >"$work/new2.out" 2>"$work/new2.trace"
[ $? = 0 ] && grep -q 'Nothing to change' "$work/new2.out" && ! grep -q '^> \(PUT\|POST\) /api' "$work/new2.trace"
ok $? "the same file again: nothing to change, nothing sent"

# 8. Usage and invalid input.
"$adm" "$@" plan >/dev/null 2>&1; [ $? = 2 ]
ok $? "plan without FILE: exit 2"
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/noenv.xml"
"$adm" --site "$work/noenv.xml" apply "$work/pt.json" >/dev/null 2>"$work/noenv.err"
[ $? = 2 ] && grep -q 'no environment' "$work/noenv.err"
ok $? "no environment anywhere: exit 2, nothing guessed"
printf '{"format":1,\n "owner": 315260183,\n "services":{}}' >"$work/bad.json"
"$adm" "$@" plan "$work/bad.json" >/dev/null 2>"$work/bad.err"
[ $? = 1 ] && grep -q 'bad.json:2: field "owner": must be a string' "$work/bad.err"
ok $? "invalid file: exit 1, FILE:LINE and field: $(cat "$work/bad.err")"
"$adm" "$@" --json plan "$work/bad.json" >"$work/bad.jout" 2>/dev/null
[ $? = 1 ] && "$PYTHON3" -c "import json; d = json.load(open('$work/bad.jout')); assert d['error']['code'] == 'ERR_PARSE'"
ok $? "invalid file with --json: one JSON document naming the error, exit 1"
# The catalog from po/nb.po plus this command's fragment (until it is merged).
mkdir -p "$work/locale/nb/LC_MESSAGES"
{ printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
  cat "$top_srcdir/po/frag/apply.nb.po"; } >"$work/apply.nb.po"
msgcat --use-first "$top_srcdir/po/nb.po" "$work/apply.nb.po" -o "$work/nb.po" &&
    msgfmt -o "$work/locale/nb/LC_MESSAGES/helseid-admin.mo" "$work/nb.po"
HELSEID_ADMIN_LOCALEDIR="$work/locale" "$adm" "$@" --lang nb plan "$work/bad.json" >/dev/null 2>"$work/bad-nb.err"
[ $? = 1 ] && grep -q 'bad.json:2: feltet «owner»' "$work/bad-nb.err"
ok $? "the message in Norwegian: $(cat "$work/bad-nb.err")"

done_testing
