#!/bin/sh
# End-to-end over real TLS: http, brreg and preflight against net-tls-server.py.
. "$top_srcdir/tests/e2e/net-lib.sh"
if ! net_setup || ! net_start_server main || ! net_start_proxy proxy allow || ! net_start_proxy deny deny; then
    echo "Bail out! cannot create the test CA or start the TLS server"
    exit 1
fi
NET_PROXY_PORT=$proxy_port NET_PROXY_LOG=$work/proxy.log NET_DENY_PORT=$deny_port \
NET_PORT=$main_port NET_CA=$ca NET_ROGUE_CA=$rogue_ca "$top_builddir/tests/e2e/net-e2e-client"
