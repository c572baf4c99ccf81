#!/bin/sh
# Shared set-up for the src/net end-to-end tests: a test CA and a server certificate
# made with the openssl CLI at test time, and net-tls-server.py started on a free port.
#   net_setup            -> $work, $ca (trusted test CA), $rogue_ca (another CA)
#   net_start_server NAME [DELAY_MS] -> sets ${NAME}_port; killed by net_cleanup
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
: "${PYTHON3:=/usr/bin/python3}"
work=$(mktemp -d "${TMPDIR:-/tmp}/helseid-net.XXXXXX")
server_pids=""

net_cleanup() {
    for p in $server_pids; do kill "$p" 2>/dev/null; done
    for p in $server_pids; do wait "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap net_cleanup EXIT
trap 'exit 130' INT TERM

net_mkca() { # NAME
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$work/$1.key" -out "$work/$1.pem" -days 2 -subj "/CN=helseid-admin test $1" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        >/dev/null 2>&1
}

net_setup() {
    net_mkca ca || return 1
    net_mkca rogue || return 1
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$work/server.key" -out "$work/server.csr" -subj "/CN=127.0.0.1" >/dev/null 2>&1 || return 1
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$work/ext.cnf"
    openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
        -days 2 -extfile "$work/ext.cnf" -out "$work/server.pem" >/dev/null 2>&1 || return 1
    ca="$work/ca.pem"
    rogue_ca="$work/rogue.pem"
}

net_start_server() { # NAME [DELAY_MS]
    pf="$work/$1.port"
    "$PYTHON3" "$top_srcdir/tests/e2e/net-tls-server.py" "$work/server.pem" "$work/server.key" \
        "$pf" "$top_srcdir/tests/data/brreg" "${2:-0}" &
    server_pids="$server_pids $!"
    # Poll for the port file with a deadline (no sleep-as-synchronisation).
    deadline=$(( $(date +%s) + 20 ))
    while [ ! -s "$pf" ]; do
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        "$PYTHON3" -c 'import select; select.select([],[],[],0.05)'
    done
    eval "$1_port=\$(cat \"\$pf\")"
}

net_start_proxy() { # NAME allow|deny -> ${NAME}_port, log in $work/NAME.log
    pf="$work/$1.port"
    : >"$work/$1.log"
    "$PYTHON3" "$top_srcdir/tests/e2e/net-connect-proxy.py" "$pf" "$work/$1.log" "$2" &
    server_pids="$server_pids $!"
    deadline=$(( $(date +%s) + 20 ))
    while [ ! -s "$pf" ]; do
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        "$PYTHON3" -c 'import select; select.select([],[],[],0.05)'
    done
    eval "$1_port=\$(cat \"\$pf\")"
}
