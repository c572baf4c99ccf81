#!/bin/sh
# Another local user cannot end a hand-off: while the line-mode wizard waits for the
# confirmation, requests to the loopback without the hand-off's secret path segment
# (the old fixed path with status=Bogus or Cancelled, a guessed segment) are answered
# 404 and change nothing; the portal's real redirect then confirms.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
site="$TMPD/site.xml"
start_sim
fresh_site "$site" legekontor
port=$(free_port)
mkfifo "$TMPD/in"
"$BIN" --site "$site" --plain --env demo --browser print --port "$port" --timeout 120 \
    < "$TMPD/in" > "$TMPD/out" 2>&1 &
pid=$!
exec 5> "$TMPD/in"
printf '\n\n315260183\n\n\n\n\n\n' >&5
file_has "$TMPD/out" "Open this link in a browser"; ok $? "the wizard waits for the confirmation"
link=$(grep -m1 "^$HELSEID_SELVBETJENING_WEB/confirm-client/" "$TMPD/out")

code() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$1"; }
[ "$(code '/helseid-admin/confirmed?status=Bogus')" = 404 ]; ok $? "status=Bogus on the bare path: 404"
[ "$(code '/helseid-admin/confirmed?status=Cancelled')" = 404 ]; ok $? "status=Cancelled on the bare path: 404"
[ "$(code '/helseid-admin/confirmed/00000000000000000000000000000000?status=Cancelled')" = 404 ]
ok $? "a guessed secret segment: 404"
[ "$(code '/helseid-admin/confirmed?status=Success')" = 404 ]; ok $? "a spoofed Success: 404 as well"
kill -0 "$pid" 2>/dev/null; ok $? "the wizard still waits"
[ "$(site_state)" = pending ]; ok $? "the site is still pending"
! grep -q "Cancelled\|Bogus" "$TMPD/out"; ok $? "nothing of the spoofed answers reached the output"

# The real portal redirect (the browser stand-in with the link) confirms. The STS poll
# alone may also confirm, and would end the wait (closing the loopback) in the moment
# between «Bekreft» and the browser's redirect; so the STS answers 503 until the
# stand-in has been answered by the loopback, which then still listens.
fault() { curl -s --cacert "$TMPD/ca.pem" -o /dev/null -w '%{http_code}' -X "$1" \
    -H 'Content-Type: application/json' ${2:+-d "$2"} "$SIM_BASE/admin/fault"; }
[ "$(fault POST '{"path": "/sts/connect/token", "kind": "status", "status": 503, "count": -1}')" = 201 ] ||
    { echo "Bail out! cannot hold the STS"; exit 99; }
BROWSER_SIM_OUT="$TMPD/browser.log" $PY "$BSIM" "$link"
grep -q "^confirmed http://127.0.0.1:$port/helseid-admin/confirmed/[0-9a-f]\{32\}?status=Success" "$TMPD/browser.log"
ok $? "the portal's redirect carries the secret segment"
fault DELETE > /dev/null
wait "$pid"; rc=$?
exec 5>&-
[ "$rc" = 0 ] && [ "$(site_state)" = active ]; ok $? "then confirmed: exit 0, site active (got $rc)"

# SO_REUSEADDR: the listener answered and closed those connections first, so they sit
# in TIME_WAIT on its port; the next listener still gets that port (not the next one).
tw=$(ss -Htan state time-wait "( sport = :$port )" 2>/dev/null | wc -l)
echo "# TIME_WAIT connections on $port: $tw"
"$top_builddir/tests/e2e/net-loopback-helper" confirm "$port" "" "$TMPD/port" 100 > "$TMPD/helper.out" 2>&1
[ "$tw" -gt 0 ] && [ "$(cat "$TMPD/port" 2>/dev/null)" = "$port" ]; ok $? "the next listener binds port $port again ($tw in TIME_WAIT)"
done_testing
