#!/bin/sh
# INT, TERM and HUP (DESIGN.md §3, helseid-admin(8) EXIT STATUS): `apply` waiting in
# the hand-off exits 130/143/129, leaves the draft pending and resumable, and prints
# one JSON document with ERR_INTERRUPTED; the full-screen wizard under tmux exits 130
# on Ctrl-C and 129 on a hang-up with the terminal restored (`stty -a` afterwards).
# Run under nohup, the test and its children start with SIGHUP ignored, and
# helseid-admin rightly keeps an ignored HUP (nohup's promise): the HUP checks need
# it at its default, so the test runs itself once more with HUP reset.
[ -n "${SIGNALS_HUP_DEFAULT:-}" ] ||
    SIGNALS_HUP_DEFAULT=1 exec env --default-signal=HUP sh "$0" "$@"
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
: "${PYTHON3:=/usr/bin/python3}"
XDG_CONFIG_HOME=/nonexistent; HELSEID_ADMIN_SYSCONFDIR=/nonexistent
export XDG_CONFIG_HOME HELSEID_ADMIN_SYSCONFDIR
site="$TMPD/site.xml"
start_sim --propagation 0-1        # no --auto-confirm: the hand-off waits
cat > "$TMPD/again.json" <<'JSON'
{ "format": 1, "owner": "315260183",
  "services": { "kjernejournal": [], "persontjenesten": ["restricted"] } }
JSON
cat > "$TMPD/want.json" <<'JSON'
{ "format": 1, "owner": "315260183", "create_new": true,
  "services": { "kjernejournal": [], "persontjenesten": ["restricted"] } }
JSON
fresh_site "$site" legekontor

# apply_until_link SIGNAL [FILE]: apply in the background; once the link is out, the signal.
apply_until_link() {
    rm -f "$TMPD/apply.out" "$TMPD/apply.err"
    LC_ALL=C "$BIN" --site "$site" --env demo --no-input --browser=print --port "$(free_port)" \
        --timeout 120 --json apply "$TMPD/${2:-want}.json" > "$TMPD/apply.out" 2> "$TMPD/apply.err" &
    pid=$!
    tpoll grep -q "Open this link" "$TMPD/apply.err" || { kill "$pid"; wait "$pid"; return 1; }
    kill -"$1" "$pid"
    wait "$pid"
}
keys_in_folder() { ls "$TMPD" | grep -c '\.jwk$'; }

apply_until_link TERM; st=$?
[ $st = 143 ]; ok $? "apply: TERM while waiting exits 143 (got $st)"
$PYTHON3 "$top_srcdir/tests/e2e/json-check.py" --stderr "$TMPD/apply.err" "$top_srcdir/data/schema" apply false 143 "$TMPD/apply.out" &&
    grep -q '"ERR_INTERRUPTED"' "$TMPD/apply.out"
ok $? "apply --json: one document, exit 143, ERR_INTERRUPTED"
grep -q "interrupted by SIGTERM" "$TMPD/apply.err"; ok $? "apply: says why on stderr"
id=$(client_id)
[ "$(site_state)" = pending ] && [ -n "$id" ]; ok $? "the draft stays pending ($id)"
[ "$(keys_in_folder)" = 1 ]; ok $? "one key file, the draft's"

apply_until_link INT again; st=$?
[ $st = 130 ]; ok $? "apply: INT while waiting exits 130 (got $st)"
grep -q "Resuming the confirmation of client $id" "$TMPD/apply.err"; ok $? "the second run resumed the same draft"
apply_until_link HUP again; st=$?
[ $st = 129 ]; ok $? "apply: HUP while waiting exits 129 (got $st)"
[ "$(client_id)" = "$id" ] && [ "$(site_state)" = pending ] && [ "$(keys_in_folder)" = 1 ]
ok $? "still one draft and one key after three interrupted runs"

# A command blocked in an HTTPS request (the STS answers only after 30 s): TERM ends it
# at once, not after the answer.
kill "$SIM_PID" 2>/dev/null; wait "$SIM_PID" 2>/dev/null
start_sim --fault "/sts/.well-known/openid-configuration:delay=30000:-1"
LC_ALL=C "$BIN" --site "$site" --env demo --json -v --timeout 60 test-token > "$TMPD/tt.out" 2> "$TMPD/tt.err" &
pid=$!
tpoll grep -q '^> GET /sts/.well-known/openid-configuration' "$TMPD/tt.err"
t0=$(date +%s); kill -TERM "$pid"; wait "$pid"; st=$?; t1=$(date +%s)
[ $st = 143 ] && [ $((t1 - t0)) -lt 30 ]; ok $? "test-token: TERM during a slow request exits 143 before the answer could come (got $st after $((t1 - t0)) s)"
$PYTHON3 "$top_srcdir/tests/e2e/json-check.py" --stderr "$TMPD/tt.err" "$top_srcdir/data/schema" test-token false 143 "$TMPD/tt.out" &&
    grep -q '"ERR_INTERRUPTED"' "$TMPD/tt.out"
ok $? "test-token --json: one document, exit 143, ERR_INTERRUPTED"

# The full-screen wizard in a real pty. The pane's shell traps INT so that it outlives
# the program (as an interactive shell does) and prints the tty's modes afterwards.
twizard() {
    rm -f "$TMPD/rc" "$TMPD/stty" "$TMPD/shpid"
    printf '#!/bin/sh\necho $$ > "%s/shpid"\ntrap : INT\n"%s" "$@"\necho $? > "%s/rc"\nstty -a > "%s/stty"\nexec cat > /dev/null\n' \
        "$TMPD" "$BIN" "$TMPD" "$TMPD" > "$TMPD/run.sh"
    T kill-server 2>/dev/null
    TMUX_N=$((TMUX_N + 1)); TMUX_SOCK="test$$-$TMUX_N"
    T new-session -d -x 80 -y 24 -s t \
        "env TERM=tmux-256color LC_ALL=C.UTF-8 HELSEID_ADMIN_DATADIR='$HELSEID_ADMIN_DATADIR' XDG_CONFIG_HOME=/nonexistent HELSEID_ADMIN_SYSCONFDIR=/nonexistent sh '$TMPD/run.sh' --site '$site' --env demo"
    T set-option -t t status off > /dev/null
}
sane_tty() { grep -q ' icanon' "$TMPD/stty" && grep -q ' echo ' "$TMPD/stty" && ! grep -q -- '-icanon\|-echo ' "$TMPD/stty"; }
fresh_site "$site" legekontor

twizard
twait "Step 0 of 6"; ok $? "wizard: the first screen"
keys C-c
tpoll test -s "$TMPD/stty"; [ "$(cat "$TMPD/rc")" = 130 ]; ok $? "wizard: Ctrl-C exits 130 (got $(cat "$TMPD/rc" 2>/dev/null))"
sane_tty; ok $? "wizard: the terminal is restored after Ctrl-C (icanon echo)"

twizard
twait "Step 0 of 6" && keys Enter && twait "Step 1 of 6"; ok $? "wizard: on step 1"
prog=$(ps -o pid= --ppid "$(cat "$TMPD/shpid")" | tr -d ' ')
kill -HUP "$prog"
tpoll test -s "$TMPD/stty"; [ "$(cat "$TMPD/rc")" = 129 ]; ok $? "wizard: HUP exits 129 (got $(cat "$TMPD/rc" 2>/dev/null))"
sane_tty; ok $? "wizard: the terminal is restored after HUP"

twizard
twait "Step 0 of 6"; prog=$(ps -o pid= --ppid "$(cat "$TMPD/shpid")" | tr -d ' ')
kill -TERM "$prog"
tpoll test -s "$TMPD/stty"; [ "$(cat "$TMPD/rc")" = 143 ]; ok $? "wizard: TERM exits 143"
sane_tty; ok $? "wizard: the terminal is restored after TERM"
[ ! -e "$site.lock" ] || ! fuser "$site.lock" 2>/dev/null; ok $? "wizard: the site lock is released"

# The hand-off screen runs in the same loop as the steps: a resize redraws it, Ctrl-C
# ends it with 130, the terminal restored and the draft pending for the next run.
twizard
twait "Step 0 of 6" && keys Enter && twait "Step 1 of 6" && keys Enter && twait "Step 2 of 6" &&
    keys C-u 3 1 5 2 6 0 1 8 3 Enter && twait "Enhetsregisteret:" && keys Enter &&
    twait "Step 3 of 6" && keys Enter && twait "Step 4 of 6" && keys Enter &&
    twait "Step 5 of 6" && keys Enter && twait "Step 6 of 6" && keys F10 && twait "Open this link"
ok $? "wizard: the hand-off screen"
T resize-window -t t -x 100 -y 30
tpoll sh -c "tmux -L '$TMUX_SOCK' capture-pane -p -t t | sed -n 30p | grep -q 'Esc cancel'"
ok $? "wizard: the hand-off is redrawn at 100x30 (its footer on row 30)"
keys C-c
tpoll test -s "$TMPD/stty"; [ "$(cat "$TMPD/rc")" = 130 ]; ok $? "wizard: Ctrl-C on the hand-off exits 130 (got $(cat "$TMPD/rc" 2>/dev/null))"
sane_tty; ok $? "wizard: the terminal is restored after Ctrl-C on the hand-off"
[ "$(site_state)" = pending ] && [ -n "$(client_id)" ]; ok $? "wizard: the draft stays pending after Ctrl-C"
id=$(client_id)
twizard
twait "Pending draft" && twait "$id" && keys Enter && twait "Open this link"
ok $? "the next run offers that draft ($id) and waits for it again"
keys C-c
tpoll test -s "$TMPD/stty"; [ "$(cat "$TMPD/rc")" = 130 ] && [ "$(client_id)" = "$id" ] && [ "$(site_state)" = pending ]
ok $? "Ctrl-C there too: 130, the same draft still pending"
fresh_site "$site" legekontor

# The line mode (--plain) waiting for an answer: INT ends it with 130 and one document.
mkfifo "$TMPD/answers"
LC_ALL=C "$BIN" --site "$site" --env demo --plain --json < "$TMPD/answers" > "$TMPD/plain.out" 2> "$TMPD/plain.err" &
pid=$!
exec 4> "$TMPD/answers"         # a writer that never writes: the dialogue waits
tpoll grep -q "Step 0 of 6" "$TMPD/plain.err"; ok $? "--plain: the first question is asked (on stderr with --json)"
kill -INT "$pid"; wait "$pid"; st=$?
exec 4>&-
[ $st = 130 ]; ok $? "--plain: INT while asking exits 130 (got $st)"
$PYTHON3 "$top_srcdir/tests/e2e/json-check.py" --stderr "$TMPD/plain.err" "$top_srcdir/data/schema" wizard false 130 "$TMPD/plain.out" &&
    grep -q '"ERR_INTERRUPTED"' "$TMPD/plain.out"
ok $? "--plain --json: one document, exit 130, ERR_INTERRUPTED"

# A command blocked opening its FILE (a FIFO no one writes): the signal ends it, and
# it does not go on to block again (import opened the file twice, the second time
# with the signal already spent).
mkfifo "$TMPD/in.fifo"
fifo_cmd() { # CMD SIGNAL
    LC_ALL=C "$BIN" --site "$site" --env demo --json "$1" "$TMPD/in.fifo" > "$TMPD/fifo.out" 2> "$TMPD/fifo.err" &
    pid=$!
    tpoll grep -q 'wait_for_partner\|fifo' "/proc/$pid/wchan"
    kill -"$2" "$pid"
    tpoll sh -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid"
    wait "$pid"
}
fifo_cmd import INT; st=$?
[ $st = 130 ] && grep -q '"ERR_INTERRUPTED"' "$TMPD/fifo.out"; ok $? "import: INT while opening its file exits 130 (got $st)"
fifo_cmd import TERM; st=$?
[ $st = 143 ]; ok $? "import: TERM while opening its file exits 143 (got $st)"
fifo_cmd plan HUP; st=$?
[ $st = 129 ] && grep -q '"ERR_INTERRUPTED"' "$TMPD/fifo.out"; ok $? "plan: HUP while opening its file exits 129 (got $st)"
grep -q "interrupted by SIGHUP" "$TMPD/fifo.err" && ! grep -q "Interrupted system call" "$TMPD/fifo.err"
ok $? "plan: says it was interrupted by SIGHUP, not a system call's error"
done_testing
