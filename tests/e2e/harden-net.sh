#!/bin/sh
# Network messages that fit the fault: a trusted certificate for another host name is
# not "TLS intercepted by a proxy?"; "connection refused" names the port really used.
# `check` against net-tls-server.py with a certificate for other.example only, and
# against a port nobody listens on.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/e2e/net-lib.sh"
set +u
net_setup || { echo "Bail out! cannot make the test CA"; exit 1; }
# The server certificate names other.example only, signed by the trusted test CA.
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$work/server.key" -out "$work/server.csr" -subj "/CN=other.example" >/dev/null 2>&1
printf 'subjectAltName=DNS:other.example\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$work/ext.cnf"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
    -days 2 -extfile "$work/ext.cnf" -out "$work/server.pem" >/dev/null 2>&1
net_start_server main || { echo "Bail out! cannot start the TLS server"; exit 1; }
closed=$("$PYTHON3" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
bin="$top_builddir/helseid-admin"
HELSEID_ADMIN_DATADIR="$top_srcdir/data"; export HELSEID_ADMIN_DATADIR
unset HELSEID_SITE HELSEID_ENV HELSEID_AUTHORITY HELSEID_SELVBETJENING_API HELSEID_SELVBETJENING_WEB HELSEID_BRREG

"$bin" --lang en --env test --ca-file "$ca" --authority "https://127.0.0.1:$main_port/sts" \
    --selvbetjening-api "https://127.0.0.1:$closed/api" --selvbetjening-web "https://127.0.0.1:$main_port/web" \
    --brreg "https://127.0.0.1:$main_port/enhetsregisteret/api" check > "$work/out" 2>&1
sed 's/^/# /' "$work/out"
grep -q "certificate of '127.0.0.1:$main_port' is for another host name: check the address" "$work/out"
ok $? "a certificate for another name: says so, with the port"
! grep -q "intercepted by a proxy" "$work/out"; ok $? "and does not blame a proxy"
grep -q "connection to '127.0.0.1:$closed' refused: a firewall rejects port $closed," "$work/out"
ok $? "connection refused names port $closed, not 443"
grep -q "open outgoing TCP port $closed to this host" "$work/out"; ok $? "and so does its fix"
[ "$(grep -c 'open outgoing TCP port' "$work/out")" = 2 ]; ok $? "no firewall fix where TCP got through (TLS name)"
done_testing
