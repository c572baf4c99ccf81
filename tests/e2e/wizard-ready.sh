#!/bin/sh
# Truthful readiness in both wizard frontends (issue 10 item 5): the simulator holds
# Kjernejournal's scope pending (--hold), so HelseID confirms the client and issues
# tokens, but has not approved everything. The final screen and the line mode's last
# lines must not say "works" or "start the journal system again", must list what waits
# and why, and the wizard exits 7; after NHN approves, status exits 0.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
WAIT_SECS=30
site="$TMPD/site.xml"
start_sim --hold nhn:kjernejournal/innlogging
BROWSER="$BSIM"; BROWSER_SIM_OUT="$TMPD/browser.log"; export BROWSER BROWSER_SIM_OUT

# 1. The line mode: Kjernejournal chosen (1) on step 4.
fresh_site "$site" legekontor
printf '\n\n315260183\n\n\n1\n\n\n' | "$BIN" --site "$site" --plain --env demo --port "$(free_port)" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 7 ]; ok $? "line mode: confirmed but a scope pending: exit 7 (got $rc)"
id=$(client_id)
grep -q "HelseID confirmed client $id\.$" "$TMPD/out" && ! grep -q "it works" "$TMPD/out"
ok $? "line mode: confirmed, not \"works\""
grep -q "^  nhn:kjernejournal/innlogging: pending approval - Venter på godkjenning fra Norsk helsenett" "$TMPD/out"
ok $? "line mode: what waits and why (statusReason)"
! grep -q "start the journal system again\." "$TMPD/out" && grep -q "Do not start the journal system again yet" "$TMPD/out"
ok $? "line mode: no \"start the journal system again\""
[ "$(site_state)" = active ]; ok $? "line mode: the site is saved active"
"$BIN" --site "$site" --env demo status > "$TMPD/status" 2>&1
rc=$?
[ "$rc" = 7 ] && grep -q "kjernejournal/innlogging: pending approval" "$TMPD/status"
ok $? "status: exit 7 and the pending scope (got $rc)"
curl -s -f --cacert "$TMPD/ca.pem" -H 'Content-Type: application/json' -d "{\"clientId\":\"$id\"}" \
    "$SIM_BASE/admin/approve" > /dev/null
ok $? "NHN approves (simulator)"
"$BIN" --site "$site" --env demo status > "$TMPD/status2" 2>&1
[ $? = 0 ] && grep -q "^Ready" "$TMPD/status2"
ok $? "status after the approval: ready, exit 0"

# 2. The full screen: the same, and its final screen.
fresh_site "$site" legekontor
TENV="BROWSER=$BSIM BROWSER_SIM_OUT=$TMPD/browser.log" tstart 80 24 --site "$site" --env demo --port "$(free_port)"
twait "Step 0 of 6" && keys Enter && twait "Step 1 of 6" && keys Enter &&
    twait "Step 2 of 6" && keys C-u 3 1 5 2 6 0 1 8 3 && keys Enter && twait "Enhetsregisteret:" &&
    keys Enter && twait "Step 3 of 6" && keys Enter && twait "Step 4 of 6" && keys Space Enter &&
    twait "Step 5 of 6" && keys Enter && twait "Step 6 of 6" && keys F10
ok $? "full screen: walked to Save with Kjernejournal"
twait "HelseID has not approved everything yet"; ok $? "full screen: the final screen says what is not approved"
[ "$(texit)" = 7 ]; ok $? "full screen: exit 7"
screen | grep -q "nhn:kjernejournal/innlogging: pending approval"; ok $? "full screen: the pending scope and its reason"
! screen | grep -q "it works"; ok $? "full screen: not \"works\""
screen | grep -q "Do not start the journal system again yet"; ok $? "full screen: not yet to restart"

done_testing
