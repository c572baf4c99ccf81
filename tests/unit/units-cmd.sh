#!/bin/sh
# helseid-admin units: listing, --diff, --json, errors.
. "$top_srcdir/tests/lib.sh"
bin="$top_builddir/helseid-admin"
kommune="$top_srcdir/data/demo/kommune.xml"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
unset HELSEID_SITE

out=$("$bin" --lang en units --site "$kommune"); ok $? "units lists the demo municipality"
[ "$(printf '%s\n' "$out" | wc -l)" = 7 ]; ok $? "7 distinct org numbers for 10 units"
printf '%s\n' "$out" | grep -qx '311860917 (Nordre legekontor, NL_Fastlege, NL_Timebok)'
ok $? "a shared org number lists all its units, CGM style"
printf '%s\n' "$out" | grep -qx '310166138 (Nordre helse og omsorg)'; ok $? "single unit line"

HELSEID_SITE="$kommune" "$bin" --lang en units >/dev/null; ok $? "HELSEID_SITE is used"

# The site opened as every command opens it: an earlier run's journal is reported, and
# a site file others may write is refused.
cp "$kommune" "$tmp/site.xml"
printf 'helseid-admin journal 1\nop draft\nstage answered\ncommand apply\nclient-id c1\nkey-file client-x.jwk\nend\n' \
    >"$tmp/site.xml.journal"
"$bin" --lang en units --site "$tmp/site.xml" >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && grep -q 'made client c1 (key file "client-x.jwk")' "$tmp/err" && [ -s "$tmp/out" ] &&
    [ -e "$tmp/site.xml.journal" ]
ok $? "units reports an earlier run's unfinished journal entry and touches nothing"
rm -f "$tmp/site.xml.journal"; chmod 666 "$tmp/site.xml"
"$bin" --lang en units --site "$tmp/site.xml" >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q 'site.xml' "$tmp/err"
ok $? "a site file others may write is refused: $(cat "$tmp/err")"
chmod 644 "$tmp/site.xml"

cat >"$tmp/list" <<'LIST'
# childOrganizationNumbers as HelseID lists them
311860917
  310166138   # organisasjonsledd

315260183
311860917
LIST
out=$("$bin" --lang en units --site "$kommune" --diff "$tmp/list"); ok $? "units --diff"
printf '%s\n' "$out" | grep -qx '+ 313909964 (Nordre legevakt)'; ok $? "diff: added with +"
printf '%s\n' "$out" | grep -qx -- '- 315260183'; ok $? "diff: removed with -"
printf '%s\n' "$out" | grep -qx '  311860917 (Nordre legekontor, NL_Fastlege, NL_Timebok)'
ok $? "diff: unchanged with a space"
[ "$(printf '%s\n' "$out" | tail -n 1)" = "5 sub-units to add, 1 sub-unit to remove, 2 sub-units unchanged" ]
ok $? "diff: plural-correct summary"

printf '315181909\n310166138\n311590839\n313909964\n310308242\n318219931\n311860917\n' >"$tmp/same"
out=$("$bin" --lang en units --site "$kommune" --diff "$tmp/same" | tail -n 1)
[ "$out" = "0 sub-units to add, 0 sub-units to remove, 7 sub-units unchanged" ]; ok $? "diff: no changes"

printf '311860917\n12345\n' >"$tmp/bad"
out=$("$bin" --lang en units --site "$kommune" --diff "$tmp/bad")
printf '%s\n' "$out" | grep -q -- '- 12345  (invalid organisation number)'; ok $? "diff: invalid number kept and flagged"

out=$("$bin" --lang en units --site "$kommune" --diff "$tmp/list" --json); ok $? "units --diff --json"
printf '%s' "$out" | "$PYTHON3" -c '
import json, sys
d = json.load(sys.stdin)
assert [e["orgnr"] for e in d["removed"]] == ["315260183"], d["removed"]
assert len(d["added"]) == 5 and len(d["unchanged"]) == 2
u = [e for e in d["unchanged"] if e["orgnr"] == "311860917"][0]
assert u["units"] == ["Nordre legekontor", "NL_Fastlege", "NL_Timebok"] and u["valid"] is True
'; ok $? "json: one document with added/removed/unchanged and unit names"
out=$("$bin" units --site "$kommune" --json)
printf '%s' "$out" | "$PYTHON3" -c '
import json, sys
d = json.load(sys.stdin)
assert len(d["orgnrs"]) == 7 and all(e["valid"] for e in d["orgnrs"])
'; ok $? "json: plain listing"

"$bin" --lang en units >"$tmp/out" 2>"$tmp/err"; st=$?
[ $st = 2 ] && grep -q -- '--site' "$tmp/err"; ok $? "no site: usage error 2 naming --site"
"$bin" --lang en units --site "$tmp/none.xml" 2>"$tmp/err"; st=$?
[ $st = 1 ] && grep -q 'none.xml' "$tmp/err"; ok $? "missing site file: exit 1 naming it"
"$bin" --lang en units --site "$top_srcdir/tests/data/site/missing-orgnr.xml" 2>"$tmp/err"; st=$?
[ $st = 1 ] && grep -q 'missing-orgnr.xml:6: ' "$tmp/err"; ok $? "invalid site file: exit 1 with file:line"
printf '311860917 310166138\n' >"$tmp/two"
"$bin" --lang en units --site "$kommune" --diff "$tmp/two" 2>"$tmp/err"; st=$?
[ $st = 1 ] && grep -q 'two:1: ' "$tmp/err"; ok $? "bad list: exit 1 with file:line"
"$bin" --lang en units --site "$kommune" extra 2>/dev/null; [ $? = 2 ]; ok $? "operands: usage error"

# Remote and site text never puts control bytes on the terminal; --json stays UTF-8.
printf '311860917\n\033]0;pwned\007\n31\377\n' >"$tmp/hostile"
"$bin" --lang en units --site "$kommune" --diff "$tmp/hostile" >"$tmp/out"; ok $? "hostile list: listed"
! LC_ALL=C grep -q "$(printf '[\033\007\377]')" "$tmp/out"; ok $? "hostile list: no ESC, BEL or invalid UTF-8 printed"
grep -qx -- '- ?\]0;pwned?  (invalid organisation number)' "$tmp/out"; ok $? "hostile list: shown with ? marks"
"$bin" units --site "$kommune" --diff "$tmp/hostile" --json | "$PYTHON3" -c '
import json, sys
json.loads(sys.stdin.buffer.read().decode("utf-8"))
'; ok $? "hostile list: --json is valid UTF-8 JSON"
sed 's/name="NL_Fastlege"/name="NL\&#x9b;31m\&#10;Fastlege"/' "$kommune" >"$tmp/c1.xml"
"$bin" --lang en units --site "$tmp/c1.xml" >"$tmp/out"; ok $? "C1 and newline in a unit name: listed"
grep -qx '311860917 (Nordre legekontor, NL?31m?Fastlege, NL_Timebok)' "$tmp/out"
ok $? "C1 and newline in a unit name: shown as ?"

# A schema error with a long path and the Norwegian hint is cut at a character boundary.
if grep -q 'rekkef' "$HELSEID_ADMIN_LOCALEDIR/nb/LC_MESSAGES/helseid-admin.mo" 2>/dev/null; then
    d="$tmp/$(printf '%0200d' 0)/$(printf '%040d' 0)"
    mkdir -p "$d" || exit 1
    printf '<?xml version="1.0"?>\n<site xmlns="urn:helseid-admin:site:1" version="1"></site>\n' >"$tmp/empty.xml"
    bad=0 cut=0
    for pad in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45; do
        f="$d/$(printf "%0${pad}d" 0)s.xml"
        cp "$tmp/empty.xml" "$f"
        "$bin" --lang nb units --site "$f" 2>"$tmp/err"
        grep -q 'rekkefølgen)' "$tmp/err" || cut=$((cut+1))
        "$PYTHON3" -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$tmp/err" 2>/dev/null || bad=$((bad+1))
    done
    [ $cut -gt 0 ] && [ $bad = 0 ]; ok $? "long schema error in bokmål: cut, and valid UTF-8 ($cut cut, $bad invalid)"
else
    n=$((n+1)); echo "ok $n # SKIP the site translations are not compiled"
fi
done_testing
