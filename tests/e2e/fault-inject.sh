#!/bin/sh
# The hand-off as a journaled transaction (issue 10), against helseid-sim over TLS:
# `apply FILE` for a new client is killed (SIGKILL) or has a write, fsync, fdatasync
# or rename fail (ENOSPC, EFBIG) at every such call from HelseID's answer to the
# draft onwards (strace -e inject), then the same command runs again until it is done.
# Each time the simulator must end with exactly one confirmed client for the site
# (the site's), the site `active`, no journal and no key file but the site's.
# A background "person" confirms a draft only once the site file names it, as a person
# can only confirm a link the program has shown. Also: a unit tree at the depth limit
# and one level deeper, a site given through a symlink, and a read-only folder.
# The summary lines (# points injected, drafts created, orphans) go into the note.
. "$top_srcdir/tests/lib.sh"
: "${HELSEID_ADMIN_DATADIR:=$top_srcdir/data}"; export HELSEID_ADMIN_DATADIR
PY=/usr/bin/python3
command -v strace >/dev/null || { echo "1..0 # SKIP strace not installed"; exit 0; }
strace -f -o /dev/null true 2>/dev/null || { echo "1..0 # SKIP strace cannot trace here"; exit 0; }
# LeakSanitizer cannot run under ptrace (it aborts at exit): a sanitizer build checks
# leaks in the untraced runs of the same commands, here and in the other tests.
traced() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace "$@"; }
work_name=fault
. "$top_srcdir/tests/e2e/sim-lib.sh"
person_pid=
# sim-lib's cleanup, plus the background person and the read-only folders made here.
cleanup() {
    [ -n "$person_pid" ] && kill "$person_pid" 2>/dev/null
    [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
    wait 2>/dev/null
    chmod -R u+w "$work" 2>/dev/null
    [ -n "$KEEP_E2E" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
unset HELSEID_SITE HELSEID_ENV HELSEID_API_KEY_FILE BROWSER DISPLAY WAYLAND_DISPLAY SSH_CONNECTION SSH_TTY
start_sim --propagation 0
admin=$(j admin)
set -- --env demo --authority "$(j authority)" --selvbetjening-api "$(j selvbetjening_api)" \
    --selvbetjening-web "$(j selvbetjening_web)" --brreg "$(j brreg)" --ca-file "$work/ca.pem" \
    --no-input
# The hand-off's own options (apply and the wizard take them; other commands refuse them).
ho="--browser print --port $("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
adm="$top_builddir/helseid-admin"

# The person: confirms a draft in the simulator once a site file under $work names it.
cat >"$work/person.py" <<'PY'
import glob, json, ssl, sys, time, urllib.request
admin, ca, work = sys.argv[1:4]
ctx = ssl.create_default_context(cafile=ca)
while True:
    try:
        s = json.load(urllib.request.urlopen(admin + "/state", context=ctx))
        named = "".join(open(f, errors="replace").read() for f in glob.glob(work + "/**/*.xml", recursive=True))
        for cid, c in s["clients"].items():
            if c.get("state") == "draft" and cid in named:
                req = urllib.request.Request(admin + "/confirm", data=json.dumps({"clientId": cid}).encode(),
                                             headers={"Content-Type": "application/json"}, method="POST")
                urllib.request.urlopen(req, context=ctx).read()
                print("confirmed", cid, flush=True)
    except Exception as e:      # a site file being replaced, or the simulator stopping
        print("person:", e, flush=True)
    time.sleep(0.1)
PY
start_person() { "$PY" "$work/person.py" "$admin" "$work/ca.pem" "$work" >>"$work/person.log" 2>&1 & person_pid=$!; }
stop_person() { kill "$person_pid"; wait "$person_pid" 2>/dev/null; person_pid=; }
start_person

# clients: "ID STATE" per client in the simulator.
clients() { "$PY" - "$admin/state" "$work/ca.pem" <<'PY'
import json, ssl, sys, urllib.request
s = json.load(urllib.request.urlopen(sys.argv[1], context=ssl.create_default_context(cafile=sys.argv[2])))
for cid, c in sorted(s["clients"].items()):
    print(cid, c.get("state"))
PY
}
site_val() { xmllint --xpath "string($2)" "$1" 2>/dev/null; }
site_state() { site_val "$1" "//*[local-name()='helseid']/@state"; }
site_client() { site_val "$1" "//*[local-name()='client-id']"; }
site_key() { site_val "$1" "//*[local-name()='key']/@file"; }

cat >"$work/want.json" <<'EOF'
{ "format": 1, "env": "demo", "owner": "315260183", "create_new": true,
  "services": { "kjernejournal": ["tillitsrammeverk"], "persontjenesten": ["restricted"] } }
EOF
fresh_site() { mkdir -p "$(dirname "$1")"; sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$1"; }

# points_after TRACE MARKER: "CLASS N" for every traced write, fsync, fdatasync and rename
# from the call whose text holds MARKER (a journal record, as strace prints it) on.
points_after() { "$PY" - "$1" "$2" <<'PY'
import re, sys
count, out, after = {}, [], False
for line in open(sys.argv[1]):
    m = re.match(r"\d+\s+(write|fsync|fdatasync|rename)\(", line)
    if not m:
        continue
    c = m.group(1)
    count[c] = count.get(c, 0) + 1
    if sys.argv[2] in line:
        after = True
    if after:
        out.append("%s %d" % (c, count[c]))
print("\n".join(out))
PY
}

# settle DIR: the same `apply` again (at most 3 runs) until the site is active.
settle() {
    sd=$1; shift
    for _ in 1 2 3; do
        [ "$(site_state "$sd/site.xml")" = active ] && return 0
        "$adm" "$@" $ho --site "$sd/site.xml" --timeout 20 apply "$work/want.json" >>"$sd/again.out" 2>>"$sd/again.err"
    done
    [ "$(site_state "$sd/site.xml")" = active ]
}

# verdict DIR BEFORE NAME: the checks after a point; adds to the totals.
drafts=0 orphans=0 points=0 unconfirmable=0
verdict() {
    dir=$1 before=$2 name=$3
    clients >"$dir/after"
    new=$(grep -v -F -f "$before" "$dir/after" || true)
    n_new=$(printf '%s\n' "$new" | grep -c . || true)
    confirmed=$(printf '%s\n' "$new" | awk '$2 == "confirmed" { print $1 }')
    id=$(site_client "$dir/site.xml") key=$(site_key "$dir/site.xml")
    keys=$(cd "$dir" && ls -- *.jwk 2>/dev/null | tr '\n' ' ')
    orph=0
    for c in $confirmed; do [ "$c" = "$id" ] || orph=$((orph + 1)); done
    for k in $keys; do [ "$k" = "$key" ] || orph=$((orph + 1)); done
    drafts=$((drafts + n_new)); orphans=$((orphans + orph))
    unconfirmable=$((unconfirmable + n_new - $(printf '%s\n' "$confirmed" | grep -c . || true)))
    [ "$(site_state "$dir/site.xml")" = active ] && [ "$confirmed" = "$id" ] && [ -n "$id" ] &&
        [ "$keys" = "$key " ] && [ ! -e "$dir/site.xml.journal" ] && [ "$orph" = 0 ]
    ok $? "$name: site active, one confirmed client ($id), key $key only, no journal; drafts $n_new, orphans $orph"
}

# made FILE: the --json document of a failed run names the client HelseID made and its key.
made() { "$PY" -c "import json, sys; r = json.load(open(sys.argv[1]))['result']; assert r['client_id'] and r['key_file'], r" "$1"; }

# ---- the reference run: where HelseID's answer to the draft is recorded ----
ref="$work/ref"
fresh_site "$ref/site.xml"
clients >"$ref/before"
traced -f -y -s 160 -o "$ref/trace" -e trace=write,fsync,fdatasync,rename \
    "$adm" "$@" $ho --site "$ref/site.xml" --timeout 20 apply "$work/want.json" >"$ref/out" 2>"$ref/err"
ok $? "reference apply under strace: $(tail -n 1 "$ref/out")"
verdict "$ref" "$ref/before" "reference run"
points_after "$ref/trace" "stage answered" >"$work/points"
[ -s "$work/points" ]
ok $? "the answer's journal record found in the trace: $(wc -l <"$work/points") calls from there on"

# ---- every point × every fault ----
i=0
while read -r class nth; do
    for fault in KILL ENOSPC EFBIG; do
        [ "$fault" = EFBIG ] && [ "$class" != write ] && continue
        i=$((i + 1))
        d="$work/p$i"
        fresh_site "$d/site.xml"
        clients >"$d/before"
        case $fault in
        KILL) inj="inject=$class:error=EIO:signal=KILL:when=$nth" ;;
        *) inj="inject=$class:error=$fault:when=$nth" ;;
        esac
        traced -f -o "$d/trace" -e trace="$class" -e "$inj" \
            "$adm" "$@" $ho --site "$d/site.xml" --timeout 20 --json apply "$work/want.json" >"$d/out.json" 2>"$d/err"
        rc=$?
        grep -q 'INJECTED\|killed by SIGKILL' "$d/trace" && points=$((points + 1))
        # A run that failed after the answer names the client (stderr and --json).
        if [ "$fault" != KILL ] && [ $rc != 0 ] && grep -q 'HelseID made client' "$d/err"; then
            made "$d/out.json"
            ok $? "$class#$nth $fault: the failed run names the client id and key file in --json"
        fi
        settle "$d" "$@"
        verdict "$d" "$d/before" "$class#$nth $fault (first run exit $rc)"
    done
done <"$work/points"

# ---- a pending draft and a different desired file; --discard-pending ----
d="$work/pending"; fresh_site "$d/site.xml"; clients >"$d/before"
stop_person
"$adm" "$@" $ho --site "$d/site.xml" --timeout 1 apply "$work/want.json" >"$d/out1" 2>"$d/err1"
[ $? = 3 ] && [ "$(site_state "$d/site.xml")" = pending ]
ok $? "a draft left pending (not confirmed within --timeout): exit 3"
pid1=$(site_client "$d/site.xml") key1=$(site_key "$d/site.xml")
"$adm" "$@" $ho --site "$d/site.xml" --timeout 1 apply "$work/want.json" >"$d/out2" 2>"$d/err2"
[ $? = 3 ] && grep -q "Resuming the confirmation of client $pid1" "$d/out2" && [ "$(site_client "$d/site.xml")" = "$pid1" ]
ok $? "the same file again resumes the same draft (create_new: true notwithstanding)"
jr="$d/site.xml.journal"
grep -q '^stage waiting$' "$jr" && grep -q "^client-id $pid1\$" "$jr" && grep -q '^loopback-port [0-9]*$' "$jr" &&
    grep -q '^loopback-secret [0-9a-f]\{32\}$' "$jr" && ! grep -q '"d"\|eyJ' "$jr" &&
    [ "$(stat -c %a "$jr")" = 600 ]
ok $? "while the draft waits, its journal entry (0600) keeps the loopback port and path segment, no key or token"
# The portal answers the draft's redirect URI (HelseID holds it from the draft): a
# resumed run must listen there, on the same path segment, to hear it.
uri=$("$PY" - "$admin/state" "$work/ca.pem" "$pid1" <<'PY'
import json, ssl, sys, urllib.request
s = json.load(urllib.request.urlopen(sys.argv[1], context=ssl.create_default_context(cafile=sys.argv[2])))
print(s["clients"][sys.argv[3]]["postClientConfirmationRedirectUri"])
PY
)
"$adm" "$@" $ho --site "$d/site.xml" --timeout 30 apply "$work/want.json" >"$d/out-c" 2>"$d/err-c" &
apid=$!
deadline=$(( $(date +%s) + 20 ))
until curl -s -o /dev/null --max-time 2 "${uri%/helseid-admin/*}/"; do   # listening (any answer)
    [ "$(date +%s)" -ge "$deadline" ] && break
    sleep 0.1
done
curl -s -o /dev/null --max-time 5 "$uri?status=Cancelled"
wait "$apid"; rc=$?
[ $rc = 5 ] && grep -q "client $pid1 is not confirmed (Cancelled)" "$d/err-c" &&
    [ "$(site_client "$d/site.xml")" = "$pid1" ] && [ "$(site_state "$d/site.xml")" = pending ]
ok $? "a resumed hand-off hears the portal's Cancelled on the draft's redirect URI: exit $rc, still pending"
sed 's/"restricted"/"full"/' "$work/want.json" >"$d/other.json"
"$adm" "$@" $ho --site "$d/site.xml" --timeout 1 apply "$d/other.json" >"$d/out3" 2>"$d/err3"
[ $? = 1 ] && grep -q -- '--discard-pending' "$d/err3" && [ "$(site_client "$d/site.xml")" = "$pid1" ]
ok $? "another desired file with a draft pending is refused, naming --discard-pending"
"$adm" "$@" $ho --site "$d/site.xml" --discard-pending apply >"$d/out4" 2>"$d/err4"
[ $? = 0 ] && [ -z "$(site_client "$d/site.xml")" ] && [ ! -e "$d/$key1" ] && [ ! -e "$d/site.xml.journal" ] &&
    grep -q "	discard-pending	.*$pid1" "$d/site.xml.audit.log"
ok $? "apply --discard-pending: client id gone, key file removed, no journal, audit line"
clients | grep -q "^$pid1 draft$"
ok $? "the discarded draft was never confirmed"

# ---- a journal entry left by an earlier run: reported, then finished ----
d="$work/left"; fresh_site "$d/site.xml"
printf 'not-the-vendor-key\n' >"$work/wrong-key"; chmod 600 "$work/wrong-key"
"$adm" "$@" $ho --site "$d/site.xml" --api-key-file "$work/wrong-key" apply "$work/want.json" >/dev/null 2>"$d/refused.err"
[ $? = 4 ] && [ "$(site_state "$d/site.xml")" = draft ] && [ -z "$(cd "$d" && ls -- *.jwk 2>/dev/null)" ] &&
    [ ! -e "$d/site.xml.journal" ]
ok $? "a draft refused by HelseID (wrong api key): the answers saved as a draft, no key file, no journal"
cp "$ref/$(site_key "$ref/site.xml")" "$d/client-left.jwk"
lid=0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
printf 'helseid-admin journal 1\nop draft\nstage answered\ncommand apply\nclient-id %s\nkey-file client-left.jwk\nend\n' \
    "$lid" >"$d/site.xml.journal"
"$adm" "$@" --site "$d/site.xml" status >"$d/status.out" 2>"$d/status.err"
grep -q "made client $lid (key file \"client-left.jwk\").*run the same apply FILE" "$d/status.err" &&
    [ -e "$d/site.xml.journal" ]
ok $? "status names the client an earlier run made and says what to do, touching nothing"
"$adm" "$@" --site "$d/site.xml" plan "$work/want.json" >/dev/null 2>"$d/plan.err"
grep -q "made client $lid" "$d/plan.err"
ok $? "plan says so too"
"$adm" "$@" $ho --site "$d/site.xml" --timeout 1 apply "$work/want.json" >"$d/apply.out" 2>"$d/apply.err"
[ $? = 3 ] && grep -q "recovered client $lid" "$d/apply.err" && [ "$(site_client "$d/site.xml")" = "$lid" ] &&
    [ "$(site_state "$d/site.xml")" = pending ] && [ ! -e "$d/site.xml.journal" ] &&
    grep -q "Resuming the confirmation of client $lid" "$d/apply.out" && grep -q '	journal-recover	' "$d/site.xml.audit.log"
ok $? "the next apply puts that client into the site file (pending) and resumes it"

# ---- limits checked before anything is sent ----
start_person
# ---- a PS256 draft killed after its answer was journaled: recovered as PS256 ----
# The second rename from the answer's record on is the site file's (the first is the
# journal's): killed there, only the journal knows the client and its key.
d="$work/ps256"; fresh_site "$d/site.xml"; clients >"$d/before"
sed 's/"create_new": true,/"create_new": true, "key_alg": "PS256",/' "$work/want.json" >"$work/want-ps.json"
nth=$(grep '^rename ' "$work/points" | sed -n 2p | cut -d' ' -f2)
traced -f -o "$d/trace" -e trace=rename -e "inject=rename:error=EIO:signal=KILL:when=$nth" \
    "$adm" "$@" $ho --site "$d/site.xml" --timeout 20 apply "$work/want-ps.json" >"$d/out1" 2>"$d/err1"
jn=$(ls "$d"/site.xml.journal* 2>/dev/null | tail -n 1)
grep -q 'killed by SIGKILL' "$d/trace" && [ -z "$(site_client "$d/site.xml")" ] && [ -n "$jn" ] &&
    grep -q '^stage answered$' "$jn" && grep -q '^alg PS256$' "$jn"
ok $? "PS256 apply killed at rename#$nth: only the journal names the client, with its algorithm (alg PS256)"
settle "$d" "$@"
verdict "$d" "$d/before" "PS256 draft recovered from the journal"
[ "$(site_val "$d/site.xml" "//*[local-name()='key']/@alg")" = PS256 ] &&
    grep -q '"kty": *"RSA"' "$d/$(site_key "$d/site.xml")" && "$adm" "$@" --site "$d/site.xml" test-token >/dev/null 2>&1
ok $? "the recovered client's key is saved as PS256 (an RSA key file) and gets a token"

deep_site() {   # deep_site FILE LEVELS
    mkdir -p "$(dirname "$1")"
    "$PY" - "$top_srcdir/data/demo/legekontor.xml" "$2" >"$1" <<'PY'
import re, sys
src = open(sys.argv[1]).read()
src = re.sub(r"\s*<helseid .*?</helseid>", "", src, flags=re.S)
levels = int(sys.argv[2])
chain = "".join('<unit name="Nivå %d" orgnr="219378653">' % i for i in range(levels - 1)) + \
        "</unit>" * (levels - 1)
print(re.sub(r"(<unit name=\"Fjordlegene AS avd. sentrum\"[^/]*)/>", r"\1>" + chain + "</unit>", src, count=1))
PY
}
d="$work/deep201"; deep_site "$d/site.xml" 202; clients >"$d/before"
"$adm" "$@" $ho --site "$d/site.xml" --timeout 20 apply "$work/want.json" >"$d/out" 2>"$d/err"
[ $? = 1 ] && grep -q 'deeper than 200 levels' "$d/err" && clients | cmp -s - "$d/before" &&
    [ -z "$(cd "$d" && ls -- *.jwk 2>/dev/null)" ]
ok $? "a unit tree deeper than 200 levels is refused before anything is sent: $(head -n 1 "$d/err")"
d="$work/deep200"; deep_site "$d/site.xml" 199; clients >"$d/before"
"$adm" "$@" $ho --site "$d/site.xml" --timeout 20 apply "$work/want.json" >"$d/out" 2>"$d/err"
ok $? "a unit tree of 200 levels is read, sent and saved: $(tail -n 1 "$d/out")"
verdict "$d" "$d/before" "200 levels"

d="$work/link"; mkdir -p "$d/real" "$d/elsewhere"; fresh_site "$d/real/site.xml"
ln -s ../real/site.xml "$d/elsewhere/site.xml"; clients >"$d/before"
"$adm" "$@" $ho --site "$d/elsewhere/site.xml" --timeout 20 apply "$work/want.json" >"$d/out" 2>"$d/err"
ok $? "a site file given through a symlink: $(tail -n 1 "$d/out")"
[ -L "$d/elsewhere/site.xml" ] && [ "$(site_state "$d/real/site.xml")" = active ] &&
    [ -z "$(cd "$d/elsewhere" && ls -- *.jwk 2>/dev/null)" ]
ok $? "the link is kept, the real file saved active, the key beside the real file"
cp -p "$d/real/"* "$d/" 2>/dev/null; verdict "$d/real" "$d/before" "symlinked site"

d="$work/ro"; fresh_site "$d/site.xml"; clients >"$d/before"
mkdir -p "$work/ro-out"
ro_run() { "$adm" "$@" $ho --site "$d/site.xml" --timeout 20 apply "$work/want.json" >"$work/ro-out/out" 2>"$work/ro-out/err"; }
if [ "$(id -u)" = 0 ]; then
    # root writes anywhere: the test runs as nobody, who owns the site but not the folder's write bit.
    chown -R nobody "$d" 2>/dev/null
    chmod 755 "$work"; chmod 777 "$work/ro-out"
    chmod 555 "$d"
    setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c '"$0" "$@" --site "'"$d"'/site.xml" --timeout 20 apply "'"$work"'/want.json" >"'"$work"'/ro-out/out" 2>"'"$work"'/ro-out/err"' "$adm" "$@" $ho
    rc=$?
else
    chmod 555 "$d"; ro_run "$@"; rc=$?
fi
chmod 755 "$d"
[ $rc = 1 ] && grep -q 'cannot write in the folder' "$work/ro-out/err" && clients | cmp -s - "$d/before" &&
    [ -z "$(cd "$d" && ls -- *.jwk 2>/dev/null)" ]
ok $? "a read-only folder is refused before anything is sent: $(head -n 1 "$work/ro-out/err")"

# A real file size limit (ulimit -f, SIGXFSZ): the site file grown with units until
# its draft fits the limit and the save after HelseID's answer (client id, key) does
# not. The run must fail naming the client, not be killed by the signal.
d="$work/fsize"; mkdir -p "$d"; printf 'not-the-vendor-key\n' >"$d/wrong"; chmod 600 "$d/wrong"
for extra in $(seq 0 40); do
    "$PY" - "$top_srcdir/data/demo/legekontor.xml" "$extra" >"$d/site.xml" <<'PY'
import re, sys
src = re.sub(r"\s*<helseid .*?</helseid>", "", open(sys.argv[1]).read(), flags=re.S)
extra = "".join('<unit name="Avdeling %02d" orgnr="219378653"/>' % i for i in range(int(sys.argv[2])))
print(re.sub(r"(<unit name=\"Fjordlegene AS avd. sentrum\"[^/]*/>)", r"\1" + extra, src, count=1))
PY
    rm -f "$d"/site.xml.*
    "$adm" "$@" $ho --site "$d/site.xml" --api-key-file "$d/wrong" apply "$work/want.json" >/dev/null 2>&1
    size=$(stat -c %s "$d/site.xml") room=$((1024 - $(stat -c %s "$d/site.xml") % 1024))
    [ "$room" -ge 10 ] && [ "$room" -le 90 ] && break
done
clients >"$d/before"
limit=$(( size + room ))       # the next KiB: what `ulimit -f` sets, in bytes (SIGXFSZ as default)
"$PY" -c 'import os, resource, signal, sys
n = int(sys.argv[1]); resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
signal.signal(signal.SIGXFSZ, signal.SIG_DFL); os.execv(sys.argv[2], sys.argv[2:])' "$limit" \
    "$adm" "$@" $ho --site "$d/site.xml" --timeout 20 --json apply "$work/want.json" 2>"$d/err" | cat >"$d/out.json"
rc=$(grep -o '"exit":[[:space:]]*[0-9]*' "$d/out.json" | grep -o '[0-9]*$')
[ "$rc" = 1 ] && grep -q 'HelseID made client .*File too large' "$d/err" && made "$d/out.json"
ok $? "a file size limit of $limit bytes (the site's draft is $size): the save after the answer fails, the run names the client ($(head -c 100 "$d/err"))"
settle "$d" "$@"
verdict "$d" "$d/before" "the same apply without the limit"

# ---- rotate-key: an uploaded key is polled again, never a further upload ----
nkeys() { "$PY" - "$admin/state" "$work/ca.pem" "$1" <<'PY'
import json, ssl, sys, urllib.request
s = json.load(urllib.request.urlopen(sys.argv[1], context=ssl.create_default_context(cafile=sys.argv[2])))
print(len(s["clients"][sys.argv[3]].get("keys", [])))
PY
}
rid=$(site_client "$ref/site.xml")
rot="$work/rot-ref"; cp -r "$ref" "$rot"; before=$(nkeys "$rid")
traced -f -y -s 160 -o "$rot/trace" -e trace=write,fsync,fdatasync,rename \
    "$adm" "$@" --site "$rot/site.xml" --timeout 20 rotate-key >"$rot/out" 2>"$rot/err"
ok $? "reference rotate-key under strace: $(grep -c . "$rot/out") lines"
[ "$(nkeys "$rid")" = $((before + 1)) ]
ok $? "one key uploaded"
points_after "$rot/trace" 'op key-upload\nstage answered' >"$work/rot-points"
[ -s "$work/rot-points" ]
ok $? "the upload's journal record found in the trace: $(wc -l <"$work/rot-points") calls from there on"
rot_points=0 extra_uploads=0
while read -r class nth; do
    i=$((i + 1)); d="$work/r$i"; cp -r "$ref" "$d"; rm -f "$d"/*.retired
    before=$(nkeys "$rid") oldkey=$(site_key "$d/site.xml")
    traced -f -o "$d/rtrace" -e trace="$class" -e "inject=$class:error=EIO:signal=KILL:when=$nth" \
        "$adm" "$@" --site "$d/site.xml" --timeout 20 rotate-key >"$d/rot1.out" 2>"$d/rot1.err"
    grep -q 'killed by SIGKILL' "$d/rtrace" && rot_points=$((rot_points + 1))
    for _ in 1 2; do
        [ -e "$d/site.xml.journal" ] || [ "$(site_key "$d/site.xml")" = "$oldkey" ] || break
        "$adm" "$@" --site "$d/site.xml" --timeout 20 rotate-key >>"$d/rot2.out" 2>>"$d/rot2.err"
    done
    up=$(( $(nkeys "$rid") - before ))
    [ "$up" -gt 1 ] && extra_uploads=$((extra_uploads + up - 1))
    key=$(site_key "$d/site.xml")
    keys=$(cd "$d" && ls -- *.jwk 2>/dev/null | tr '\n' ' ')
    [ "$up" = 1 ] && [ "$key" != "$oldkey" ] && [ "$keys" = "$key " ] && [ ! -e "$d/site.xml.journal" ] &&
        "$adm" "$@" --site "$d/site.xml" test-token >/dev/null 2>&1
    ok $? "rotate-key killed at $class#$nth, run again: one upload ($up), the new key in use and working, no stray key file"
done <"$work/rot-points"
echo "# rotate-key: points injected: $rot_points, uploads beyond one: $extra_uploads"

# The new key does not work within --timeout (HelseID has not taken it into use yet):
# the old key stays, and the next runs wait for that key again, never a further upload.
hold_keys() { curl -s -f --cacert "$work/ca.pem" -H 'Content-Type: application/json' -d "{\"hold\": $1}" \
                  "$admin/hold-new-keys" >/dev/null; }
d="$work/rot-timeout"; cp -r "$ref" "$d"; rm -f "$d"/*.retired
before=$(nkeys "$rid") oldkey=$(site_key "$d/site.xml")
hold_keys true
"$adm" "$@" --site "$d/site.xml" --timeout 3 rotate-key >"$d/t1.out" 2>"$d/t1.err"
rc=$?
[ $rc = 3 ] && grep -q 'does not work yet' "$d/t1.err" && [ "$(site_key "$d/site.xml")" = "$oldkey" ] &&
    [ "$(nkeys "$rid")" = $((before + 1)) ] && grep -q '^op key-upload$' "$d/site.xml.journal"
ok $? "rotate-key whose new key does not work within --timeout: exit $rc, the old key kept, the upload journaled"
"$adm" "$@" --site "$d/site.xml" --timeout 3 rotate-key >"$d/t2.out" 2>"$d/t2.err"
rc=$?
[ $rc = 3 ] && [ "$(nkeys "$rid")" = $((before + 1)) ] && [ "$(site_key "$d/site.xml")" = "$oldkey" ]
ok $? "run again while HelseID still has not taken it: exit $rc, no further upload"
hold_keys false
"$adm" "$@" --site "$d/site.xml" --timeout 20 rotate-key >"$d/t3.out" 2>"$d/t3.err"
rc=$?
[ $rc = 0 ] && [ "$(nkeys "$rid")" = $((before + 1)) ] && [ "$(site_key "$d/site.xml")" != "$oldkey" ] &&
    [ ! -e "$d/site.xml.journal" ] && "$adm" "$@" --site "$d/site.xml" test-token >/dev/null 2>&1
ok $? "once HelseID takes it, the next run puts that key into use: one upload in all, no journal"

d="$work/prune"; cp -r "$rot" "$d"
ls "$d"/*.retired >/dev/null 2>&1
ok $? "a retired key file exists after the rotation"
"$adm" "$@" --site "$d/site.xml" --timeout 20 --prune-retired rotate-key >"$d/out" 2>"$d/err" &&
    [ "$(ls "$d"/*.retired | wc -l)" = 2 ]
ok $? "rotate-key --prune-retired keeps keys retired less than 30 days ago"
"$adm" "$@" --site "$d/site.xml" --timeout 20 --prune-retired=0 rotate-key >"$d/out0" 2>"$d/err0" &&
    ! ls "$d"/*.retired >/dev/null 2>&1 && grep -q '	prune-retired	' "$d/site.xml.audit.log"
ok $? "rotate-key --prune-retired=0 removes every retired key file, with audit lines"

echo "# points injected: $points (write, fsync, fdatasync, rename from the answer's journal record on; SIGKILL, ENOSPC, EFBIG)"
echo "# drafts created: $drafts, of them never confirmable (their answer was never recorded, their key removed): $unconfirmable"
echo "# orphans (a confirmed client the site does not name, or a key file it does not use): $orphans"
[ "$orphans" = 0 ]
ok $? "no orphans"
done_testing
