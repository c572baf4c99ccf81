#!/bin/sh
# The hand-off screen under tmux: the link first, L prints it whole on one line, the
# QR screen, the countdown, Enter = check now, paste-back, loopback status, cancel.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
command -v tmux > /dev/null || { echo "1..0 # SKIP tmux not installed"; exit 0; }
BIN="$top_builddir/tests/e2e/handoff-driver"
URL="https://selvbetjening.test.nhn.no/ekstern/klientsystem/bekreft?client_id=6f1c2a7e-3b4d-4e5f-9a8b-1c2d3e4f5a6b&redirect_uri=http%3A%2F%2F127.0.0.1%3A49152%2Fcallback&state=Zm9vYmFyYmF6cXV4"
fifo="$TMPD/events"; log="$TMPD/checks"
mkfifo "$fifo" || exit 99

tstart 80 24 "'$URL'" "$fifo" "$log" 300
twait "Open this link in a browser, on any machine"; ok $? "the link comes first"
screen | grep -qF "https://selvbetjening.test.nhn.no/ekstern/klientsystem/bekreft?client_id="; ok $? "the link's start is on screen"
screen | grep -qF "…"; ok $? "shortened with an ellipsis, not wrapped"
twait "seconds left"; ok $? "countdown shown"
first=$(screen | sed -n 's/.*: \([0-9]*\) seconds left.*/\1/p')
tpoll sh -c "! tmux -L '$TMUX_SOCK' capture-pane -p -t t | grep -q ': $first seconds left'"; ok $? "the countdown moves"
! T capture-pane -p -e -t t | grep -q "$(printf '\033')]8;"; ok $? "no OSC 8 hyperlink"

keys L; twait "Press Enter to return to the wizard"; ok $? "L leaves curses"
T capture-pane -p -J -t t | grep -qxF "$URL"; ok $? "the whole URL alone on one line (joined)"
keys Enter; twait "Open this link"; ok $? "Enter returns"

keys Q; twait "The window is too small for the QR code"; ok $? "Q at 80x24: this long link's QR code needs more room, and says so"
T resize-window -t t -x 80 -y 32; twait "Scan with the phone"; ok $? "QR code shown once the window grows"
screen | grep -q "█"; ok $? "drawn with half blocks"
keys x; twait "Open this link"; ok $? "any key returns"
T resize-window -t t -x 80 -y 24; twait "Open this link"

keys C; twait "Tried to copy the link"; ok $? "C says it only tried"

keys Enter; tpoll grep -q check "$log"; ok $? "Enter (I have confirmed) asks the STS now"
twait "Checking with HelseID"; ok $? "Enter says at once that HelseID is asked"
screen | grep -q "BankID"; ok $? "BankID is named"
footer_has() { screen | tail -1 | grep -q "$1"; }
tpoll footer_has "L link"; ok $? "the footer offers L with the link focused"

# With the paste field focused, letters go into the field and the footer offers only
# what works there; Shift-Tab cycles back.
keys Tab; tpoll sh -c "! tmux -L '$TMUX_SOCK' capture-pane -p -t t | tail -1 | grep -q 'L link'"
ok $? "the paste field's footer does not offer L, C, Q"
keys L C Q; twait "[LCQ"; ok $? "L, C and Q are typed into the paste field"
! screen | grep -q "Press Enter to return"; ok $? "L did not leave curses"
keys BTab; tpoll sh -c "tmux -L '$TMUX_SOCK' capture-pane -p -t t | tail -1 | grep -q 'L link'"
ok $? "Shift-Tab goes back to the link"
keys BTab; tpoll sh -c "! tmux -L '$TMUX_SOCK' capture-pane -p -t t | tail -1 | grep -q 'L link'"
ok $? "Shift-Tab cycles to the paste field again"
keys C-u BTab

keys Tab h t t p : / / e v i l Enter; twait "not the loopback address"; ok $? "a wrong pasted address is refused"
keys C-u; T send-keys -t t -l "http://127.0.0.1:49152/callback?status=Cancelled"; keys Enter
[ "$(texit)" = 0 ]; ok $? "a pasted status ends the wait"
T capture-pane -p -t t | grep -q "state=2 status=Cancelled"; ok $? "rejected with the portal's status"

tstart 80 24 "'$URL'" "$fifo" "$log" 300
twait "Open this link"; echo success > "$fifo"
tpoll sh -c "[ \$(grep -c check '$log') -ge 1 ]"; ok $? "a Success redirect makes the STS check, not the end"
echo success-at-second > "$fifo"
tpoll sh -c "[ \$(grep -c check '$log') -ge 2 ]"
ok $? "a Success arriving as the countdown ticks still makes the check"
echo ready > "$fifo"
[ "$(texit)" = 0 ]; ok $? "ready ends the wait"
screen | grep -q "state=1"; ok $? "confirmed"

# One loop serves the hand-off's descriptor and the countdown while the whole link is
# printed outside curses too: an answer or the deadline ends the wait there.
tstart 80 24 "'$URL'" "$fifo" "$log" 300
twait "Open this link"; keys L; twait "Press Enter to return to the wizard"
echo ready > "$fifo"
[ "$(texit)" = 0 ]; screen | grep -q "state=1"; ok $? "the STS's answer is read while the whole link is printed"
tstart 80 24 "'$URL'" "$fifo" "$log" 3
twait "Open this link"; keys L; twait "Press Enter to return to the wizard"
[ "$(texit)" = 0 ]; screen | grep -q "state=3"; ok $? "the countdown runs while the whole link is printed"

tstart 80 24 "'$URL'" "$fifo" "$log" 2
[ "$(texit)" = 0 ]; screen | grep -q "state=3"; ok $? "timed out after the deadline"

tstart 80 24 "'$URL'" "$fifo" "$log" 300
twait "Open this link"; keys Escape
twait "Cancel? The draft stays pending"; ok $? "Esc asks first, as a j/n question"
keys n; tgone "Cancel? The draft"; ok $? "n keeps waiting"
keys Escape; twait "Cancel? The draft stays pending"; keys j
[ "$(texit)" = 0 ]; screen | grep -q "state=4"; ok $? "Esc, then j cancels"

TENV="SSH_CONNECTION=1.2.3.4" tstart 80 24 "'$URL'" "$fifo" "$log" 300
twait "ssh -L 49152:127.0.0.1:49152"; ok $? "the ssh -L line over SSH"
done_testing
