#!/bin/sh
# The full-screen wizard's hand-off end to end: tmux drives the real binary in a real
# pty, the browser stand-in (tests/e2e/browser-sim.py, as $BROWSER) logs in to the
# simulator's portal and presses Bekreft, the redirect hits our loopback, the STS
# decides. Covers the municipality with sub-units through `--env demo` (the bundled
# simulator), a private GP office, a sub-unit change (PUT), SSH with paste-back, and
# Esc (the draft stays pending).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
WAIT_SECS=30
site="$TMPD/site.xml"

# walk OWNER SERVICE_KEYS: from the preflight to the hand-off; Save with F10.
# An empty OWNER keeps the saved one: Enter after its look-up answered moves on (an
# Enter before the answer stays once to show it).
# A newly typed owner number stays once on its step to show Enhetsregisteret's answer.
walk() {
    twait "Step 0 of 6" && keys Enter && twait "Step 1 of 6" && keys Enter &&
        twait "Step 2 of 6" && { [ -z "$1" ] || keys C-u $(echo "$1" | sed 's/./& /g'); } &&
        { [ -n "$1" ] || twait "Enhetsregisteret:"; } &&
        keys Enter && { [ -z "$1" ] || { twait "Enhetsregisteret:" && keys Enter; }; } &&
        twait "Step 3 of 6" && keys Enter && twait "Step 4 of 6" &&
        keys $2 Enter && twait "Step 5 of 6" && keys Enter && twait "Step 6 of 6" && keys F10
}

# 1. The municipality, first time, through --env demo without URLs: helseid-sim is
# started by the command itself (its CA lands in a private folder under TMPDIR).
mkdir "$TMPD/tmp"
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/kommune.xml" > "$site"
TENV="TMPDIR=$TMPD/tmp HELSEID_SIM=$top_builddir/helseid-sim BROWSER=$BSIM BROWSER_SIM_CA='$TMPD/tmp/*/ca.pem' BROWSER_SIM_OUT=$TMPD/browser.log" \
    tstart 80 24 --site "$site" --env demo --port "$(free_port)"
walk 311590839 Space; ok $? "walked to Save (Kjernejournal chosen)"
twait "Open this link in a browser, on any machine"; ok $? "the hand-off screen: the link first"
# (The screen's "Opened the link" note may already be replaced by the confirmation.)
file_has "$TMPD/browser.log" "opened http://127.0.0.1:"; ok $? "the browser was started with the portal's link (plain HTTP on loopback)"
twait "HelseID confirmed client"; ok $? "confirmed after the portal's Bekreft"
[ "$(texit)" = 0 ]; ok $? "exit 0"
file_has "$TMPD/browser.log" "confirmed http://127.0.0.1:"; ok $? "the portal's redirect reached our loopback"
id=$(client_id)
[ "$(site_state)" = active ] && [ -n "$id" ]; ok $? "site active with client id $id"
[ "$(site_val "count(//*[local-name()='child-orgnrs']/*)")" = 7 ]; ok $? "7 distinct sub-unit org numbers saved"
screen | grep -q "$id"; ok $? "the client id on screen"
screen | grep -q "ok  *nhn:selvbetjening/client"; ok $? "per-scope status: the self scope ok"
screen | grep -q "kjernejournal"; ok $? "per-scope status: the Kjernejournal scope listed"
screen | grep -q "7 sub-units registered in HelseID"; ok $? "HelseID has the 7 sub-units"
secs=$(screen | sed -n 's/^HelseID issued a token \([0-9.]*\) seconds after.*/\1/p')
echo "# bundled simulator (propagation 2-6 s): confirmation to ready ${secs:-?} s"
[ -z "$(ls "$TMPD/tmp")" ]; ok $? "the bundled simulator was stopped and its folder removed"

# 2. A private GP office, first time, own simulator (2 s propagation, state dump).
start_sim --propagation 2 --state "$TMPD/sim-state.json"
fresh_site "$site" legekontor
TENV="BROWSER=$BSIM BROWSER_SIM_OUT=$TMPD/browser.log" tstart 80 24 --site "$site" --env demo --port "$(free_port)"
walk 315260183 ""; ok $? "GP office: walked to Save"
twait "HelseID confirmed client"; ok $? "GP office: confirmed"
[ "$(texit)" = 0 ]; ok $? "GP office: exit 0"
id=$(client_id)
[ "$(site_state)" = active ]; ok $? "GP office: site active"
sim_check "$id" 'c["state"] == "confirmed" and sorted(c["childOrganizationNumbers"]) == ["219378653", "315260183"]'
ok $? "GP office: the simulator has the client with both org numbers"
secs=$(screen | sed -n 's/^HelseID issued a token \([0-9.]*\) seconds after.*/\1/p')
echo "# own simulator (propagation 2 s): confirmation to ready ${secs:-?} s"

# 3. Changing the sub-units of the existing client: the unit tree loses "avd.
# sentrum"; the wizard again, Save: PUT /v1/client, no portal this time.
sed -i '/avd. sentrum/d' "$site"
TENV="BROWSER=/bin/false" tstart 80 24 --site "$site" --env demo --port "$(free_port)"
walk "" ""; ok $? "change: walked to Save"
twait "Updated HelseID client $id"; ok $? "change: updated without the portal"
[ "$(texit)" = 0 ]; ok $? "change: exit 0"
sim_check "$id" 'c["childOrganizationNumbers"] == ["315260183"]'; ok $? "change: HelseID's sub-units follow the unit tree"
[ "$(site_state)" = active ] && [ "$(client_id)" = "$id" ]; ok $? "change: same client, still active"
[ "$(site_val "count(//*[local-name()='child-orgnrs']/*)")" = 1 ]; ok $? "change: the site records what was sent"
grep -q "handoff-updated" "$site.audit.log"; ok $? "change: audit line"

# 4. Over SSH without a display: nothing launched, the URL and the ssh -L line shown;
# the browser runs "elsewhere" and its failed redirect address is pasted back.
fresh_site "$site" legekontor
TENV="SSH_CONNECTION='10.9.8.7 50000 10.1.2.3 22' USER=drift" tstart 80 24 --site "$site" --env demo --port "$(free_port)"
walk 315260183 ""; ok $? "SSH: walked to Save"
twait "Open this link in a browser, on any machine"; ok $? "SSH: the link"
twait "ssh -L"; screen | grep -qE "ssh -L ([0-9]+):127.0.0.1:\1 -L ([0-9]+):127.0.0.1:\2 drift@10.1.2.3"; ok $? "SSH: the exact ssh -L line"
# The demo's link is on this machine's loopback (the simulator): its port is forwarded too.
lport=$(screen | sed -n 's|.*https://127.0.0.1:\([0-9]*\)/.*|\1|p' | head -1)
screen | grep -qF "ssh -L $lport:127.0.0.1:$lport -L"; ok $? "SSH: the ssh -L line forwards the link's port ($lport)"
twait "this is an SSH session"; ok $? "SSH: says why no browser was started"
id=$(client_id)
[ "$(site_state)" = pending ] && [ -n "$id" ]; ok $? "SSH: saved pending with the client id before any browser"
BROWSER_SIM_FOLLOW=0 BROWSER_SIM_OUT="$TMPD/ssh.log" $PY "$BSIM" "$HELSEID_SELVBETJENING_WEB/confirm-client/$id"
loc=$(sed -n 's/^confirmed //p' "$TMPD/ssh.log"); sed 's/^/# browser: /' "$TMPD/ssh.log"
case "$loc" in http://127.0.0.1:*status=Success) true ;; *) false ;; esac; ok $? "SSH: the portal redirected to $loc"
keys Tab; keys -l "$loc"; keys Enter
twait "HelseID confirmed client $id"; ok $? "SSH: the pasted address ends the wait, the STS confirms"
[ "$(texit)" = 0 ] && [ "$(site_state)" = active ]; ok $? "SSH: exit 0, site active"

# 5. Esc cancels after asking; the draft stays pending.
fresh_site "$site" legekontor
TENV="BROWSER=/bin/true" tstart 80 24 --site "$site" --env demo --port "$(free_port)"
walk 315260183 ""
twait "Open this link in a browser"; keys Escape
twait "Cancel? The draft stays pending"; ok $? "Esc asks first (the j/n question)"
keys n; tgone "Cancel? The draft"; ok $? "n keeps waiting"
keys Escape; twait "Cancel? The draft stays pending"; keys j
[ "$(texit)" = 3 ]; ok $? "Esc, then j: exit 3"
[ "$(site_state)" = pending ]; ok $? "the draft stays pending"
screen | grep -q "start the wizard again to resume"; ok $? "says how to resume"
# Started again: wait for it again (the default), or «Forkast ventende utkast og start på nytt».
old=$(client_id) oldkey=$(site_val "//*[local-name()='key']/@file")
TENV="BROWSER=/bin/true" tstart 80 24 --site "$site" --env demo --port "$(free_port)"
twait "Discard the pending draft and start over"; ok $? "a pending draft: wait for it again, or discard it"
keys Down Space Enter
twait "Step 0 of 6"; ok $? "discard: the wizard starts over"
[ -z "$(client_id)" ] && [ ! -e "$TMPD/$oldkey" ] && grep -q "	discard-pending	.*$old" "$site.audit.log"
ok $? "discard: client id and key file gone, audit line"
keys Escape; twait "(y/n)" && keys y
[ "$(texit)" = 3 ] && [ "$(site_state)" = draft ]; ok $? "and the wizard can be left as usual: exit 3, a draft"

# 6. A real graphical browser: headless Chromium as $BROWSER (through a wrapper that
# trusts the simulator's certificate by its key pin and keeps the DOM it loaded). It shows
# the portal's login page; the browser stand-in then plays the person.
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chrome" ]; then
    echo "ok $((n + 1)) # SKIP chromium not installed"; n=$((n + 1))
else
    # Chromium pins the server certificate's key (a pin on the CA's key is not enough).
    spki=$(openssl s_client -connect "${SIM_BASE#https://}" < /dev/null 2> /dev/null |
           openssl x509 -pubkey -noout | openssl pkey -pubin -outform der |
           openssl dgst -sha256 -binary | base64)
    printf '#!/bin/sh\nexec "%s" --headless --disable-gpu --no-sandbox --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir="%s/chromium-profile" --ignore-certificate-errors-spki-list=%s --dump-dom "$1" > "%s/dom.html" 2>/dev/null\n' \
        "$chrome" "$TMPD" "$spki" "$TMPD" > "$TMPD/chromium.sh"
    chmod +x "$TMPD/chromium.sh"
    fresh_site "$site" legekontor
    TENV="BROWSER=$TMPD/chromium.sh" tstart 80 24 --site "$site" --env demo --port "$(free_port)"
    walk 315260183 ""
    twait "Opened the link in a browser."
    tpoll grep -q "Logg inn" "$TMPD/dom.html"; ok $? "chromium: loaded the portal's login page"
    id=$(client_id)
    BROWSER_SIM_OUT="$TMPD/chromium.log" $PY "$BSIM" "$HELSEID_SELVBETJENING_WEB/confirm-client/$id"
    twait "HelseID confirmed client $id"; ok $? "chromium: confirmed"
fi
done_testing
