#!/bin/sh
# For e2e tests that run helseid-admin's commands against their own helseid-sim, without
# tmux (tests/e2e/handoff-lib.sh is the screen tests' twin). Set work_name, then source
# after tests/lib.sh. Gives $work (a scratch folder, removed at exit unless KEEP_E2E is
# set), start_sim ARGS (a simulator on a free port, its URLs in $work/urls.json; a second
# call replaces the first) and j KEY (one value of urls.json).
: "${HELSEID_ADMIN_DATADIR:=$top_srcdir/data}"; export HELSEID_ADMIN_DATADIR
: "${PYTHON3:=/usr/bin/python3}"
work=$(mktemp -d "${TMPDIR:-/tmp}/helseid-$work_name.XXXXXX")
sim_pid=
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; wait 2>/dev/null; [ -n "$KEEP_E2E" ] || rm -rf "$work"; }
trap cleanup EXIT INT TERM

start_sim() {
    [ -n "$sim_pid" ] && { kill "$sim_pid"; wait "$sim_pid" 2>/dev/null; }
    : >"$work/urls.json"
    "$top_builddir/helseid-sim" --port 0 --ca-out "$work/ca.pem" "$@" >"$work/urls.json" 2>"$work/sim.log" &
    sim_pid=$!
    deadline=$(( $(date +%s) + 20 ))
    while [ ! -s "$work/urls.json" ]; do
        if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 "$sim_pid" 2>/dev/null; then
            echo "Bail out! helseid-sim did not start"; cat "$work/sim.log"; exit 1
        fi
        sleep 0.05     # polling the file the simulator writes, with a deadline
    done
}
j() { "$PYTHON3" -c "import json,sys; print(json.load(open('$work/urls.json'))['$1'])"; }
