#!/bin/sh
# Every wizard screen at 80x24 in English, bokmål and nynorsk, against the bundled
# simulator: each message a screen is given (logged by the wizard through
# HELSEID_ADMIN_SCREEN_LOG) must be on the captured screen whole (tests/e2e/whole.py).
# The GP office's replacement path too (walk_gp). Then one check per layout and key
# defect of issue 13 (English).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
command -v tmux > /dev/null || { echo "1..0 # SKIP tmux not installed"; exit 0; }
unset HELSEID_AUTHORITY HELSEID_SELVBETJENING_API HELSEID_SELVBETJENING_WEB HELSEID_BRREG HELSEID_CA_FILE
WAIT_SECS=30
site="$TMPD/site.xml"
shown="$TMPD/shown.log"

# whole NAME: poll until every message of the screen is on it whole (the screen may
# still be drawing); on timeout, say which were not.
whole() {
    end=$(( $(date +%s) + 10 ))
    while :; do
        screen > "$TMPD/cap.txt"
        [ -s "$shown" ] && cp "$shown" "$TMPD/shown.now" &&
            /usr/bin/python3 "$top_srcdir/tests/e2e/whole.py" "$TMPD/shown.now" "$TMPD/cap.txt" > "$TMPD/why" &&
            { ok 0 "$lang: $1: every message whole"; return 0; }
        [ "$(date +%s)" -gt "$end" ] && break
        sleep 0.1
    done
    cat "$TMPD/why"; sed 's/^/# | /' "$TMPD/cap.txt"
    ok 1 "$lang: $1: every message whole"
}

# walk LANG: start at the preflight of a fresh municipality and visit every screen.
walk() {
    lang=$1
    sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/kommune.xml" > "$site"
    rm -f "$shown"
    TENV="HELSEID_SIM='$top_builddir/helseid-sim' TMPDIR='$TMPD' HELSEID_ADMIN_SCREEN_LOG='$shown'" \
        tstart 80 24 --site "$site" --env demo --lang "$lang" --browser print --port "$(free_port)"
    twait "[0]" > /dev/null && twait "127.0.0.1" > /dev/null; whole "preflight"
    keys F1; twait "Esc" > /dev/null; sleep 0.2; whole "help, the key list (Space/Mellomrom whole)"
    # The key list says what the footer says: Esc quits on the first step, no F10 there.
    if [ "$lang" = en ]; then quit=quit; else quit=avslutt; fi
    screen | grep -Eq "Esc +$quit" && ! screen | grep -q "F10"
    ok $? "$lang: the first step's key list: Esc $quit, no F10"
    keys x; sleep 0.2
    keys Enter; twait "[1]" > /dev/null; whole "create"
    keys Space Enter; twait "[2]" > /dev/null; whole "owner, empty"
    keys C-u 3 1 1 5 9 0 8 3 9; twait "NORDRE TESTKOMMUNE" > /dev/null; whole "owner, typed"
    keys Enter; twait "Enhetsregisteret:" > /dev/null; whole "owner, Enhetsregisteret's answer"
    keys Enter; twait "[3]" > /dev/null; whole "sub-units"
    keys Enter; twait "[4]" > /dev/null; whole "services"
    keys Down Down Down Space; twait "«Persontjenesten»" > /dev/null; whole "services, a scope missing"
    keys F1; twait "F1" > /dev/null; whole "services, help"
    keys x Down Down Space; sleep 0.2; whole "services, Full tilgang on a shared database"
    keys Enter; twait "(j/n)" > /dev/null || twait "(y/n)" > /dev/null; whole "services, the question"
    if [ "$lang" = en ]; then k=y; else k=j; fi
    screen | grep -qF "($k/n)" && screen | tail -1 | grep -q "^$k "
    ok $? "$lang: the question and its footer name the same key ($k)"
    keys j; twait "[5]" > /dev/null; whole "SFM-ID"
    keys Enter; twait "[6]" > /dev/null; whole "confirm"
    keys Escape; sleep 0.2; whole "confirm, go back?"
    keys n F10; twait "BankID" > /dev/null; whole "hand-off"
    keys Escape; sleep 0.2; whole "hand-off, cancel?"
    screen | grep -qF "($k/n)" && screen | tail -1 | grep -q "^$k "
    ok $? "$lang: the hand-off's question and its footer name the same key ($k)"
    keys j; texit > /dev/null
}

# walk_gp LANG: the GP office's saved configuration (SFM in use, Full tilgang), replaced
# by a new one: the screens only this path shows (the saved owner's answer, the
# findings beside the services, the typed SFM confirmation, Bekreft's old -> new and
# what the replacement loses). The preflight is not checked: its message area scrolls
# (the sample's key file is missing), which the scroll tests below prove. The next
# tstart ends the run (its tmux server goes, the program gets a hang-up).
walk_gp() {
    lang=$1
    cp "$top_srcdir/data/demo/legekontor.xml" "$TMPD/gp-$lang.xml"   # its own file: no lock shared
    rm -f "$shown"
    TENV="HELSEID_SIM='$top_builddir/helseid-sim' TMPDIR='$TMPD' HELSEID_ADMIN_SCREEN_LOG='$shown'" \
        tstart 80 24 --site "$TMPD/gp-$lang.xml" --env demo --lang "$lang" --browser print --port "$(free_port)"
    twait "[0]" > /dev/null && twait "127.0.0.1" > /dev/null
    keys Enter; twait "[1]" > /dev/null; keys Up Space; sleep 0.2; whole "GP office: create, a saved configuration"
    keys Enter; twait "[2]" > /dev/null; twait "Enhetsregisteret:" > /dev/null; whole "GP office: the saved owner"
    keys Enter; twait "[3]" > /dev/null; whole "GP office: sub-units"
    keys Enter; twait "[4]" > /dev/null; whole "GP office: services and their findings"
    keys Enter; twait "[5]" > /dev/null; whole "GP office: SFM in use, the typed confirmation"
    keys Enter; twait "[6]" > /dev/null; whole "GP office: confirm, a replacement"
}

# onscreen TEXT: poll until TEXT is on the screen, lines joined (it may be wrapped).
onscreen() { tpoll sh -c "tmux -L '$TMUX_SOCK' capture-pane -p -t t | tr -s ' \n' '  ' | grep -qF -- \"\$0\"" "$1"; }

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

walk en
walk_gp en
for l in nb nn; do
    if use_lang "$l"; then walk "$l"; walk_gp "$l"; else echo "ok $((n + 1)) # SKIP no $l catalog"; n=$((n + 1)); fi
done
LC_ALL=C.UTF-8

# ---- one check per defect (English) --------------------------------------------------
lang=en
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/kommune.xml" > "$site"
TENV="HELSEID_SIM='$top_builddir/helseid-sim' TMPDIR='$TMPD' HELSEID_ADMIN_SCREEN_LOG='$shown'" \
    tstart 80 24 --site "$site" --env demo --lang en --browser print --port "$(free_port)"
twait "Step 0 of 6" > /dev/null && twait "127.0.0.1" > /dev/null
! screen | tail -1 | grep -q "F10"; ok $? "the footer offers no F10 where it does nothing"
! screen | tail -1 | grep -q "Space"; ok $? "no Space where there is nothing to choose"
keys Enter; twait "Step 1 of 6" > /dev/null
keys Tab Enter; twait "Step 0 of 6"; ok $? "< Back > is reachable by Tab"
keys Enter; twait "Step 1 of 6" > /dev/null; keys Space Enter; twait "Step 2 of 6" > /dev/null
screen | tr -s ' \n' '  ' | grep -q "for a private GP office, the office itself"; ok $? "CGM's owner guidance on screen"
screen | tr -s ' \n' '  ' | grep -q "Not needed when the daily manager"; ok $? "the Altinn exception on screen"
keys C-u 9 7 4 7 6 0 6 7 3
onscreen "organisations are synthetic and start with 2 or 3"; ok $? "a production-style number in a test environment: the warning, as typed"
keys C-u 3 1 1 5 9 0 8 3 9 Enter; twait "Enhetsregisteret:" > /dev/null; keys Enter
twait "Step 3 of 6" > /dev/null; keys Enter; twait "Step 4 of 6" > /dev/null
keys Down Down Down Down Down Space
twait "shared database"; ok $? "Full tilgang: the shared-database warning at once, before Enter"
keys Enter; twait "Keep this choice anyway? (y/n)"; ok $? "Next asks to acknowledge it"
keys n; tgone "(y/n)"; screen | grep -q "Step 4 of 6"; ok $? "n stays on the step"
keys Up Space; tgone "shared database"; ok $? "Begrenset tilgang: the warning goes at once (never stale)"
keys Down Space Enter; twait "(y/n)" > /dev/null; keys j; twait "Step 5 of 6"; ok $? "j goes on"
screen | tr -s ' \n' '  ' | grep -q "Self-service portal for HelseID in your own browser"; ok $? "CGM's hint on finding the SFM-ID"
keys Enter; twait "Step 6 of 6" > /dev/null
onscreen "Person service (Persontjenesten): Full access (requires legal basis)"; ok $? "Bekreft: the catalog's names, not internal ids"
! screen | grep -q "(restricted)\|(full)"; ok $? "Bekreft: no internal option ids"
screen | grep -q "7 added, 0 removed, 0 unchanged"; ok $? "Bekreft: the sub-unit count of step 3 (7 added)"
screen | tail -1 | grep -q "F10 save"; ok $? "F10 offered where it saves"
keys Escape; twait "(y/n)" > /dev/null; keys n F10
twait "BankID"; ok $? "the hand-off names BankID"
keys Escape; twait "Cancel? The draft stays pending"; keys j
[ "$(texit)" = 3 ]; ok $? "cancelled: exit 3"

# SFM in use: a typed word, not a checkbox, drops the SFM-ID; a wrong word does not.
cp "$top_srcdir/data/demo/legekontor.xml" "$site"
if grep -q "sfm" "$site"; then
    TENV="HELSEID_SIM='$top_builddir/helseid-sim' TMPDIR='$TMPD'" \
        tstart 80 24 --site "$site" --env demo --lang en --browser print --port "$(free_port)"
    twait "Step 0 of 6" > /dev/null && twait "127.0.0.1" > /dev/null
    keys Enter; twait "Step 1 of 6" > /dev/null; keys Enter; twait "Step 2 of 6" > /dev/null
    twait "Enhetsregisteret:" > /dev/null  # the saved owner's answer: Enter moves on
    keys Enter; twait "Step 3 of 6" > /dev/null; keys Enter; twait "Step 4 of 6" > /dev/null
    keys Enter; twait "Step 5 of 6" > /dev/null
    twait "Type DISCARD"; ok $? "SFM in use: a typed confirmation field"
    keys C-u Enter; twait "Error:"; ok $? "an emptied SFM-ID is refused"
    keys Tab y e s Enter; sleep 0.3; screen | grep -q "Step 5 of 6"; ok $? "another word does not confirm"
    keys C-u D I S C A R D Enter; twait "Step 6 of 6"; ok $? "DISCARD confirms"
else
    echo "ok $((n + 1)) # SKIP the GP office uses no SFM"; n=$((n + 1))
fi
# A long unit tree (27 distinct org numbers): the sub-unit list scrolls with a mark and
# a count and keeps the focused row visible; Bekreft's diff no longer fits, so its
# message area scrolls with marks and is reached by Tab.
/usr/bin/python3 - "$top_srcdir/data/demo/kommune.xml" "$site" <<'PY'
import sys
w = [3, 2, 7, 6, 5, 4, 3, 2]
nums, n = [], 31000000
while len(nums) < 20:
    n += 7
    d = [int(c) for c in str(n)]
    r = 11 - sum(a * b for a, b in zip(w, d)) % 11
    if r == 10:
        continue
    nums.append(str(n) + str(0 if r == 11 else r))
units = "".join('      <unit name="Avdeling %d" orgnr="%s"/>\n' % (i, o) for i, o in enumerate(nums))
s = open(sys.argv[1]).read()
s = s.replace("    </unit>\n  </units>", units + "    </unit>\n  </units>")
import re
s = re.sub(r"<helseid .*?</helseid>\s*", "", s, flags=re.S)
open(sys.argv[2], "w").write(s)
PY
TENV="HELSEID_SIM='$top_builddir/helseid-sim' TMPDIR='$TMPD'" \
    tstart 80 24 --site "$site" --env demo --lang en --browser print --port "$(free_port)"
twait "Step 0 of 6" > /dev/null && twait "127.0.0.1" > /dev/null
keys Enter; twait "Step 1 of 6" > /dev/null; keys Space Enter; twait "Step 2 of 6" > /dev/null
keys C-u 3 1 1 5 9 0 8 3 9 Enter; twait "Enhetsregisteret:" > /dev/null; keys Enter
twait "Step 3 of 6" > /dev/null
onscreen "/27"; ok $? "27 sub-units: the list shows where it stands (n/27)"
onscreen "more"; ok $? "... and how many rows are hidden"
# shows_soon TEXT: the screen shows TEXT within about 2 s (the redraw after a key).
shows_soon() { _w=0; until screen | grep -q "$1"; do [ $_w -ge 20 ] && return 1; sleep 0.1; _w=$((_w + 1)); done; }
for i in 1 2 3; do keys Tab End; shows_soon "27/27" && break; done
onscreen "27/27"; ok $? "End on the focused list: the last row selected"
last=$(screen | grep -o "^  [+ -] [0-9]\{9\}" | tail -1 | grep -o "[0-9]\{9\}")
[ "$last" = "$(grep -o 'orgnr="[0-9]*"' "$site" | grep -o "[0-9]\{9\}" | sort -u | tail -1)" ]
ok $? "the focused (last) row is on screen ($last)"
keys Enter; twait "Step 4 of 6" > /dev/null; keys Enter; twait "Step 5 of 6" > /dev/null
keys Enter; twait "Step 6 of 6" > /dev/null
onscreen "(Tab here, then the arrow keys)"; ok $? "Bekreft's long diff: the message area says it scrolls"
! screen | grep -q "new ES256 key"; ok $? "... the end of the diff is below"
for i in 1 2 3; do keys Tab; _w=0; until screen | tail -1 | grep -q "scroll" || [ $_w -ge 20 ]; do sleep 0.1; _w=$((_w + 1)); done; screen | tail -1 | grep -q "scroll" && break; done
keys End; twait "new ES256 key"; ok $? "Tab to the message area, End: the end of the diff"
onscreen "more"; ok $? "... with the mark for what is above"

# A replacement: the GP office's saved client, a new configuration chosen. Bekreft says
# old -> new, which client is replaced, and what is lost.
cp "$top_srcdir/data/demo/legekontor.xml" "$site"
old=$(xmllint --xpath "string(//*[local-name()='client-id'])" "$site")
TENV="HELSEID_SIM='$top_builddir/helseid-sim' TMPDIR='$TMPD'" \
    tstart 80 24 --site "$site" --env demo --lang en --browser print --port "$(free_port)"
twait "Step 0 of 6" > /dev/null && twait "127.0.0.1" > /dev/null
keys Enter; twait "Step 1 of 6" > /dev/null; keys Up Space Enter; twait "Step 2 of 6" > /dev/null
twait "Enhetsregisteret:" > /dev/null  # the saved owner's answer: Enter moves on
keys Enter; twait "Step 3 of 6" > /dev/null; keys Enter; twait "Step 4 of 6" > /dev/null
keys Enter; twait "Step 5 of 6" > /dev/null; keys Enter; twait "Step 6 of 6" > /dev/null
onscreen "$old -> new client"; ok $? "replacement: the client old -> new"
onscreen "replaces client $old"; ok $? "replacement: says which client is replaced"
onscreen "the journal system stops using it"; ok $? "replacement: what is lost (the old client)"
! screen | grep -q "(none) ->"; ok $? "replacement: no (none) where there is an old value"
for i in 1 2 3; do keys Tab; _w=0; until screen | tail -1 | grep -q "scroll" || [ $_w -ge 20 ]; do sleep 0.1; _w=$((_w + 1)); done; screen | tail -1 | grep -q "scroll" && break; done
keys End; twait "ES256 -> new ES256 key" > /dev/null
ok $? "replacement: the key old -> new (the new client gets its own key)"
done_testing
