#!/bin/sh
# End-to-end over real TLS: http, brreg and preflight against net-tls-server.py.
. "$top_srcdir/tests/e2e/net-lib.sh"
if ! net_setup || ! net_start_server main; then
    echo "Bail out! cannot create the test CA or start the TLS server"
    exit 1
fi
NET_PORT=$main_port NET_CA=$ca NET_ROGUE_CA=$rogue_ca "$top_builddir/tests/e2e/net-e2e-client"
