#!/bin/sh
# The owner field checked as it is typed (DESIGN.md §2 step 2) under tmux, with the
# bundled simulator as Enhetsregisteret (--env demo): the rules' verdict appears under
# the field after each key, before Enter — too short, the mod 11 reason, and once the
# ninth digit makes the number valid, Enhetsregisteret's name and form or the
# sub-unit warning. Enter still stays once to show the register's answer.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
command -v tmux > /dev/null || { echo "1..0 # SKIP tmux not installed"; exit 0; }
unset HELSEID_AUTHORITY HELSEID_SELVBETJENING_API HELSEID_SELVBETJENING_WEB HELSEID_BRREG HELSEID_CA_FILE
WAIT_SECS=30
TENV="HELSEID_SIM='$top_builddir/helseid-sim' TMPDIR='$TMPD'"
site="$TMPD/site.xml"
make_site "$site" kommune

# on_owner_step: only the owner step is on screen, and no refusal (nothing submitted).
on_owner_step() { screen | grep -qF "Step 2 of 6" && ! screen | grep -q "^  Error:"; }

tstart 80 24 --site "$site" --env demo --lang en
twait "HelseID STS (127.0.0.1) reachable"; ok $? "preflight against the bundled simulator"
keys Enter; twait "Step 1 of 6"
keys Space Enter; twait "Step 2 of 6"; ok $? "owner step"

keys C-u 3 1 5 9 0
twait 'Error: organisation number "31590" is invalid: too short'; ok $? "31590: too short, before Enter"
on_owner_step; ok $? "31590: still typing, nothing submitted"

keys C-u 1 2 3 4 5 6 7 8 9
twait 'Error: organisation number "123456789" is invalid: control digit wrong'
ok $? "123456789: the mod 11 reason, before Enter"
on_owner_step; ok $? "123456789: nothing submitted"

keys C-u 3 1 1 5 9 0 8 3 9
twait 'OK: 311590839: "NORDRE TESTKOMMUNE" (KOMM)'; ok $? "311590839: Enhetsregisteret's name and form, before Enter"
screen | grep -qF "Enhetsregisteret: NORDRE TESTKOMMUNE"; [ $? = 1 ]; ok $? "311590839: the step's own paragraph only comes with Enter"
on_owner_step; ok $? "311590839: nothing submitted"

keys BSpace
twait 'organisation number "31159083" is invalid: too short'; ok $? "Backspace: short again"

keys C-u 3 1 1 8 6 0 9 1 7
twait '"NORDRE LEGEKONTOR" (311860917) is a sub-unit'; ok $? "311860917: the sub-unit warning, before Enter"
screen | grep -q "^ *Warning: .*is a sub-unit"; ok $? "311860917: shown as a warning"

# Enter keeps its behaviour: a new number stays once with the register's answer.
keys C-u 3 1 1 5 9 0 8 3 9
twait 'OK: 311590839: "NORDRE TESTKOMMUNE" (KOMM)'
keys Enter
twait "Enhetsregisteret: NORDRE TESTKOMMUNE (KOMM)"; ok $? "Enter: stays once with the name and form"
screen | grep -qF "Step 2 of 6"; ok $? "Enter: still on the owner step"
keys Enter; twait "Step 3 of 6"; ok $? "Enter again moves on"

keys Escape; twait "(y/n)"; keys y; twait "Step 2 of 6"
keys Escape; twait "(y/n)"; keys y; twait "Step 1 of 6"
keys Escape; twait "(y/n)"; keys y; twait "Step 0 of 6"
keys Escape; twait "(y/n)"; keys y
[ "$(texit)" = 3 ]; ok $? "leaving exits 3"
done_testing
