#!/bin/sh
# Hostile text from outside comes out neutralised, through the one sanitiser
# (core/sanitize.h): an Enhetsregisteret name in the simulator's fixture with a C1 CSI
# (U+009B), RLO (U+202E), an ESC sequence and bytes that are not UTF-8, shown by the
# wizard in --plain and in the full-screen TUI (tmux); a server error body with the
# same in an error message; hostile arguments in --json output; a site file's name in
# the TUI and in the check lists of `check` and `plan`.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
site="$TMPD/site.xml"

# The demo fixture with a hostile name for the GP office's owner, 315260183, and for
# the bankrupt 212319481 (its name then stands in an error).
$PY - "$top_srcdir/data/demo/brreg.json" "$TMPD/hostile.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for e in d["enheter"] + d.get("underenheter", []):
    if e["organisasjonsnummer"] in ("315260183", "212319481"):
        e["navn"] = "NORDRE \x9b31m LEGE\u202eKONTOR \x1b]0;pwned\x07 @@BAD@@ AS"
open(sys.argv[2], "wb").write(json.dumps(d, ensure_ascii=False).encode().replace(b"@@BAD@@", b"\xff\xfe"))
PY
# clean FILE: valid UTF-8 without C0 (but LF), DEL, C1 or bidi controls.
clean() {
    $PY - "$1" <<'PY'
import sys, unicodedata
t = open(sys.argv[1], "rb").read().decode("utf-8")     # raises on bytes that are not UTF-8
bad = [hex(ord(c)) for c in t if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f
       or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
if bad:
    print("# unsafe characters: %s" % " ".join(sorted(set(bad))))
sys.exit(1 if bad else 0)
PY
}
shown="NORDRE ?31m LEGE?KONTOR ?]0;pwned? ?? AS"

# --plain: the owner step shows the register's name.
start_sim --fixture "$TMPD/hostile.json"
fresh_site "$site" legekontor
printf '\n\n315260183\n\n\n\n\n\n' | "$BIN" --site "$site" --plain --env demo --browser print \
    --timeout 1 --port "$(free_port)" > "$TMPD/plain" 2>&1
grep -qF "Enhetsregisteret: $shown" "$TMPD/plain"; ok $? "--plain: the name with each unsafe character as ?"
clean "$TMPD/plain"; ok $? "--plain: the whole output is valid UTF-8 without controls"
# The register's name in an error (a bankrupt owner), with --json: the dialogue and its
# errors on stderr, one document on stdout.
fresh_site "$site" legekontor
printf '\n\n212319481\n' | "$BIN" --site "$site" --plain --json --env demo --browser print \
    --timeout 1 --port "$(free_port)" > "$TMPD/plain.json" 2> "$TMPD/plain.err"
grep -qF "Error: \"$shown\" (212319481) is bankrupt" "$TMPD/plain.err" && clean "$TMPD/plain.err"
ok $? "--plain --json: the error naming the register's name has ? marks; stderr clean"
$PY -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$TMPD/plain.json" &&
    tr -d '\t' < "$TMPD/plain.json" > "$TMPD/plain.json.notab" && clean "$TMPD/plain.json.notab"
ok $? "--plain --json: stdout one valid JSON document without controls"

# The TUI: the same name under the owner field, as drawn on the screen.
fresh_site "$site" legekontor
tstart 100 30 --site "$site" --env demo --lang en --browser print
twait "HelseID STS (127.0.0.1) reachable"
keys Enter; twait "Step 1 of 6"
keys Space Enter; twait "Step 2 of 6"
keys C-u 3 1 5 2 6 0 1 8 3
twait "LEGE?KONTOR"; ok $? "TUI: the name is drawn with ? for RLO"
screen > "$TMPD/screen"
sed 's/^/# /' "$TMPD/screen" | grep -F 'KONTOR'
grep -qF "NORDRE ?31m LEGE?KONTOR" "$TMPD/screen"; ok $? "TUI: C1 CSI and RLO shown as ?"
clean "$TMPD/screen"; ok $? "TUI: no RLO, C1 or ESC on the screen"
T kill-server 2>/dev/null

# A site file's own text on the TUI's first screen: a login unit named with RLO and a
# C1 CSI (XML character references; XML 1.0 has no raw ESC).
fresh_site "$site" legekontor
sed -i 's|name="Fjordlegene AS" orgnr="315260183"|name="Fjord\&#x202e;legene \&#x9b;2J AS" orgnr="315260183"|' "$site"
tstart 100 30 --site "$site" --env demo --lang en --browser print
twait "logged in on unit"; ok $? "TUI: the preflight screen lists the login unit"
screen > "$TMPD/screen"
grep -qF 'logged in on unit "Fjord?legene ?2J AS"' "$TMPD/screen"; ok $? "TUI: the site's RLO and C1 drawn as ?"
clean "$TMPD/screen"; ok $? "TUI: nothing unsafe on that screen"
T kill-server 2>/dev/null
# The same site's text in the commands' check lists (core/diag.c sanitises each).
"$BIN" --site "$site" --env demo check > "$TMPD/check" 2>&1
grep -qF 'logged in on unit "Fjord?legene ?2J AS"' "$TMPD/check" && clean "$TMPD/check"
ok $? "check: the site's RLO and C1 as ?, nothing unsafe in its output"
printf '{ "format": 1, "owner": "315260183", "services": { "kjernejournal": [] } }\n' > "$TMPD/want.json"
"$BIN" --site "$site" --env demo plan "$TMPD/want.json" > "$TMPD/plan" 2>&1
grep -qF 'logged in on unit "Fjord?legene ?2J AS"' "$TMPD/plan" && clean "$TMPD/plan"
ok $? "plan: the same in its checks and changes"
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null

# Errors: a Selvbetjening 500 whose body carries the same.
start_sim --fault '/selvbetjening/api/*:hostile:-1'
fresh_site "$site" legekontor
printf '\n\n315260183\n\n\n\n\n\n' | "$BIN" --site "$site" --plain --env demo --browser print \
    --timeout 1 --port "$(free_port)" > "$TMPD/out" 2> "$TMPD/err"
grep -F 'boom' "$TMPD/err" | sed 's/^/# /'
grep -qF 'boom ?]0;pwned??[2J ?31m ?evil ?? end' "$TMPD/err"; ok $? "error: the server's text with ? marks, on one line"
clean "$TMPD/err"; ok $? "error: stderr is valid UTF-8 without controls"

# --json: hostile arguments come back valid UTF-8, unsafe characters escaped.
"$BIN" --json validate orgnr "$(printf 'a\302\233b\342\200\256c\033[2Jd\377e')" > "$TMPD/json"
$PY - "$TMPD/json" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
d = json.loads(raw.decode("utf-8"))
v = d["results"][0]["value"]
ok = (v == "a\u009bb\u202ec\u001b[2Jd\ufffde" and b"\xc2\x9b" not in raw and b"\xe2\x80\xae" not in raw
      and b"\x1b" not in raw and b"\xff" not in raw)
print("# value: %r" % v)
sys.exit(0 if ok else 1)
PY
ok $? "--json: valid UTF-8; C1, RLO and ESC escaped, the bad byte U+FFFD"
"$BIN" --site "/nonexistent/$(printf 'x\033[2J\302\233\342\200\256\377')" units > /dev/null 2> "$TMPD/err"
clean "$TMPD/err"; ok $? "error naming a hostile argument: neutralised"

# A value HelseID holds: the live client's SFM-ID (a claim value, put in the simulator's
# saved state) is the SFM step's given value in both frontends.
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
start_sim --state "$TMPD/st.json" --auto-confirm
fresh_site "$site" legekontor
printf '{ "format": 1, "owner": "315260183", "create_new": true, "services": { "kjernejournal": [] } }\n' > "$TMPD/new.json"
"$BIN" --site "$site" --env demo --no-input --browser print --port "$(free_port)" apply "$TMPD/new.json" > /dev/null 2>&1
ok $? "a client made to carry a hostile SFM-ID"
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
$PY - "$TMPD/st.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["clients"].values():
    c["audienceSpecificClientClaims"] = [{"claimType": "e-helse:sfm.api/client/claims/sfm-id",
        "activeClaimValue": "ab\u009b2Jc\u202ed\u001b[31me", "pendingClaimValue": None,
        "status": "ok", "statusReason": None}]
json.dump(d, open(sys.argv[1], "w"))
PY
start_sim --state "$TMPD/st.json"
printf '\n\n\n\n\n\n\n\n' | "$BIN" --site "$site" --plain --env demo --browser print --timeout 1 \
    --port "$(free_port)" > "$TMPD/sfm" 2>&1
grep -F 'SFM-ID [' "$TMPD/sfm" | head -n 1 | sed 's/^/# /'
grep -qF 'SFM-ID [ab?2Jc?d?[31me]' "$TMPD/sfm" && clean "$TMPD/sfm"
ok $? "--plain: the live SFM-ID as the field's value, C1, RLO and ESC as ?"
tstart 100 30 --site "$site" --env demo --lang en --browser print
# On step 2 the saved owner's Enhetsregisteret answer first: an Enter before it only
# shows the answer (the step stays once so the name can be read).
twait "Step 0 of 6" && keys Enter && twait "Step 1 of 6" && keys Enter && twait "Step 2 of 6" &&
    twait "Enhetsregisteret:" && keys Enter &&
    twait "Step 3 of 6" && keys Enter && twait "Step 4 of 6" && keys Enter && twait "Step 5 of 6"
screen > "$TMPD/screen"
grep -F 'SFM-ID' "$TMPD/screen" | sed 's/^/# /'
grep -qF '[ab?2Jc?d?[31me' "$TMPD/screen" && clean "$TMPD/screen"
ok $? "TUI: the same value in the SFM-ID field, nothing unsafe on the screen"
T kill-server 2>/dev/null

# A path from the command line: a folder named with ESC, C1 CSI and RLO, shown safe in
# the lines that name the site or its key file.
odd="$TMPD/$(printf 'a\033[2Jb\302\233c\342\200\256d')"
mkdir -m 700 "$odd"
cp "$top_srcdir/data/demo/legekontor.xml" "$odd/site.xml"
"$BIN" --site "$odd/site.xml" --lang en status > "$TMPD/odd" 2>&1
grep -F 'Key:' "$TMPD/odd" | sed 's/^/# /'
grep -qF 'a?[2Jb?c?d/legekontor.jwk' "$TMPD/odd" && clean "$TMPD/odd"
ok $? "status: a site path with ESC, C1 and RLO is shown as ?"
done_testing
