#!/bin/sh
# The wizard in line mode: answers piped into stdin, the site file checked afterwards.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"

site="$TMPD/site.xml"; orig="$TMPD/orig.xml"
make_site "$orig"

run() {   # run ANSWERS... : one answer per line; output in $TMPD/out, status in $rc
    cp "$orig" "$site"
    printf '%s\n' "$@" | "$BIN" --site "$site" --plain > "$TMPD/out" 2>&1
    rc=$?
}

# This copied demo site's active client has no key file here. A client changes itself
# (its key signs the request), so step 1 says why it cannot be changed, offers a new
# configuration by default and refuses "change" (it once failed only at Save, exit 1).
run "" "2"
[ "$rc" = 3 ]; ok $? "step 1 on an active client without its key file, then end of input: exit 3 (got $rc)"
grep -q 'can only be changed with its key.*legekontor.jwk' "$TMPD/out"; ok $? "step 1 says why, naming the missing key file"
grep -q '1\. (\*) Create a new configuration' "$TMPD/out"; ok $? "... and a new configuration is the default"
grep -q 'Error: client .* cannot be changed without its key' "$TMPD/out"; ok $? "choosing a change is refused"
cmp -s "$orig" "$site"; ok $? "the active configuration is left as it was"

# A new configuration: the draft is created in the bundled simulator, the site saved
# pending before anything else; no confirmation comes within --timeout 1: exit 3.
sed '/<helseid /,/<\/helseid>/d' "$orig" > "$site"
printf '\n\n315260183\n\n\n\n\n\n' | HELSEID_SIM="$top_builddir/helseid-sim" "$BIN" --site "$site" --plain \
    --env demo --timeout 1 --browser print > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 3 ]; ok $? "new configuration, no confirmation in time: exit 3 (got $rc)"
grep -q 'state="pending"' "$site" && grep -q '<client-id>' "$site"; ok $? "saved pending with the client id"
grep -q '<orgnr>315260183</orgnr>' "$site"; ok $? "the owner's own org number joined the sub-units"
grep -q 'no browser started (--browser=print)' "$TMPD/out"; ok $? "--browser=print: nothing launched, and said"
[ -s "$site.bak" ]; ok $? "the previous file is kept as .bak"
grep -q 'wizard-save' "$site.audit.log"; ok $? "audit log entry"
! grep -qi 'secret\|BEGIN' "$site.audit.log"; ok $? "no secrets in the audit log"

# End of input at each step: cancelled, the file untouched.
for k in 0 1 2 3 4 5 6; do
    set --; i=0
    while [ $i -lt $k ]; do set -- "$@" ""; i=$((i+1)); done
    cp "$orig" "$site"
    if [ $k = 0 ]; then : | "$BIN" --site "$site" --plain > "$TMPD/out" 2>&1; rc=$?
    else printf '%s\n' "$@" | "$BIN" --site "$site" --plain > "$TMPD/out" 2>&1; rc=$?; fi
    [ "$rc" = 3 ]; ok $? "end of input at step $k: exit 3 (got $rc)"
    cmp -s "$orig" "$site"; ok $? "end of input at step $k: site file byte-identical"
done
grep -q 'nothing was saved or sent' "$TMPD/out"; ok $? "says nothing was saved"

# A bad org number is refused with the reason; the step is asked again.
run "" "" "123456789"
grep -q 'Error: organisation number .123456789.' "$TMPD/out"; ok $? "bad owner refused with its reason"
[ "$(grep -c 'Step 2 of 6' "$TMPD/out")" -ge 2 ]; ok $? "the owner step is asked again"
cmp -s "$orig" "$site"; ok $? "nothing saved after a refusal"

# "<" goes back.
run "" "" "<"
[ "$(grep -c 'Step 1 of 6' "$TMPD/out")" = 2 ]; ok $? "< at the owner step returns to step 1"

# Persontjenesten without Begrenset/Full is refused by the rules.
run "" "" "" ""
pt=$(sed -n 's/^ *\([0-9]*\)\. \[.\] Person service.*/\1/p' "$TMPD/out")
[ -n "$pt" ]; ok $? "found Persontjenesten in the list ($pt)"
run "" "" "" "" "$pt"
grep -q 'Error: .*Person service (Persontjenesten).* needs a choice' "$TMPD/out"; ok $? "Persontjenesten without a scope refused"
[ "$(grep -c 'Step 4 of 6' "$TMPD/out")" -ge 2 ]; ok $? "the services step is asked again"

# The SFM safeguard: SFM in use and the SFM-ID emptied.
run "" "" "" "" "" "-" ""
grep -q 'Error: .*SFM' "$TMPD/out"; ok $? "empty SFM-ID refused while SFM is in use"
[ "$(grep -c 'Step 5 of 6' "$TMPD/out")" -ge 2 ]; ok $? "the SFM step is asked again"
cmp -s "$orig" "$site"; ok $? "nothing saved"
# ... and accepted with the typed confirmation word.
run "" "" "" "" "" "-" "DISCARD" "<"
grep -q 'Step 6 of 6' "$TMPD/out" && [ "$rc" = 3 ] && cmp -s "$orig" "$site"
ok $? "empty SFM-ID accepted with the confirmation: on to Bekreft (then back and out, exit $rc)"
! grep -q 'Error: .*SFM' "$TMPD/out"; ok $? "no SFM refusal this time"

# Remote or file text never reaches the terminal as control characters.
! grep -q "$(printf '\033')" "$TMPD/out"; ok $? "no escape characters in line-mode output"

# Norwegian labels and plural forms.
if use_lang nb; then
    cp "$orig" "$site"
    printf '\n\n\n\n' | "$BIN" --site "$site" --plain --lang nb > "$TMPD/out" 2>&1
    grep -q 'Steg 2 av 6: Angi konfigurasjonseier' "$TMPD/out"; ok $? "nb: step title"
    grep -q '2 underenheter (ulike organisasjonsnummer)' "$TMPD/out"; ok $? "nb: plural"
    grep -q 'Tjenester og Scope' "$TMPD/out"; ok $? "nb: Tjenester og Scope"
else
    ok 1 "could not build the nb catalog"
fi

# Usage errors.
"$BIN" --plain wizard extra > /dev/null 2>&1; [ $? = 2 ]; ok $? "operands refused (exit 2)"
"$BIN" --plain > /dev/null 2>&1 < /dev/null; [ $? = 2 ]; ok $? "no site: exit 2"
"$BIN" --site "$site" --no-input > "$TMPD/out" 2>&1; [ $? = 2 ]; ok $? "--no-input: exit 2"
grep -q "apply FILE" "$TMPD/out"; ok $? "--no-input names the alternative"
# The same rules as the full screen (issue 13 item 11): Full tilgang on the
# municipality's shared database asks the j/n question; n refuses and asks again, j
# goes on. Then the SFM step and Bekreft with the catalog's names; end of input there.
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/kommune.xml" > "$site"
printf '\n\n311590839\n\n\n6\nn\n6\nj\n\n' | HELSEID_SIM="$top_builddir/helseid-sim" "$BIN" --site "$site" \
    --plain --env demo --lang en --browser print > "$TMPD/out" 2>&1
[ "$(grep -c 'Keep this choice anyway? \[y/N\]' "$TMPD/out")" = 2 ]; ok $? "--plain: the shared-database question, asked again after n"
grep -q "Step 5 of 6" "$TMPD/out"; ok $? "--plain: j goes on to the SFM step"
grep -q "Self-service portal for HelseID in your own browser" "$TMPD/out"; ok $? "--plain: CGM's SFM-ID hint"
grep -q "Person service (Persontjenesten): Full access (requires legal basis)" "$TMPD/out"; ok $? "--plain: Bekreft with the catalog's names"
grep -q "7 added, 0 removed, 0 unchanged" "$TMPD/out"; ok $? "--plain: the sub-unit count of step 3"
# A current user born after today (issue 11 item 8): the wizard's preflight and plan
# both refuse the birth date and the fødselsnummer as born in the future.
sed -e '/<helseid /,/<\/helseid>/d' -e 's/birth-date="1966-05-17" fnr="17856642097"/birth-date="2035-10-22" fnr="22103577741"/' \
    "$top_srcdir/data/demo/legekontor.xml" > "$site"
printf '\n' | HELSEID_SIM="$top_builddir/helseid-sim" "$BIN" --site "$site" --plain --env demo --lang en \
    --browser print > "$TMPD/out" 2>&1
grep -q 'Error\] birth date "2035-10-22" is invalid: born in the future' "$TMPD/out" &&
    grep -q "Error\] the current user's fødselsnummer is invalid: born in the future" "$TMPD/out"
ok $? "--plain: a birth date and fødselsnummer after today are errors of their own"
printf '{ "format": 1, "owner": "315260183", "services": { "kjernejournal": [] } }\n' > "$TMPD/want.json"
HELSEID_SIM="$top_builddir/helseid-sim" "$BIN" --site "$site" --env demo --lang en plan "$TMPD/want.json" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q 'error preflight.user_fnr: .*born in the future' "$TMPD/out" &&
    grep -q 'error preflight.user_birth_date: .*born in the future' "$TMPD/out"
ok $? "plan: the same errors, exit 1 (got $rc)"
done_testing
