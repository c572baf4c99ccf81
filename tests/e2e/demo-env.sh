#!/bin/sh
# --env demo without URLs starts the bundled simulator for the command, points every
# URL at it, and stops it afterwards (DESIGN.md §4).
. "$top_srcdir/tests/lib.sh"
prog="$top_builddir/helseid-admin"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
unset HELSEID_AUTHORITY HELSEID_SELVBETJENING_API HELSEID_SELVBETJENING_WEB HELSEID_BRREG HELSEID_CA_FILE
export HELSEID_SIM="$top_builddir/helseid-sim" TMPDIR="$tmp"

"$prog" --lang=en --env=demo check >"$tmp/out" 2>&1
ok $? "demo check: exits 0 against the simulator"
tail -n 1 "$tmp/out" | grep -q '^all 5 checks passed$'; ok $? "demo check: every host and the clock pass"
grep -q 'HelseID STS (127.0.0.1' "$tmp/out"; ok $? "demo check: the STS is the simulator on loopback"
[ -z "$(ls "$tmp")" ] || [ "$(ls "$tmp")" = out ]; ok $? "demo check: the simulator's folder is removed"

cp "$top_srcdir/data/demo/kommune.xml" "$tmp/site.xml"
"$prog" --lang=en --env=demo --site "$tmp/site.xml" --json check >"$tmp/json" 2>"$tmp/err"
ok $? "demo check --site --json: exits 0"
"$PYTHON3" - "$tmp/json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is True and d["environment"] == "demo", d
rules = {x["rule"] for x in d["diagnostics"]}
assert {"preflight.epj_version", "preflight.user_fnr", "preflight.reach", "preflight.clock_skew"} <= rules, rules
PY
ok $? "demo check --json: the site's checks and the network's, one document"

HELSEID_SIM="$tmp/missing" "$prog" --lang=en --env=demo check >"$tmp/out" 2>&1
[ $? = 1 ]; ok $? "demo without the simulator: exit 1"
grep -q "simulator" "$tmp/out"; ok $? "demo without the simulator: says so"
done_testing
