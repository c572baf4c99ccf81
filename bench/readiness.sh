#!/bin/sh
# Confirmation-to-ready with STS polling vs the fixed 25 s wait, for several simulated
# propagation delays. Usage (from the build tree): bench/readiness.sh [ROUNDS]
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-.}
rounds=${1:-3}
# The issue's case last: a delay drawn from 3-20 s, as HelseID's cache behaves.
for prop in 0 2 5 10 20 3-20; do
    work=$(mktemp -d "${TMPDIR:-/tmp}/helseid-bench.XXXXXX")
    HELSEID_ADMIN_DATADIR="$top_srcdir/data" "$top_builddir/helseid-sim" --port 0 \
        --ca-out "$work/ca.pem" --auto-confirm --propagation "$prop" >"$work/urls.json" 2>/dev/null &
    pid=$!
    deadline=$(( $(date +%s) + 20 ))
    while [ ! -s "$work/urls.json" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.05; done
    sed "s|\"ca_file\":\"[^\"]*\"|\"ca_file\":\"$work/ca.pem\"|" "$work/urls.json" >"$work/u.json"
    printf 'propagation %5s s: ' "$prop"
    "$top_builddir/bench/bench-readiness" "$work/u.json" "$rounds"
    kill "$pid"; wait "$pid" 2>/dev/null
    rm -rf "$work"
done
