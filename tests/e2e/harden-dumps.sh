#!/bin/sh
# Core dumps are off in helseid-admin: while it waits (here: `plan FILE` opening a
# desired file that is a FIFO nobody writes yet), /proc/PID/limits shows a core size limit of 0 and, as
# PR_SET_DUMPABLE 0 makes the kernel do, /proc/PID belongs to root, not to the user
# running it. Run as root, the program runs as nobody so the two owners differ.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
as=; uid=$(id -u)
if [ "$uid" = 0 ]; then
    command -v setpriv > /dev/null || { echo "1..0 # SKIP setpriv not installed"; exit 0; }
    uid=65534; as="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
chmod 711 "$TMPD"; mkdir "$TMPD/d"; mkfifo "$TMPD/d/desired.json"
make_site "$TMPD/d/site.xml"
chown -R "$uid:$(id -g "$uid" 2>/dev/null || echo "$uid")" "$TMPD/d" 2>/dev/null
chmod 700 "$TMPD/d"; chmod 600 "$TMPD/d/site.xml" "$TMPD/d/desired.json"

# owner_when_waiting PID: the owner of /proc/PID/status once PID blocks opening the FIFO.
owner_when_waiting() {
    i=0
    while [ $i -lt 200 ]; do
        grep -q 'wait_for_partner\|fifo' "/proc/$1/wchan" 2>/dev/null && break
        sleep 0.05; i=$((i + 1))
    done
    stat -c %u "/proc/$1/status"
}

# Control: the same user's plain process is its own in /proc (the test can tell).
$as sleep 30 & pid=$!
sleep 0.2
[ "$(stat -c %u "/proc/$pid/status")" = "$uid" ]; ok $? "control: an ordinary process of uid $uid owns its /proc entry"
kill "$pid"; wait "$pid" 2>/dev/null

$as "$BIN" --site "$TMPD/d/site.xml" plan "$TMPD/d/desired.json" > "$TMPD/out" 2>&1 & pid=$!
owner=$(owner_when_waiting "$pid")
[ "$owner" = 0 ]; ok $? "helseid-admin is not dumpable: /proc/$pid belongs to root (got $owner)"
grep '^Max core file size' "/proc/$pid/limits" | sed 's/^/# /'
grep -q '^Max core file size  *0  *0 ' "/proc/$pid/limits"; ok $? "core file size limit 0, soft and hard"
kill "$pid"; wait "$pid" 2>/dev/null
done_testing
