#!/bin/sh
# Parallel vs sequential preflight against five local TLS servers, each answering after
# an injected latency (default 200 ms; BENCH_LATENCY_MS to change). Prints the ratio.
: "${top_srcdir:=.}" "${top_builddir:=.}"
. "$top_srcdir/tests/e2e/net-lib.sh"
latency=${BENCH_LATENCY_MS:-200}
net_setup || { echo "bench: cannot make the test CA" >&2; exit 1; }
urls=""
for h in a b c d e; do
    net_start_server "$h" "$latency" || { echo "bench: server $h did not start" >&2; exit 1; }
    eval "p=\$${h}_port"
    urls="$urls https://127.0.0.1:$p/.well-known/openid-configuration"
done
echo "injected latency: $latency ms per answer"
# shellcheck disable=SC2086
"$top_builddir/bench/preflight-bench" "$ca" "${BENCH_ROUNDS:-5}" $urls
