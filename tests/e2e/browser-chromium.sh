#!/bin/sh
# The demo's confirmation page in an ordinary browser (issue 13 item 9): real Chromium
# under Xvfb, as a non-root user with a fresh profile, opens the link the wizard shows
# in --env demo, logs in, presses «Bekreft», and the hand-off completes. Nothing is
# trusted or ignored: the bundled simulator serves the portal's pages over plain HTTP
# on 127.0.0.1 (a secure context), its APIs stay on TLS.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
WAIT_SECS=60
for p in /usr/bin/chromium /usr/bin/chromedriver /usr/bin/xvfb-run; do
    [ -x "$p" ] || { echo "1..0 # SKIP $p not installed (Debian: chromium chromium-driver xvfb)"; exit 0; }
done
/usr/bin/python3 -c 'import selenium' 2> /dev/null ||
    { echo "1..0 # SKIP python3-selenium not installed"; exit 0; }
user=$(id -un)
if [ "$(id -u)" = 0 ]; then
    # A clinic administrator is not root: a system user of our own for the browser.
    user=helseid-browser-test
    id "$user" > /dev/null 2>&1 ||
        useradd --system --no-create-home --shell /usr/sbin/nologin "$user" 2> /dev/null ||
        { echo "1..0 # SKIP running as root and cannot create a user for the browser"; exit 0; }
fi
as_user() { if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
prof=$(mktemp -d /tmp/helseid-chromium.XXXXXX) || exit 99
trap 'rm -rf "$prof"; T kill-server 2>/dev/null; rm -rf "$TMPD"' EXIT
cp "$top_srcdir/tests/e2e/chromium-bekreft.py" "$prof/"
[ "$(id -u)" = 0 ] && chown -R "$user" "$prof"

# The browser the wizard would start only notes the link: the test drives Chromium.
gp_office_to_handoff
twait "Open this link in a browser, on any machine"; ok $? "the hand-off screen"
file_has "$TMPD/link" "/confirm-client/"; ok $? "the wizard offered the link to a browser"
link=$(cat "$TMPD/link")
case "$link" in http://127.0.0.1:*) true ;; *) false ;; esac
ok $? "the demo link is plain HTTP on 127.0.0.1 ($link)"

as_user env HOME="$prof" xvfb-run -a /usr/bin/python3 "$prof/chromium-bekreft.py" "$link" "$prof/profile" \
    > "$TMPD/chromium.log" 2>&1
rc=$?
sed 's/^/# chromium: /' "$TMPD/chromium.log" | grep -v "^# chromium: *$" | head -20
[ $rc = 0 ]; ok $? "Chromium as $user: login page, «Bekreft», redirect to the loopback"
grep -q "^login page: " "$TMPD/chromium.log"; ok $? "the first page was the portal's, not a certificate warning"
twait "HelseID confirmed client"; ok $? "the hand-off completed"
[ "$(texit)" = 0 ]; ok $? "exit 0"
[ "$(site_state)" = active ]; ok $? "the site is active"
done_testing
