#!/bin/sh
# Confirmation-to-ready: how late the readiness poll sees a client HelseID has made
# active, a try a second (the default) against the old backoff (1 s x1.5, cap 5 s),
# both in the same run against one simulator. Propagation delays as issue 10 names
# them: about 10 s (10-11 s), and drawn from 3-20 s as HelseID's cache behaves (the
# simulator draws to the millisecond).
# Usage (from the build tree): bench/readiness.sh [ROUNDS [WORKERS]]
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
rounds=${1:-20}
workers=${2:-8}
for prop in 10-11 3-20; do
    work=$(mktemp -d "${TMPDIR:-/tmp}/helseid-bench.XXXXXX")
    HELSEID_ADMIN_DATADIR="$top_srcdir/data" "$top_builddir/helseid-sim" --port 0 \
        --ca-out "$work/ca.pem" --auto-confirm --propagation "$prop" >"$work/urls.json" 2>/dev/null &
    pid=$!
    deadline=$(( $(date +%s) + 20 ))
    while [ ! -s "$work/urls.json" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
    sed "s|\"ca_file\":\"[^\"]*\"|\"ca_file\":\"$work/ca.pem\"|" "$work/urls.json" >"$work/u.json"
    grep -q '"ca_file"' "$work/u.json" ||
        sed "s|^{|{\"ca_file\":\"$work/ca.pem\",|" "$work/urls.json" >"$work/u.json"
    printf 'propagation %s s:\n' "$prop"
    "$top_builddir/bench/bench-readiness" "$work/u.json" "$rounds" "$workers"
    kill "$pid"; wait "$pid" 2>/dev/null
    rm -rf "$work"
done
