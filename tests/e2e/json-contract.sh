#!/bin/sh
# The --json contract (helseid-admin-json(7)): for every command a success and a failure
# document, a usage error for each, each exactly one document on stdout that validates
# against data/schema/COMMAND.schema.json, against helseid-sim; a failure's error.message
# is the message on stderr. (Interrupts: tests/e2e/signals.sh, rotate-schedule.sh.)
. "$top_srcdir/tests/lib.sh"
unset HELSEID_SITE HELSEID_ENV HELSEID_API_KEY_FILE DISPLAY WAYLAND_DISPLAY BROWSER
XDG_CONFIG_HOME=/nonexistent; HELSEID_ADMIN_SYSCONFDIR=/nonexistent
export XDG_CONFIG_HOME HELSEID_ADMIN_SYSCONFDIR LANGUAGE= LC_ALL=C
work_name=json
. "$top_srcdir/tests/e2e/sim-lib.sh"
schemas="$top_srcdir/data/schema"
adm="$top_builddir/helseid-admin"

"$PYTHON3" -c 'import jsonschema' 2>/dev/null || { echo "1..0 # SKIP python3-jsonschema missing"; exit 0; }
for f in "$schemas"/*.schema.json; do
    "$PYTHON3" - "$f" <<'PY'
import json, sys, jsonschema
jsonschema.Draft202012Validator.check_schema(json.load(open(sys.argv[1])))
PY
    ok $? "$(basename "$f") is a valid draft 2020-12 schema"
done

start_sim --auto-confirm --propagation 0
"$top_builddir/tests/e2e/helseid-e2e" "$work/urls.json" --export "$work/download.json" >"$work/driver.tap" 2>&1
ok $? "a confirmed client made by the protocol driver"

sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$work/site.xml"
cp "$work/site.xml" "$work/bare.xml"
set -- --env demo --authority "$(j authority)" --selvbetjening-api "$(j selvbetjening_api)" \
    --selvbetjening-web "$(j selvbetjening_web)" --brreg "$(j brreg)" --ca-file "$work/ca.pem"
cat >"$work/want.json" <<'JSON'
{ "format": 1, "env": "demo", "owner": "315260183",
  "services": { "kjernejournal": ["tillitsrammeverk"], "persontjenesten": ["restricted"],
                "fastlegeregisteret": [] } }
JSON
printf '315260183\n' >"$work/list"
# Fastlegeregisteret without Persontjenesten: a rule error, nothing sent.
cat >"$work/bad-rules.json" <<'JSON'
{ "format": 1, "env": "demo", "owner": "315260183", "services": { "fastlegeregisteret": [] } }
JSON

n_doc=0
# doc COMMAND OK EXIT DESCRIPTION -- ARGS...: run helseid-admin ARGS, check its document.
doc() {
    cmd=$1 want_ok=$2 want_exit=$3 what=$4; shift 5
    n_doc=$((n_doc + 1))
    "$adm" "$@" >"$work/doc$n_doc.out" 2>"$work/doc$n_doc.err"; st=$?
    if [ "$st" != "$want_exit" ]; then
        echo "# exit $st, wanted $want_exit: $(head -c 300 "$work/doc$n_doc.err")"
        ok 1 "$cmd: $what"; return
    fi
    "$PYTHON3" "$top_srcdir/tests/e2e/json-check.py" --stderr "$work/doc$n_doc.err" \
        "$schemas" "$cmd" "$want_ok" "$want_exit" \
        "$work/doc$n_doc.out" "${SECRET:-}"
    ok $? "$cmd: $what"
}
site="--site=$work/site.xml"
doc validate true 0 "valid org number" -- --json validate orgnr 974760673
doc validate false 1 "an invalid one: ERR_INVALID, results kept" -- validate --json orgnr 974760674
doc validate false 2 "validate --diff is a usage error" -- --json validate --diff x orgnr 974760673
doc units true 0 "listing" -- --json units "$site"
doc units true 0 "--diff" -- units "$site" --diff "$work/list" --json
doc units false 2 "no site: usage error" -- units --json
doc check true 0 "against the simulator" -- "$@" --json check
doc check false 2 "check --plain is a usage error" -- "$@" --json check --plain
doc import true 0 "the portal's download" -- "$@" "$site" --json import "$work/download.json"
doc import false 1 "a missing file" -- "$@" "$site" --json import "$work/none.json"
doc import false 2 "no FILE: usage error" -- "$@" "$site" --json import
doc status true 0 "saved and live" -- "$@" "$site" --json status
doc status false 1 "a missing site file" -- "$@" --site "$work/none.xml" --json status
doc status false 2 "an unknown option: usage error" -- "$@" "$site" status --bogus --json
doc test-token true 0 "claims of a DPoP token" -- "$@" "$site" --json test-token
doc test-token false 1 "a site without a client" -- "$@" --site "$work/bare.xml" --json test-token
doc test-token false 2 "no site: usage error" -- --json test-token
doc plan true 6 "changes: exit 6 is ok" -- "$@" "$site" --json plan "$work/want.json"
doc plan false 2 "no FILE: usage error" -- "$@" "$site" --json plan
doc apply false 1 "a rule error: nothing sent" -- "$@" "$site" --json --no-input apply "$work/bad-rules.json"
doc apply false 2 "no FILE: usage error" -- "$@" "$site" --json apply
doc apply true 0 "--discard-pending without FILE" -- "$@" "$site" --json apply --discard-pending
doc apply true 0 "the changes, applied" -- "$@" "$site" --json --no-input --timeout 30 apply "$work/want.json"
doc plan true 0 "after apply: nothing to change" -- "$@" "$site" --json plan "$work/want.json"
SECRET=s3cr3t-api-key-value
doc apply false 2 "--api-key=SECRET: usage error, secret not echoed" -- "$@" "$site" --json apply --api-key=$SECRET "$work/want.json"
grep -q "$SECRET" "$work/doc$n_doc.err"; [ $? = 1 ]; ok $? "apply: the secret is not on stderr either"
SECRET=
doc rotate-key true 0 "a new key" -- "$@" "$site" --json --timeout 30 rotate-key
doc rotate-key false 1 "a site without a client" -- "$@" --site "$work/bare.xml" --json rotate-key
doc rotate-key false 2 "--if-expires-within=x: usage error" -- "$@" "$site" --json rotate-key --if-expires-within=x
doc wizard false 2 "--no-input: usage error" -- "$@" "$site" --json --no-input
doc wizard false 2 "no site: usage error" -- --json
doc help true 0 "help plan" -- --json help plan
doc help false 2 "help for an unknown command" -- --json help bogus
doc - false 2 "an unknown command: command null" -- --json bogus
done_testing
