#!/bin/sh
# The line mode doing the whole hand-off against the simulator: answers on stdin, the
# browser stand-in confirms in the portal, the STS decides; then a cancel in the
# portal (exit 5, the site stays pending) and a resume of that pending draft.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
site="$TMPD/site.xml"
start_sim --state "$TMPD/sim-state.json"
BROWSER="$BSIM"; BROWSER_SIM_OUT="$TMPD/browser.log"; export BROWSER BROWSER_SIM_OUT

# A private GP office, first time: defaults, the owner typed, Save.
fresh_site "$site" legekontor
printf '\n\n315260183\n\n\n\n\n\n' | "$BIN" --site "$site" --plain --env demo --port "$(free_port)" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 0 ]; ok $? "line mode: confirmed, exit 0 (got $rc)"
grep -q "^Open this link in a browser, on any machine" "$TMPD/out"; ok $? "the link is announced"
grep -q "^$HELSEID_SELVBETJENING_WEB/confirm-client/" "$TMPD/out"; ok $? "the link on a line of its own"
grep -q "^confirmed http://127.0.0.1:[0-9]*/helseid-admin/confirmed/[0-9a-f]\{32\}?status=Success" "$TMPD/browser.log"
ok $? "the portal redirected the browser to our loopback"
id=$(client_id)
[ "$(site_state)" = active ]; ok $? "site active"
grep -q "HelseID confirmed client $id and it works" "$TMPD/out"; ok $? "says it works, with the client id"
grep -q "ok  *nhn:selvbetjening/client" "$TMPD/out"; ok $? "per-scope status shown"
grep -q "start the journal system again" "$TMPD/out"; ok $? "next steps"
grep -q "The portal says the configuration is confirmed; asking HelseID" "$TMPD/out"; ok $? "the redirect's news is told"
sim_check "$id" 'c["state"] == "confirmed" and c["organizationNumber"] == "315260183" and sorted(c.get("childOrganizationNumbers", [])) == ["219378653", "315260183"]'
ok $? "the simulator: confirmed, owner and the distinct sub-units"
key=$(site_val "//*[local-name()='key']/@file")
[ "$(stat -c %a "$TMPD/$key")" = 600 ]; ok $? "the key file beside the site, mode 0600"
grep -q "handoff-confirmed" "$site.audit.log"; ok $? "audit line"
! grep -q '"d"' "$site.audit.log" "$TMPD/out"; ok $? "no private key material in output or audit"
secs=$(sed -n 's/^HelseID issued a token \([0-9.]*\) seconds after the confirmation.*/\1/p' "$TMPD/out")
echo "# confirmation to ready: ${secs:-?} s"

# Avbryt in the portal: exit 5, the site stays pending.
fresh_site "$site" legekontor
printf '\n\n315260183\n\n\n\n\n\n' | BROWSER_SIM_ACTION=cancel "$BIN" --site "$site" --plain --env demo --port "$(free_port)" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 5 ]; ok $? "Avbryt in the portal: exit 5 (got $rc)"
grep -q "answered 'Cancelled'" "$TMPD/out"; ok $? "the portal's status is named"
[ "$(site_state)" = pending ]; ok $? "the site stays pending"
id=$(client_id)
sim_check "$id" 'c["state"] == "draft"'; ok $? "the simulator still has a draft"

# The next start resumes it: straight to the waiting, no questions; this time confirmed.
: | "$BIN" --site "$site" --plain --env demo --port "$(free_port)" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 0 ]; ok $? "resume: confirmed (got $rc)"
grep -q "Resuming the confirmation of client $id" "$TMPD/out"; ok $? "resume says so"
! grep -q "Step 1 of 6" "$TMPD/out"; ok $? "resume asks nothing"
[ "$(site_state)" = active ] && [ "$(client_id)" = "$id" ]; ok $? "the same client, now active"
# A draft left pending can be dropped on purpose: «Forkast ventende utkast og start på nytt».
fresh_site "$site" legekontor
printf '\n\n315260183\n\n\n\n\n\n' | BROWSER_SIM_ACTION=cancel "$BIN" --site "$site" --plain --env demo --port "$(free_port)" > "$TMPD/out" 2>&1
old=$(client_id) oldkey=$(site_val "//*[local-name()='key']/@file")
[ "$(site_state)" = pending ] && [ -e "$TMPD/$oldkey" ]; ok $? "a draft left pending, its key file kept"
printf '2\n\n\n315260183\n\n\n\n\n\n' | "$BIN" --site "$site" --plain --env demo --port "$(free_port)" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 0 ] && [ "$(site_state)" = active ] && [ -n "$(client_id)" ] && [ "$(client_id)" != "$old" ]
ok $? "discard the pending draft and start over: a new client, confirmed (got $rc)"
[ ! -e "$TMPD/$oldkey" ] && grep -q "	discard-pending	.*$old" "$site.audit.log"
ok $? "the discarded draft's key file is removed, with an audit line"
sim_check "$old" 'c["state"] == "draft"'; ok $? "the discarded draft was never confirmed"
# --port: the loopback port the draft carries and the portal redirects to.
fresh_site "$site" legekontor
port=$(free_port)
printf '\n\n315260183\n\n\n\n\n\n' | "$BIN" --site "$site" --plain --env demo --port "$port" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 0 ]; ok $? "--port $port: confirmed (got $rc)"
tail -n 1 "$TMPD/browser.log" | grep -q "^confirmed http://127.0.0.1:$port/helseid-admin/confirmed/[0-9a-f]\{32\}?status=Success"
ok $? "--port $port: the redirect came to that port"

# The vendor api key: a simulator with its own key refuses the built-in demo key
# (exit 4, nothing reached HelseID, the answers kept as a draft) and accepts it from
# $HELSEID_API_KEY_FILE.
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
printf 'vendor-key-%s\n' "$$" > "$TMPD/api-key"; chmod 600 "$TMPD/api-key"
start_sim --api-key-file "$TMPD/api-key"
fresh_site "$site" legekontor
keys_before=$(ls "$TMPD"/client-*.jwk | wc -l)
printf '\n\n315260183\n\n\n\n\n\n' | "$BIN" --site "$site" --plain --env demo --port "$(free_port)" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 4 ]; ok $? "wrong api key: exit 4 (got $rc)"
[ "$(site_state)" = draft ] && [ -z "$(client_id)" ]; ok $? "wrong api key: saved as a draft without a client"
grep -q "nothing was sent" "$TMPD/out"; ok $? "wrong api key: says nothing was sent"
[ "$(ls "$TMPD"/client-*.jwk | wc -l)" = "$keys_before" ]; ok $? "wrong api key: no orphan key file"
! grep -q "vendor-key-$$" "$TMPD/out"; ok $? "the api key never in the output"
printf '\n\n315260183\n\n\n\n\n\n' | HELSEID_API_KEY_FILE="$TMPD/api-key" "$BIN" --site "$site" --plain --env demo --port "$(free_port)" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 0 ] && [ "$(site_state)" = active ]; ok $? "api key from \$HELSEID_API_KEY_FILE: confirmed (got $rc)"
done_testing
