#!/bin/sh
# The wizard's remote facts under tmux (DESIGN.md §2, steps 0-4) against helseid-sim:
# the preflight's reach checks, Enhetsregisteret on the owner step (name and form,
# the parent offered for an organisasjonsledd and a sub-unit, refusals), and for a
# client the simulator knows, HelseID's sub-units and the services' status.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
command -v tmux > /dev/null || { echo "1..0 # SKIP tmux not installed"; exit 0; }
unset HELSEID_AUTHORITY HELSEID_SELVBETJENING_API HELSEID_SELVBETJENING_WEB HELSEID_BRREG HELSEID_CA_FILE
sim_pid=
trap 'T kill-server 2>/dev/null; [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMPD"' EXIT
WAIT_SECS=30
TENV="HELSEID_SIM='$top_builddir/helseid-sim' TMPDIR='$TMPD'"
site="$TMPD/site.xml"
make_site "$site" kommune

# 1. --env demo starts the simulator; the preflight lists every host and the clock.
tstart 80 24 --site "$site" --env demo --lang en
twait "HelseID STS (127.0.0.1) reachable"; ok $? "preflight: the STS reach check"
screen | grep -qF "Enhetsregisteret (127.0.0.1) reachable"; ok $? "preflight: Enhetsregisteret reach check"
screen | grep -qF "Selvbetjening API (127.0.0.1) reachable"; ok $? "preflight: Selvbetjening API reach check"
screen | grep -qF "the clock agrees with HelseID's"; ok $? "preflight: the clock check"

# 2. The owner step: the saved owner with its name and form from Enhetsregisteret.
keys Enter; twait "Step 1 of 6"
keys Space Enter; twait "Step 2 of 6"; ok $? "owner step"
keys C-u 3 1 1 5 9 0 8 3 9 Enter
twait "Enhetsregisteret: NORDRE TESTKOMMUNE (KOMM)"; ok $? "owner: 311590839 is Nordre testkommune, KOMM"
screen | grep -qF "Step 2 of 6"; ok $? "a new number stays once to show its name"

# An organisasjonsledd is refused and its parent offered, checked: Enter takes it.
keys C-u 3 1 0 1 6 6 1 3 8 Enter
twait "Use the parent entity 311590839 instead"; ok $? "ORGL 310166138: the parent is offered"
screen | grep -q "Error: .*310166138.*organisasjonsledd"; ok $? "ORGL: the reason is shown"
keys Enter; twait "Step 3 of 6"; ok $? "Enter takes the parent and moves on"
keys Escape; twait "(y/n)"; keys y; twait "Step 2 of 6"
screen | grep -qF "[311590839 "; ok $? "the owner field now holds the parent"

# A sub-unit: a warning, and the top legal entity (past its organisasjonsledd) offered.
keys C-u 3 1 1 8 6 0 9 1 7 Enter
twait "Use the parent entity 311590839 instead"; ok $? "sub-unit 311860917: the top entity is offered"
screen | grep -q "311860917.*is a sub-unit\|is a sub-unit.*311860917\|not a legal entity"; ok $? "sub-unit: says it is not a legal entity"
# Space unchecks the offer: the sub-unit itself is only a warning, so it is kept.
keys Tab Space Enter; twait "Step 3 of 6"; ok $? "the offer declined, a sub-unit owner is allowed with a warning"
keys Escape; twait "(y/n)"; keys y; twait "Step 2 of 6"
screen | grep -qF "[311860917 "; ok $? "the typed sub-unit was kept"

# Deleted and unknown organisations are refused.
# The reason shows under the field while typing (tests/e2e/owner-live.sh); Enter's
# refusal is the same finding (shown once, lines joined: it may be wrapped).
refused() { screen | tr -s ' \n' '  ' | grep -q "Error: .*$1"; }
keys C-u 2 1 7 9 7 5 4 3 3 Enter
tpoll refused "is deleted in Enhetsregisteret"; ok $? "deleted 217975433 refused"
screen | grep -qF "Step 2 of 6"; ok $? "still on the owner step"
keys C-u 2 1 7 5 7 4 9 1 9 Enter
tpoll refused "is not in Enhetsregisteret"; ok $? "unknown 217574919 refused"

# 3. The sub-units step: næringskode hints from the owner's sub-unit lists.
keys C-u 3 1 1 5 9 0 8 3 9 Enter; twait "NORDRE TESTKOMMUNE"; keys Enter; twait "Step 3 of 6"; ok $? "sub-units step"
twait "None registered in HelseID yet."; ok $? "no client: none registered in HelseID yet"
keys Escape; twait "(y/n)"; keys y; twait "Step 2 of 6"
keys Escape; twait "(y/n)"; keys y; twait "Step 1 of 6"
keys Escape; twait "(y/n)"; keys y; twait "Step 0 of 6"
keys Escape; twait "(y/n)"; keys y
[ "$(texit)" = 3 ]; ok $? "leaving exits 3"

# 4. Offline: a test environment that cannot be reached still runs the wizard.
tstart 80 24 --site "$site" --env test --authority https://127.0.0.1:9 \
    --selvbetjening-api https://127.0.0.1:9 --selvbetjening-web https://127.0.0.1:9 \
    --brreg https://127.0.0.1:9 --lang en
twait "HelseID STS (127.0.0.1)"; ok $? "offline: the reach checks are listed"
screen | grep -q "^ *Warning .*HelseID STS"; ok $? "offline: an unreachable host is a warning"
keys Enter; twait "Step 1 of 6"; ok $? "offline: the wizard goes on (nothing is sent before the hand-off)"
keys Space Enter; twait "Step 2 of 6"
keys C-u 3 1 1 5 9 0 8 3 9
twait 'cannot verify "311590839" in Enhetsregisteret'; ok $? "offline: the owner look-up failure is a warning with its cause"
screen | grep -qF "[311590839 "; ok $? "offline: the typed number is kept"
keys Enter; twait "Step 3 of 6"; ok $? "offline: a failed look-up does not block"
twait "cannot read the sub-units from Enhetsregisteret"; ok $? "offline: the sub-unit hints say why they are missing"
keys Escape; twait "(y/n)"; keys y; twait "Step 2 of 6"
keys Escape; twait "(y/n)"; keys y; twait "Step 1 of 6"
keys Escape; twait "(y/n)"; keys y; twait "Step 0 of 6"
keys Escape; twait "(y/n)"; keys y; texit > /dev/null

# 5. A client the simulator knows: a draft with Kjernejournal (approved at once) and
# Persontjenesten full access (pending until NHN approves), confirmed, imported.
: > "$TMPD/urls.json"
"$top_builddir/helseid-sim" --port 0 --ca-out "$TMPD/ca.pem" --auto-confirm \
    > "$TMPD/urls.json" 2> "$TMPD/sim.log" &
sim_pid=$!
tpoll test -s "$TMPD/urls.json"; ok $? "helseid-sim started"
j() { "$PYTHON3" -c "import json; print(json.load(open('$TMPD/urls.json'))['$1'])"; }
"$PYTHON3" - "$TMPD" <<'PY'
import json, sys
w = sys.argv[1]
d = json.load(open(w + "/urls.json")); d["ca_file"] = w + "/ca.pem"
json.dump(d, open(w + "/urls.json", "w"))
PY
"$PYTHON3" "$top_srcdir/tests/e2e/make-client.py" "$TMPD/urls.json" "$TMPD/download.json" \
    311590839 311860917 nhn:kjernejournal/innlogging nhn:hgd-persontjenesten-api/full-access \
    > "$TMPD/make.out" 2>&1
ok $? "a client made through the simulator's API: $(tail -n 1 "$TMPD/make.out")"
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/kommune.xml" > "$TMPD/live.xml"
set -- --env demo --authority "$(j authority)" --selvbetjening-api "$(j selvbetjening_api)" \
    --selvbetjening-web "$(j selvbetjening_web)" --brreg "$(j brreg)" --ca-file "$TMPD/ca.pem"
"$BIN" "$@" --site "$TMPD/live.xml" import "$TMPD/download.json" > "$TMPD/import.out" 2>&1
ok $? "helseid-admin import: $(tail -n 1 "$TMPD/import.out")"
# -v traces every request to stderr, here a file: the caching is counted below.
tstart_traced() {
    w=$1 h=$2; shift 2
    rm -f "$TMPD/rc"
    printf '#!/bin/sh\n"%s" "$@" 2> "%s/trace"\necho $? > "%s/rc"\nexec cat > /dev/null\n' "$BIN" "$TMPD" "$TMPD" > "$TMPD/run.sh"
    T kill-server 2>/dev/null
    TMUX_N=$((TMUX_N + 1)); TMUX_SOCK="test$$-$TMUX_N"
    T new-session -d -x "$w" -y "$h" -s t \
        "env TERM=tmux-256color LC_ALL=${LC_ALL:-C.UTF-8} HELSEID_ADMIN_DATADIR='$HELSEID_ADMIN_DATADIR' sh '$TMPD/run.sh' $*"
    T set-option -t t status off > /dev/null
}
tstart_traced 80 24 --site "$TMPD/live.xml" "$@" --lang en -v
twait "HelseID STS (127.0.0.1) reachable"; ok $? "live: preflight"
screen | grep -qF "cannot read the client from HelseID"; [ $? = 1 ]; ok $? "live: the client was read"
keys Enter; twait "Step 1 of 6"
keys Space Enter; twait "Step 2 of 6"
keys C-u 3 1 1 5 9 0 8 3 9 Enter; twait "NORDRE TESTKOMMUNE"; keys Enter
twait "Step 3 of 6"; ok $? "live: sub-units step"
twait "Registered in HelseID"
screen | grep -q "311860917 .* 311860917"; ok $? "live: HelseID's sub-unit sits in both columns"
screen | grep -qF "None registered in HelseID yet."; [ $? = 1 ]; ok $? "live: not 'none yet'"
screen | grep -q "^ *+ 313909964"; ok $? "live: a unit HelseID lacks is marked for adding"
keys Enter; twait "Step 4 of 6"; ok $? "live: services step"
twait "Kjernejournal)  [ok]"; ok $? "live: Kjernejournal approved"
screen | grep -qF "(Persontjenesten)  [pending]"; ok $? "live: Persontjenesten full access pending"
screen | grep -qF "KPR  [not requested]"; ok $? "live: KPR not requested"
keys Escape; twait "(y/n)"; keys y; twait "Step 3 of 6"
keys Escape; twait "(y/n)"; keys y; twait "Step 2 of 6"
twait "Enhetsregisteret: NORDRE TESTKOMMUNE (KOMM)"; ok $? "live: back on the owner step, the name again"
keys Escape; twait "(y/n)"; keys y; twait "Step 1 of 6"
keys Escape; twait "(y/n)"; keys y; twait "Step 0 of 6"
keys Escape; twait "(y/n)"; keys y
[ "$(texit)" = 3 ]; ok $? "live: leaving exits 3, nothing saved"
# Each number is asked once however often the screens are drawn; the sub-units come
# as one paged list (page 0 once), and the client is read once.
[ "$(grep -c '^> GET /.*/enheter/311590839 ' "$TMPD/trace")" = 1 ]; ok $? "owner look-up cached: one GET /enheter/311590839"
[ "$(grep -c '^> GET /.*/underenheter?overordnetEnhet=311590839&page=0' "$TMPD/trace")" = 1 ]; ok $? "sub-unit list read once"
[ "$(grep -c '^> GET /.*/v1/client ' "$TMPD/trace")" = 1 ]; ok $? "the live client read once"
! grep -Eq 'eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+' "$TMPD/trace"; ok $? "the trace shows no token"
done_testing
