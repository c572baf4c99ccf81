#!/bin/sh
# Helpers for the wizard's hand-off end-to-end tests (tests/e2e/wizard-*.sh): an own
# simulator on a free port (its URLs exported, so `--env demo` talks to it), its
# state, and the $BROWSER stand-in (tests/e2e/browser-sim.py). Source after
# tests/lib.sh, tests/wizard-lib.sh and tests/e2e/tmux-lib.sh.
PY=/usr/bin/python3
BSIM="$top_srcdir/tests/e2e/browser-sim.py"
SIM_PID=
trap '[ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null; T kill-server 2>/dev/null; rm -rf "$TMPD"' EXIT
trap 'exit 1' INT TERM HUP PIPE     # the EXIT trap above still stops the simulator
unset DISPLAY WAYLAND_DISPLAY SSH_CONNECTION SSH_TTY BROWSER HELSEID_API_KEY_FILE
command -v tmux > /dev/null || { echo "1..0 # SKIP tmux not installed"; exit 0; }

# fresh_site FILE NAME: a demo site (data/demo/NAME.xml) without a saved configuration.
fresh_site() {
    sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/$2.xml" > "$1"
}

# start_sim [SIM ARGS...]: helseid-sim --port 0; sets SIM_BASE and exports the URLs.
start_sim() {
    rm -f "$TMPD/simout"; mkfifo "$TMPD/simout" || exit 99
    "$top_builddir/helseid-sim" --port 0 --ca-out "$TMPD/ca.pem" "$@" > "$TMPD/simout" 2> "$TMPD/sim.log" &
    SIM_PID=$!
    exec 3< "$TMPD/simout"      # kept open: the simulator may write more
    read -r line <&3 || { echo "Bail out! the simulator did not start"; exit 99; }
    eval "$(printf '%s' "$line" | $PY -c '
import json, sys
d = json.load(sys.stdin)
for k, v in (("HELSEID_AUTHORITY", d["authority"]), ("HELSEID_SELVBETJENING_API", d["selvbetjening_api"]),
             ("HELSEID_SELVBETJENING_WEB", d["selvbetjening_web"]), ("HELSEID_BRREG", d["brreg"])):
    print("%s=%s; export %s" % (k, v, k))
print("SIM_BASE=https://127.0.0.1:%d" % d["port"])')"
    HELSEID_CA_FILE="$TMPD/ca.pem"; BROWSER_SIM_CA="$TMPD/ca.pem"
    export HELSEID_CA_FILE BROWSER_SIM_CA
}

# sim_check CLIENT_ID PYTHON_EXPR: GET {admin}/state; c is the client, d the document.
sim_check() {
    curl -s --cacert "$TMPD/ca.pem" "$SIM_BASE/admin/state" > "$TMPD/state.json" || return 1
    $PY - "$TMPD/state.json" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
cl = d["clients"]
c = cl.get(sys.argv[2]) if isinstance(cl, dict) else next((x for x in cl if x.get("clientId") == sys.argv[2]), None)
ok = c is not None and eval(sys.argv[3])
if not ok:
    print("# state: " + json.dumps(c)[:600])
sys.exit(0 if ok else 1)
PY
}

# site_attr XPATH: one value from the site file (xmllint, namespace ignored).
site_val() { xmllint --xpath "string($1)" "$site" 2>/dev/null; }
client_id() { site_val "//*[local-name()='client-id']"; }
site_state() { site_val "//*[local-name()='helseid']/@state"; }

# free_port: a free loopback port for --port. Other test runs on this machine may
# hold 47190-47192 at the same moment; the defaults have their own unit tests.
free_port() {
    $PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# file_has FILE TEXT: poll until FILE holds TEXT.
file_has() { tpoll grep -qF -- "$2" "$1"; }

# gp_office_to_handoff: the GP office's demo site (sets $site) walked in English at 80x24
# through every step to the hand-off (F10), with a $BROWSER that only writes the link it
# is given to $TMPD/link.
gp_office_to_handoff() {
    printf '#!/bin/sh\nprintf "%%s\\n" "$1" > "%s/link"\n' "$TMPD" > "$TMPD/open-link"
    chmod +x "$TMPD/open-link"
    mkdir "$TMPD/tmp"
    site="$TMPD/site.xml"
    fresh_site "$site" legekontor
    TENV="TMPDIR=$TMPD/tmp HELSEID_SIM=$top_builddir/helseid-sim BROWSER=$TMPD/open-link" \
        tstart 80 24 --site "$site" --env demo --lang en --port "$(free_port)"
    twait "Step 0 of 6" && keys Enter && twait "Step 1 of 6" && keys Enter && twait "Step 2 of 6" &&
        keys C-u 3 1 5 2 6 0 1 8 3 Enter && twait "Enhetsregisteret:" && keys Enter &&
        twait "Step 3 of 6" && keys Enter && twait "Step 4 of 6" && keys Enter &&
        twait "Step 5 of 6" && keys Enter && twait "Step 6 of 6" && keys F10
}
