#!/bin/sh
# Trusted files (DESIGN.md §5, Trust; OpenSSH StrictModes): a site file or folder that
# others can write, or a site file of another user, is refused before any request
# (a listener stands in for every server and records any connection); root's files
# are trusted; key paths stay in the site's folder; the api key file must not be
# readable by others; a run that cannot audit sends nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
d="$TMPD/d"; mkdir -m 700 "$d"; site="$d/site.xml"

# A listener on every URL: it records a connection if one ever comes.
$PY -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
open(sys.argv[1], "w").write("connected\n")
' "$TMPD/connected" > "$TMPD/lport" &
LPID=$!
tpoll test -s "$TMPD/lport"
lurl="https://127.0.0.1:$(cat "$TMPD/lport")"
refused() { # NAME: ran the wizard on $site; refused (exit 1), no connection, message has $2
    HELSEID_AUTHORITY="$lurl" HELSEID_SELVBETJENING_API="$lurl" HELSEID_SELVBETJENING_WEB="$lurl" \
        HELSEID_BRREG="$lurl" "$BIN" --site "$site" --plain --env demo --port "$(free_port)" \
        < /dev/null > "$TMPD/out" 2>&1
    rc=$?
    sed 's/^/# /' "$TMPD/out"
    [ "$rc" = 1 ] && grep -qF -- "$2" "$TMPD/out" && [ ! -e "$TMPD/connected" ]
    ok $? "$1: refused before any request, naming the fix (got $rc)"
}

make_site "$site"; chmod 666 "$site"
refused "site file mode 0666" "writable by other users: run chmod go-w \"$site\""
chmod 644 "$site"; chmod 777 "$d"
refused "site folder mode 0777" "folder \"$d\" is writable by other users: run chmod go-w \"$d\""
chmod 770 "$d"
refused "site folder mode 0770 (group)" "folder \"$d\" is writable by other users"
chmod 700 "$d"
if [ "$(id -u)" = 0 ]; then
    chown 65534 "$site"
    refused "site file of another user" "belongs to another user: run chown root \"$site\""
    chown 0 "$site"
    chown 65534 "$d"
    refused "site folder of another user" "folder \"$d\" belongs to another user"
    chown 0 "$d"
    # Root's files are trusted by everyone: nobody reads root's site in root's folder.
    mkdir -m 755 "$TMPD/pub"; chmod 711 "$TMPD"; make_site "$TMPD/pub/site.xml"
    setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN" --site "$TMPD/pub/site.xml" units > "$TMPD/out" 2>&1
    ok $? "root's site file in root's folder is trusted by another user"
    chmod 700 "$TMPD"
fi
kill "$LPID" 2>/dev/null

# Key paths: relative without "..", or absolute in a trusted folder.
key_ref() { sed -i "s|<key file=\"[^\"]*\"|<key file=\"$1\"|" "$site"; }
make_site "$site"
key_ref "../elsewhere/client.jwk"
"$BIN" --site "$site" units > "$TMPD/out" 2>&1; rc=$?
[ "$rc" = 1 ] && grep -q 'leaves the site.s folder' "$TMPD/out"; ok $? "key path with .. refused (got $rc)"
key_ref "keys/../../client.jwk"
"$BIN" --site "$site" units > /dev/null 2>&1; [ $? = 1 ]; ok $? "a .. inside the key path refused"
mkdir -m 1777 "$TMPD/shared"; key_ref "$TMPD/shared/client.jwk"
"$BIN" --site "$site" units > "$TMPD/out" 2>&1; rc=$?
[ "$rc" = 1 ] && grep -q "folder \"$TMPD/shared\" is writable by other users" "$TMPD/out"
ok $? "absolute key path in a world-writable folder refused (got $rc)"
mkdir -m 700 "$TMPD/keys"; key_ref "$TMPD/keys/client.jwk"
"$BIN" --site "$site" units > "$TMPD/out" 2>&1; ok $? "absolute key path in a trusted folder accepted"
key_ref "keys/client.jwk"
"$BIN" --site "$site" units > "$TMPD/out" 2>&1; ok $? "relative key path in a sub-folder accepted"

# The api key file: not readable by others. Against the simulator: no client made.
start_sim
fresh_site "$site" legekontor
printf 'demo-api-key\n' > "$TMPD/api-key"; chmod 644 "$TMPD/api-key"
printf '\n\n315260183\n\n\n\n\n\n' | HELSEID_API_KEY_FILE="$TMPD/api-key" \
    "$BIN" --site "$site" --plain --env demo --port "$(free_port)" --timeout 5 > "$TMPD/out" 2>&1
rc=$?
[ "$rc" != 0 ] && grep -qF "the api key file \"$TMPD/api-key\" can be read by other users: run chmod 600" "$TMPD/out"
ok $? "api key file mode 0644 refused, naming chmod 600 (got $rc)"
[ -z "$(client_id)" ]; ok $? "no client was made"
curl -s --cacert "$TMPD/ca.pem" "$SIM_BASE/admin/state" | $PY -c 'import json,sys; c=json.load(sys.stdin)["clients"]; sys.exit(1 if c else 0)'
ok $? "the simulator has no client"

# The audit log: a symlink there (O_NOFOLLOW) stops the run before anything is sent.
fresh_site "$site" legekontor
rm -f "$site.audit.log"; ln -s "$TMPD/elsewhere.log" "$site.audit.log"
printf '\n\n315260183\n\n\n\n\n\n' | "$BIN" --site "$site" --plain --env demo --port "$(free_port)" --timeout 5 > "$TMPD/out" 2>&1
rc=$?
sed 's/^/# /' "$TMPD/out" | tail -n 3
[ "$rc" != 0 ] && grep -q "nothing was sent, since this run could not be audited" "$TMPD/out"
ok $? "audit log is a symlink: the run stops, saying nothing was sent (got $rc)"
[ ! -e "$TMPD/elsewhere.log" ]; ok $? "nothing written through the symlink"
curl -s --cacert "$TMPD/ca.pem" "$SIM_BASE/admin/state" | $PY -c 'import json,sys; c=json.load(sys.stdin)["clients"]; sys.exit(1 if c else 0)'
ok $? "the simulator has no client"
done_testing
