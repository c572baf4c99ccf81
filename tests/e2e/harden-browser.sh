#!/bin/sh
# The browser child inherits descriptors 0-2 only and no HELSEID_* variables (the api
# key file's path among them): the wizard in line mode hands off to the browser
# stand-in, which records what it inherited, with the key given in the environment.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
site="$TMPD/site.xml"
start_sim
BROWSER="$BSIM"; BROWSER_SIM_OUT="$TMPD/browser.log"; export BROWSER BROWSER_SIM_OUT
printf 'demo-api-key\n' > "$TMPD/api-key"; chmod 600 "$TMPD/api-key"

fresh_site "$site" legekontor
printf '\n\n315260183\n\n\n\n\n\n' | HELSEID_API_KEY_FILE="$TMPD/api-key" \
    "$BIN" --site "$site" --plain --env demo --port "$(free_port)" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 0 ]; ok $? "the hand-off went through with the browser stand-in (got $rc)"
sed 's/^/# browser: /' "$TMPD/browser.log"
grep -qx "fds 0 1 2" "$TMPD/browser.log"; ok $? "the browser inherited descriptors 0, 1 and 2 only"
grep -qx "env -" "$TMPD/browser.log"; ok $? "no HELSEID_* variable reached the browser"
grep -q "^confirmed http://127.0.0.1:" "$TMPD/browser.log"; ok $? "and it still reached our loopback"
done_testing
