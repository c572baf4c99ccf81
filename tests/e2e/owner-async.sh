#!/bin/sh
# No network call holds the screen (DESIGN.md §2, issue 13 item 8): the owner's
# Enhetsregisteret look-up runs in the TUI's poll loop. With the simulator's
# Enhetsregisteret answering slowly (fault injection: a 20 s delay, longer than the
# look-up's own timeout), the ninth digit and Enter typed at once get an answer on
# screen, other keys work while the look-up runs, and the timeout ends in a warning
# the step lets you past. A host the preflight found down is not asked again: Enter
# goes on at once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
WAIT_SECS=30
site="$TMPD/site.xml"
fresh_site "$site" kommune

to_owner() {
    twait "Step 0 of 6" && keys Enter && twait "Step 1 of 6" && keys Space Enter &&
        twait "Step 2 of 6"
}

# 1. Enhetsregisteret slow: every look-up of 311590839 waits 20 s in the simulator.
start_sim --fault '/brreg/enhetsregisteret/api/enheter/311590839:delay=20000:-1'
tstart 80 24 --site "$site" --env demo --lang en --port "$(free_port)"
to_owner; ok $? "owner step"
keys C-u; keys 3 1 1 5 9 0 8 3 9 Enter
twait "asking Enhetsregisteret about 311590839"; ok $? "the ninth digit and Enter at once: the screen says what is asked"
screen | grep -qF "Step 2 of 6"; ok $? "Enter was taken: the step stays until the answer"
keys F1; twait " Help "; ok $? "keys stay live during the look-up (F1 opens the help)"
keys Escape; tgone " Help "; ok $? "and closes it"
twait 'cannot verify "311590839" in Enhetsregisteret'; ok $? "the look-up's timeout becomes a warning on the same screen"
screen | grep -qF "asking Enhetsregisteret"; [ $? = 1 ]; ok $? "the asking line is gone"
keys Enter; twait "Step 3 of 6"; ok $? "Enter goes on past the warning"
keys Escape; twait "(y/n)"; keys y; twait "Step 2 of 6"
keys Escape; twait "(y/n)"; keys y; twait "Step 1 of 6"
keys Escape; twait "(y/n)"; keys y; twait "Step 0 of 6"
keys Escape; twait "(y/n)"; keys y
[ "$(texit)" = 3 ]; ok $? "leaving exits 3"
kill "$SIM_PID" 2>/dev/null; wait "$SIM_PID" 2>/dev/null; SIM_PID=

# 2. Enhetsregisteret down in the preflight (nothing listens on its port): the owner
# is not looked up again, and one Enter moves on with the warning.
start_sim
HELSEID_BRREG="https://127.0.0.1:$(free_port)/enhetsregisteret/api"; export HELSEID_BRREG
tstart 80 24 --site "$site" --env demo --lang en --port "$(free_port)"
twait "cannot reach Enhetsregisteret"; ok $? "the preflight finds Enhetsregisteret down"
keys Enter; twait "Step 1 of 6"; keys Space Enter; twait "Step 2 of 6"
keys C-u; keys 3 1 1 5 9 0 8 3 9 Enter
twait "Step 3 of 6"; ok $? "a host found down is not asked: one Enter moves on"
keys Escape; twait "(y/n)"; keys y; twait "Step 2 of 6"
screen | grep -qF 'cannot verify "311590839"'; ok $? "the owner step says it could not verify, with the preflight's cause"
done_testing
