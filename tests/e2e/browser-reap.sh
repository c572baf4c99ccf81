#!/bin/sh
# A launched browser is reaped while the hand-off waits (issue 13 item 9): xdg-open
# (here a stand-in that notes the link and ends at once, as xdg-open does once the
# browser is up) must not stay a zombie until the program ends.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
WAIT_SECS=30
gp_office_to_handoff
twait "Open this link in a browser, on any machine"; ok $? "the hand-off screen"
file_has "$TMPD/link" "/confirm-client/"; ok $? "the browser stand-in was started and has ended"
# The program is the pane shell's child; its children must hold no zombie.
admin=$(ps -o pid= --ppid "$(T display -p -t t '#{pane_pid}')" | tr -d ' ' | head -1)
[ -n "$admin" ]; ok $? "the program's pid ($admin)"
no_zombie() { ! ps -o stat= --ppid "$admin" | grep -q Z; }
tpoll no_zombie; ok $? "the ended browser launcher is reaped while the hand-off waits"
screen | grep -qF "Waiting for the confirmation"; ok $? "still waiting (reaped during the wait, not at exit)"
done_testing     # the EXIT trap ends the program with its tmux server
