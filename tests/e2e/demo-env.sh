#!/bin/sh
# --env demo without URLs starts the bundled simulator for the command, points every
# URL at it, and stops it afterwards (DESIGN.md §4).
. "$top_srcdir/tests/lib.sh"
prog="$top_builddir/helseid-admin"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
unset HELSEID_AUTHORITY HELSEID_SELVBETJENING_API HELSEID_SELVBETJENING_WEB HELSEID_BRREG HELSEID_CA_FILE
export HELSEID_SIM="$top_builddir/helseid-sim" TMPDIR="$tmp"

"$prog" --lang=en --env=demo check >"$tmp/out" 2>&1
ok $? "demo check: exits 0 against the simulator"
tail -n 1 "$tmp/out" | grep -q '^all 5 checks passed$'; ok $? "demo check: every host and the clock pass"
grep -q 'HelseID STS (127.0.0.1' "$tmp/out"; ok $? "demo check: the STS is the simulator on loopback"
[ -z "$(ls "$tmp")" ] || [ "$(ls "$tmp")" = out ]; ok $? "demo check: the simulator's folder is removed"

cp "$top_srcdir/data/demo/kommune.xml" "$tmp/site.xml"
"$prog" --lang=en --env=demo --site "$tmp/site.xml" --json check >"$tmp/json" 2>"$tmp/err"
ok $? "demo check --site --json: exits 0"
"$PYTHON3" - "$tmp/json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is True and d["environment"] == "demo", d
rules = {x["rule"] for x in d["diagnostics"]}
assert {"preflight.epj_version", "preflight.user_fnr", "preflight.reach", "preflight.clock_skew"} <= rules, rules
PY
ok $? "demo check --json: the site's checks and the network's, one document"

# check only reads: another admin's session lock on the site neither stops nor holds it.
"$PYTHON3" -c 'import fcntl, sys, time
f = open(sys.argv[1], "a"); fcntl.lockf(f, fcntl.LOCK_EX); print("held", flush=True); time.sleep(120)' \
    "$tmp/site.xml.lock" > "$tmp/held" &
holder=$!
i=0; while [ ! -s "$tmp/held" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
"$prog" --lang=en --env=demo --site "$tmp/site.xml" apply --discard-pending >/dev/null 2>"$tmp/err"
[ $? != 0 ] && grep -qi "lock\|in use\|another" "$tmp/err"; ok $? "the site is locked by another session"
"$prog" --lang=en --env=demo --site "$tmp/site.xml" check >"$tmp/out" 2>&1
ok $? "check with the site locked by another session: exits 0"
tail -n 1 "$tmp/out" | grep -q 'checks passed'; ok $? "... and ran every check"
kill "$holder"; wait "$holder" 2>/dev/null

# The simulator dies with us: kill helseid-admin hard while the simulator runs.
XDG_STATE_HOME="$tmp/state" "$prog" --lang=en --env=demo --timeout=60 check >/dev/null 2>&1 &
admin=$!
"$PYTHON3" - "$tmp" <<'PY'
import os, sys, time
# Wait (with a deadline) until the simulator's folder exists, i.e. it is running.
deadline = time.time() + 20
while time.time() < deadline:
    if any(n.startswith("helseid-demo-") for n in os.listdir(sys.argv[1])):
        sys.exit(0)
    time.sleep(0.02)
sys.exit(1)
PY
ok $? "demo: the simulator runs while the command does"
sims() { ps -eo pid=,ppid=,args= | awk -v d="$tmp" '$0 ~ "helseid-sim" && index($0, d) {print $1}'; }
simpids=$(sims)
[ -n "$simpids" ]; ok $? "demo: the simulator process is found"
kill -9 "$admin" 2>/dev/null; wait "$admin" 2>/dev/null
"$PYTHON3" - <<'PY' "$simpids"
import os, sys, time
pids = [int(p) for p in sys.argv[1].split()]
deadline = time.time() + 20
while time.time() < deadline:
    alive = [p for p in pids if os.path.exists("/proc/%d" % p) and
             open("/proc/%d/stat" % p).read().split()[2] != "Z"]
    if not alive:
        sys.exit(0)
    time.sleep(0.05)
sys.exit(1)
PY
ok $? "demo: a killed helseid-admin leaves no simulator behind"
[ -f "$tmp/state/helseid-admin/demo-sim.json" ]; ok $? "demo: the simulator keeps its clients in XDG_STATE_HOME"

# An unattended demo: the simulator confirms by itself, the screen says so, and the
# whole line-mode flow completes without any browser.
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" > "$tmp/gp.xml"
port=$("$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf '\n\n315260183\n\n\n\n\n\n' | HELSEID_DEMO_AUTO_CONFIRM=1 XDG_STATE_HOME="$tmp/state2" \
    HELSEID_ADMIN_DATADIR="$top_srcdir/data" "$prog" --lang=en --plain --env=demo --site "$tmp/gp.xml" \
    --browser=print --port "$port" --timeout 60 >"$tmp/out" 2>&1
ok $? "unattended demo: the wizard completes (exit 0)"
grep -q "Demo: the simulator confirms by itself" "$tmp/out"; ok $? "unattended demo: said on screen"
grep -q 'state="active"' "$tmp/gp.xml"; ok $? "unattended demo: the site is active"

HELSEID_SIM="$tmp/missing" "$prog" --lang=en --env=demo check >"$tmp/out" 2>&1
[ $? = 1 ]; ok $? "demo without the simulator: exit 1"
grep -q "simulator" "$tmp/out"; ok $? "demo without the simulator: says so"
done_testing
