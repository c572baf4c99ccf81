#!/bin/sh
# `helseid-admin check` end to end against the local TLS server.
. "$top_srcdir/tests/e2e/net-lib.sh"
. "$top_srcdir/tests/lib.sh"
if ! net_setup || ! net_start_server main; then
    echo "Bail out! cannot create the test CA or start the TLS server"
    exit 1
fi
prog="$top_builddir/helseid-admin"
u="https://127.0.0.1:$main_port"
closed=$("$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export HELSEID_PERSONTJENESTEN="$u"
unset HELSEID_AUTHORITY HELSEID_SELVBETJENING_API HELSEID_SELVBETJENING_WEB HELSEID_BRREG HELSEID_CA_FILE
unset HTTPS_PROXY https_proxy ALL_PROXY all_proxy
set -- --lang=en --env=test --authority="$u" --selvbetjening-api="$u" --selvbetjening-web="$u" --brreg="$u/enhetsregisteret/api"

"$prog" "$@" --ca-file="$ca" check >"$work/out" 2>&1
ok $? "check: all reachable exits 0"
[ "$(grep -c '^ok ' "$work/out")" = 6 ]; ok $? "check: one ok line per host plus the clock"
tail -n 1 "$work/out" | grep -q '^all 6 checks passed$'; ok $? "check: one-line verdict"
! grep -q '^      ' "$work/out"; ok $? "check: no details when all pass"

"$prog" "$@" check >"$work/out" 2>&1
[ $? = 1 ]; ok $? "check: without the CA exits 1"
grep -q "TLS intercepted by a proxy? add its CA with --ca-file" "$work/out"; ok $? "check: interception hint shown"
tail -n 1 "$work/out" | grep -q '^5 of 5 checks failed$'; ok $? "check: verdict counts failures"

HELSEID_BRREG="https://127.0.0.1:$closed" "$prog" --lang=en --env=test --authority="$u" \
    --selvbetjening-api="$u" --selvbetjening-web="$u" --ca-file="$ca" check >"$work/out" 2>&1
[ $? = 1 ]; ok $? "check: one host down exits 1"
grep '^FAIL  cannot reach Enhetsregisteret (127.0.0.1' "$work/out" | grep -q "refused"; ok $? "check: environment URL used, refusal explained"

"$prog" "$@" --ca-file="$ca" --json check >"$work/json" 2>"$work/err"
ok $? "check --json: exits 0"
"$PYTHON3" - "$work/json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is True and d["environment"] == "test"
assert len(d["checks"]) == 5 and all(c["ok"] and c["cause"] == "ok" for c in d["checks"])
assert d["clock"]["known"] is True and abs(d["clock"]["skew_s"]) < 5
PY
ok $? "check --json: one valid document"
[ ! -s "$work/err" ]; ok $? "check --json: nothing on stderr"

"$prog" --env=test --authority="http://127.0.0.1" check >"$work/out" 2>&1
[ $? = 2 ]; ok $? "check: plain http authority is a usage error"
grep -q "must start with https://" "$work/out"; ok $? "check: says https is required"
"$prog" check extra >/dev/null 2>&1
[ $? = 2 ]; ok $? "check: extra operand is a usage error"
done_testing
