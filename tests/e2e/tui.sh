#!/bin/sh
# The full-screen wizard under tmux (80x24, Norwegian).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
command -v tmux > /dev/null || { echo "1..0 # SKIP tmux not installed"; exit 0; }
exp="$top_srcdir/tests/e2e/expected"

site="$TMPD/site.xml"; orig="$TMPD/orig.xml"
make_site "$orig"; cp "$orig" "$site"
use_lang nb || { echo "Bail out! no compiled nb catalog in $HELSEID_ADMIN_LOCALEDIR"; exit 1; }

# 1. The first screen at 80x24, compared whole (in English: the rules' own messages
# are translated by another module's catalog).
tstart 80 24 --site "$site" --lang en
twait "< Next >"; ok $? "first screen shown"
same_screen "$exp/preflight.txt"; ok $? "first screen matches tests/e2e/expected/preflight.txt"
tstart 80 24 --site "$site" --lang nb
twait "Forhåndskontroll"; ok $? "Norwegian first screen"
twait "< Neste >"; ok $? "Norwegian buttons"

# 2. Resize mid-step: the owner step, with typed text, survives growing and shrinking.
keys Enter; twait "Opprett ny konfigurasjon"; ok $? "step 1"
# The copied demo site's active client has no key file here: only a new one can be saved.
screen | tr -d '│|' | tr -s ' \n' '  ' | grep -q "kan bare endres med nøkkelen sin.*legekontor.jwk"
ok $? "step 1 says the saved client cannot be changed without its key file"
screen | grep -q "(\*) Opprett ny konfigurasjon"; ok $? "... and a new configuration is chosen"
keys Space Enter; twait "Angi konfigurasjonseier"; ok $? "step 2 (a new configuration)"
keys C-u 3 1 5 2; twait "[3152 "; ok $? "typing in the owner field"
T resize-window -t t -x 100 -y 30
tpoll width_is 99 "Steg 2 av 6"; ok $? "redrawn at 100 columns"
screen | grep -qF "[3152 "; ok $? "typed text kept across the resize"
T resize-window -t t -x 70 -y 20
twait "Vinduet er for lite (trenger 80x24)"; ok $? "too-small message below 80x24"
keys 9; T resize-window -t t -x 80 -y 24
twait "Angi konfigurasjonseier"; ok $? "the step comes back when the window grows"
screen | grep -qF "[3152 "; ok $? "keys were ignored while too small"

# 3. The owner field refuses a bad org number with the reason next to the field.
keys C-u 1 2 3 4 5 6 7 8 9 Enter
twait "kontrollsiffer"; ok $? "refusal message with the reason"
screen | grep -A1 -F "[123456789" | tail -1 | grep -q "Feil: .*123456789.*kontrollsiffer"; ok $? "the reason sits on the line under the field"
screen | grep -qF "Steg 2 av 6"; ok $? "still on the owner step"
keys C-u 3 1 5 2 6 0 1 8 3 Enter
twait "Underenheter"; ok $? "a valid owner moves on"

# 4. Persontjenesten without a scope is refused.
keys Enter; twait "Tjenester og Scope"; ok $? "services step"
keys Down Down Down Space Space Enter
twait "Feil:"; ok $? "Persontjenesten without Begrenset/Full refused"
screen | grep -q "Feil:.*Persontjenesten"; ok $? "the reason names Persontjenesten"
keys F1; twait "Trykk en tast for å lukke"; ok $? "F1 on the refused service"
screen | tr -d '│|' | tr -s ' \n' '  ' | grep -q "krever et valg.*Full tilgang (krever hjemmel)"; ok $? "help shows the whole finding, not cut at the edge"
keys x; tgone "Trykk en tast for å lukke"
keys Down Space Enter
twait "Tjeneste-spesifikke innstillinger"; ok $? "with a scope chosen it moves on"

# 5. The SFM safeguard refuses an emptied SFM-ID.
keys C-u Enter
twait "Feil: " ; ok $? "empty SFM-ID refused"
screen | grep -q "Feil:.*SFM"; ok $? "the reason is about SFM"

# 6. Esc goes back with a confirmation, step by step, until the wizard ends.
for s in 5 4 3 2 1; do
    keys Escape; twait "Gå tilbake til forrige steg? (j/n)" || break
    keys j; twait "Steg $((s - 1)) av 6" || break
done
ok $? "Esc + j walks back to step 0"
keys Escape; twait "Avslutte veiviseren?"; ok $? "Esc on the first step asks to leave"
keys n; tgone "Avslutte veiviseren?"; ok $? "n stays"
keys Escape; twait "Avslutte veiviseren?"; keys j
[ "$(texit)" = 3 ]; ok $? "leaving exits with status 3"
cmp -s "$orig" "$site"; ok $? "site file byte-identical after Esc"
[ ! -e "$site.bak" ]; ok $? "nothing saved (no .bak)"

# 7. Esc from every step leaves the file byte-identical.
for k in 1 2 3 4 5 6; do
    tstart 80 24 --site "$site" --lang nb
    twait "Forhåndskontroll" > /dev/null
    i=0; while [ $i -lt $k ]; do keys Enter; i=$((i + 1)); twait "Steg $i av 6" > /dev/null; done
    i=$k; while [ $i -gt 0 ]; do
        keys Escape; twait "(j/n)" > /dev/null; keys j; i=$((i - 1)); twait "Steg $i av 6" > /dev/null
    done
    keys Escape; twait "Avslutte veiviseren?" > /dev/null; keys j
    rc=$(texit)
    [ "$rc" = 3 ] && cmp -s "$orig" "$site"; ok $? "Esc back from step $k: exit 3 and file unchanged (rc $rc)"
done

# 8. Ctrl-L redraws; F1 shows help from the catalog; the ASCII toggle.
tstart 80 24 --site "$site" --lang nb
twait "Forhåndskontroll"; keys Enter Enter Enter Enter
twait "Tjenester og Scope"; ok $? "services again"
keys F1; twait "Trykk en tast for å lukke"; ok $? "F1 opens help"
screen | grep -q "Kjernejournal fra journalsystemet"; ok $? "help text comes from the catalog"
keys x; tgone "Trykk en tast for å lukke"; ok $? "any key closes help"
keys C-l; twait "Tjenester og Scope"; ok $? "Ctrl-L redraws"
keys F2; twait "------------"; ok $? "F2 switches to ASCII lines"
keys F10; twait "Lagre er bare mulig på Bekreft-siden"; ok $? "F10 outside Confirm explains"

# 9. Save from the confirm step with F10.
keys Enter; twait "Tjeneste-spesifikke"; keys Enter; twait "Bekreft"; ok $? "confirm step"
screen | grep -q "Konfigurasjonseier"; ok $? "the diff lists the owner"
keys F10
# Save hands off (step 7): a new client (the saved one has no key file here), its draft
# made in the bundled simulator and saved pending; leaving keeps it pending.
twait "BankID"; ok $? "F10 on Bekreft saves and starts the hand-off"
keys Escape; twait "(j/n)" > /dev/null; keys j
[ "$(texit)" = 3 ]; ok $? "leaving the hand-off: exit 3"
grep -q 'state="pending"' "$site"; ok $? "the new client's draft is saved pending"

# 10. NO_COLOR and monochrome: no colour escape sequences reach the pane.
cp "$orig" "$site"
TENV="NO_COLOR=1" tstart 80 24 --site "$site" --lang nb
twait "Forhåndskontroll"
T capture-pane -p -e -t t | grep -q "$(printf '\033')\[3[0-7]m\|$(printf '\033')\[4[0-7]m"
[ $? != 0 ]; ok $? "NO_COLOR: no colour attributes on screen"
done_testing
