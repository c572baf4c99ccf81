#!/bin/sh
# Scheduled key rotation (issue 12 item 5) against helseid-sim: rotate-key
# --if-expires-within=DAYS does nothing (exit 0) until the key is due; the key's expiry
# is saved in the site and shown by status; every run's outcome (rotated, not due,
# failed, interrupted) is in the audit log.
. "$top_srcdir/tests/lib.sh"
work_name=rotate
. "$top_srcdir/tests/e2e/sim-lib.sh"
"$PYTHON3" -c 'import jwcrypto' 2>/dev/null || { echo "1..0 # SKIP python3-jwcrypto not installed"; exit 0; }

start_sim --auto-confirm --propagation 0
admin() { curl -s -f --cacert "$work/ca.pem" -H 'Content-Type: application/json' -d "$2" "$(j admin)/$1" >/dev/null; }
adm() {
    "$top_builddir/helseid-admin" --env demo --site "$work/site.xml" --authority "$(j authority)" \
        --selvbetjening-api "$(j selvbetjening_api)" --selvbetjening-web "$(j selvbetjening_web)" \
        --brreg "$(j brreg)" --ca-file "$work/ca.pem" "$@"
}
expires() { xmllint --xpath "string(//*[local-name()='key']/@expires)" "$work/site.xml" 2>/dev/null; }
keyfile() { xmllint --xpath "string(//*[local-name()='key']/@file)" "$work/site.xml" 2>/dev/null; }
audit() { tail -n 1 "$work/site.xml.audit.log" | cut -f 3-; }

"$PYTHON3" -c "import json; d = json.load(open('$work/urls.json')); d['ca_file'] = '$work/ca.pem'; json.dump(d, open('$work/u.json', 'w'))"
"$PYTHON3" "$top_srcdir/tests/e2e/make-client.py" "$work/u.json" "$work/download.json" 315260183 219378653 >/dev/null &&
    adm import "$work/download.json" >/dev/null 2>&1
ok $? "a client imported from a download (its key's expiry not known yet)"

# 1. Not due: exit 0, nothing changed but the expiry learnt from Selvbetjening.
key0=$(keyfile)
adm --if-expires-within=30 rotate-key >"$work/r1.out" 2>"$work/r1.err"
rc=$?
[ $rc = 0 ] && grep -q 'Not due' "$work/r1.out" && [ "$(keyfile)" = "$key0" ]
ok $? "--if-expires-within=30 with a year left: exit 0, nothing done (exit $rc: $(cat "$work/r1.out" "$work/r1.err"))"
exp1=$(expires)
[ -n "$exp1" ]
ok $? "the key's expiry is saved in the site ($exp1)"
audit | grep -q "^rotate-key	not due: "
ok $? "the no-op is in the audit log: $(audit)"
# ... and in syslog(3), for journald: the datagram to /dev/log as strace sees it (the
# connect made to succeed, so the C library sends even where no syslog daemon listens;
# the expiry is known now, so this run opens no other socket).
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -f -qq -s 700 -e trace=connect,sendto -e inject=connect:retval=0 -o "$work/strace" \
        "$top_builddir/helseid-admin" --env demo --site "$work/site.xml" --if-expires-within=30 rotate-key \
        >/dev/null 2>&1
    said=$(grep -o 'helseid-admin\[[0-9]*\]: rotate-key [^"]*' "$work/strace" | head -n 1)
    printf '%s\n' "$said" | grep -q "^helseid-admin\[[0-9]*\]: rotate-key $work/site.xml: not due: client "
    ok $? "the no-op also goes to syslog: $said"
else
    echo "ok $((n += 1)) # SKIP strace cannot trace here"
fi

# 2. Due (the limit beyond the expiry): rotated, the new expiry saved.
adm --if-expires-within=400 --timeout 30 rotate-key >"$work/r2.out" 2>"$work/r2.err"
rc=$?
[ $rc = 0 ] && [ "$(keyfile)" != "$key0" ] && [ -n "$(expires)" ]
ok $? "--if-expires-within=400: rotated (exit $rc)"
audit | grep -q "^rotate-key	rotated: "
ok $? "the rotation is in the audit log"
adm status >"$work/st.out" 2>&1 && grep -q "^Key expires: *$(expires)" "$work/st.out"
ok $? "status shows the key's expiry"
adm --json status 2>/dev/null | "$PYTHON3" -c "
import json, sys; d = json.load(sys.stdin); assert d['config']['key_expires'] == '$(expires)', d"
ok $? "status --json: config.key_expires"

# 3. A failure: the upload refused. Exit 1, the old key stays, the audit says so.
key1=$(keyfile)
admin fault '{"path":"/selvbetjening/api/v1/client-secret","kind":"status","status":500}'
adm --if-expires-within=400 rotate-key >"$work/r3.out" 2>"$work/r3.err"
rc=$?
[ $rc = 1 ] && [ "$(keyfile)" = "$key1" ] && audit | grep -q "^rotate-key	failed: "
ok $? "a failed rotation: exit 1, the old key kept, audited (exit $rc: $(audit))"

# 4. Interrupted (SIGTERM while the upload is slow): exit 143, audited, and with --json
#    one document saying so.
admin fault '{"path":"/selvbetjening/api/v1/client-secret","kind":"delay","delay_ms":3000}'
before=$(ls "$work"/client-*.jwk | wc -l)
(exec "$top_builddir/helseid-admin" --env demo --site "$work/site.xml" \
    --authority "$(j authority)" --selvbetjening-api "$(j selvbetjening_api)" \
    --selvbetjening-web "$(j selvbetjening_web)" --brreg "$(j brreg)" --ca-file "$work/ca.pem" \
    --json --if-expires-within=400 --timeout 30 rotate-key >"$work/r4.out" 2>"$work/r4.err") &
pid=$!      # the program itself (exec), so that the signal reaches it
# The new key file appears just before the upload: then the signal.
until [ "$(ls "$work"/client-*.jwk | wc -l)" -gt "$before" ] || ! kill -0 $pid 2>/dev/null; do sleep 0.05; done
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 143 ] && audit | grep -q "^rotate-key	interrupted: " && [ "$(keyfile)" = "$key1" ]
ok $? "interrupted by SIGTERM: exit 143, the old key kept, audited (exit $rc: $(audit))"
"$PYTHON3" "$top_srcdir/tests/e2e/json-check.py" --stderr "$work/r4.err" "$top_srcdir/data/schema" \
    rotate-key false 143 "$work/r4.out" && grep -q '"ERR_INTERRUPTED"' "$work/r4.out"
ok $? "interrupted with --json: one document, exit 143, ERR_INTERRUPTED"

# 5. Usage.
adm --if-expires-within=abc rotate-key >/dev/null 2>&1; [ $? = 2 ]
ok $? "--if-expires-within=abc: usage error"

done_testing
