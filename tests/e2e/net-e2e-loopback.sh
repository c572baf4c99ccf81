#!/bin/sh
# The loopback listener against real HTTP clients (curl CLI and python sockets).
. "$top_srcdir/tests/lib.sh"
: "${PYTHON3:=/usr/bin/python3}"
helper="$top_builddir/tests/e2e/net-loopback-helper"
work=$(mktemp -d "${TMPDIR:-/tmp}/helseid-loop.XXXXXX")
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() {
    "$PYTHON3" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_file() { # FILE: poll with a deadline
    deadline=$(( $(date +%s) + 20 ))
    while [ ! -s "$1" ]; do
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        "$PYTHON3" -c 'import select; select.select([],[],[],0.02)'
    done
}
start() { # KIND STATE TIMEOUT_MS
    rm -f "$work/port" "$work/out"
    "$helper" "$1" "$(free_port)" "$2" "$work/port" "$3" >"$work/out" 2>&1 &
    pid=$!
    wait_file "$work/port" || return 1
    port=$(cat "$work/port")
}
finish() { wait "$pid"; rc=$?; pid=""; return $rc; }
code() { # URL [curl args...]: the HTTP status curl sees
    u=$1; shift
    curl -s -o "$work/body" -w '%{http_code}' --max-time 10 "$@" "$u"
}

# --- confirmation: every wrong request is refused and the wait goes on
start confirm "" 20000; ok $? "confirm: listener started"
base="http://127.0.0.1:$port"
[ "$(code "$base/favicon.ico")" = 404 ]; ok $? "wrong path answered 404"
[ "$(code "$base/helseid-admin/confirmed?status=Success" -X POST)" = 405 ]; ok $? "POST answered 405"
[ "$(code "$base/helseid-admin/confirmed?status=Success" -H "Host: evil.example:$port")" = 400 ]; ok $? "foreign Host answered 400"
[ "$(code "$base/helseid-admin/confirmed?status=%zz")" = 400 ]; ok $? "malformed query answered 400"
big=$("$PYTHON3" -c 'print("a"*9000)')
[ "$(code "$base/helseid-admin/confirmed?status=Success" -H "X-Big: $big")" = 431 ]; ok $? "oversize request answered 431"
"$PYTHON3" - "$port" <<'PY'
import socket, sys
# Connecting to another loopback address must fail: we bound 127.0.0.1, never 0.0.0.0.
s = socket.socket()
try:
    s.connect(("127.0.0.2", int(sys.argv[1])))
    sys.exit(1)
except ConnectionRefusedError:
    sys.exit(0)
PY
ok $? "listener is on 127.0.0.1 only (127.0.0.2 refused)"
# A slow client that never finishes its request must not block a real one.
"$PYTHON3" - "$port" "$work/slow-sent" >"$work/slow" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /helseid-admin/confirmed?status=Success HTTP/1.1\r\nHost: 127.0.0.1")
open(sys.argv[2], "w").write("sent")
s.settimeout(15)
try:
    data = s.recv(1000)
    print("closed" if data == b"" or data.startswith(b"HTTP/1.1 400") else "other")
except Exception as e:
    print("timeout")
PY
slow=$!
wait_file "$work/slow-sent"; ok $? "slow client connected and sent half a request"
kill -0 "$pid" 2>/dev/null; ok $? "still waiting after bad requests"
[ "$(code "$base/helseid-admin/confirmed?status=Success")" = 200 ]; ok $? "right redirect answered 200"
grep -q '<html' "$work/body"; ok $? "answer is an HTML page"
grep -q 'Cache-Control\|close this window' "$work/body"; ok $? "page says the window may be closed"
finish; ok $? "helper got an answer"
grep -q '^outcome=success status=Success ' "$work/out"; ok $? "outcome success"
wait "$slow"
[ "$(cat "$work/slow")" = closed ]; ok $? "slow client dropped when the listener closed or timed out"

# --- a failure status ends the wait, shown verbatim but escaped in the page
start confirm "" 20000; ok $? "confirm (failure): listener started"
[ "$(code "http://localhost:$port/helseid-admin/confirmed?status=%3Cb%3EDenied%3C%2Fb%3E")" = 200 ]; ok $? "failure redirect answered 200"
grep -q '&lt;b&gt;Denied&lt;/b&gt;' "$work/body"; ok $? "status HTML-escaped in the page"
finish; ok $? "helper got the failure"
grep -q '^outcome=failed status=<b>Denied</b> ' "$work/out"; ok $? "outcome failed with the status verbatim"

# --- login: state compared, code returned
start login "state-abc-123" 20000; ok $? "login: listener started"
base="http://127.0.0.1:$port"
[ "$(code "$base/helseid-admin/login?code=c1&state=state-abc-124")" = 400 ]; ok $? "wrong state answered 400"
kill -0 "$pid" 2>/dev/null; ok $? "wrong state does not end the wait"
[ "$(code "$base/helseid-admin/login?code=the-code&state=state-abc-123")" = 200 ]; ok $? "right state answered 200"
finish; ok $? "helper got the code"
grep -q 'outcome=success .*code=the-code' "$work/out"; ok $? "code delivered"

# --- overall timeout
start confirm "" 300; ok $? "timeout: listener started"
finish; [ $? = 2 ]; ok $? "overall timeout ends the wait"

# --- the port is taken: a clear message
"$PYTHON3" -c 'import socket,sys
s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(1); print(s.getsockname()[1]); sys.stdout.flush()
import time; time.sleep(60)' >"$work/busy" 2>/dev/null &
busy=$!
wait_file "$work/busy"
"$helper" confirm "$(cat "$work/busy")" "" "$work/port2" 100 >"$work/out2" 2>&1
grep -q "is in use: choose another with --port" "$work/out2"; ok $? "busy --port: clear message"
kill "$busy" 2>/dev/null
done_testing
