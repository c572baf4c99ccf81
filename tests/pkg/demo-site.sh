#!/bin/sh
# The build-tree program finds its data beside itself (no HELSEID_ADMIN_DATADIR), and
# --env demo without --site works on a kept copy of the sample site in
# $XDG_STATE_HOME/helseid-admin/demo/ (DESIGN.md §3-4, issue 12 item 2).
. "$top_srcdir/tests/lib.sh"
prog="$top_builddir/helseid-admin"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
unset HELSEID_SITE HELSEID_ENV HELSEID_AUTHORITY HELSEID_SELVBETJENING_API \
    HELSEID_SELVBETJENING_WEB HELSEID_BRREG HELSEID_CA_FILE
export HELSEID_SIM="$top_builddir/helseid-sim" TMPDIR="$tmp" XDG_STATE_HOME="$tmp/state"
kept="$tmp/state/helseid-admin/demo/site.xml"

# 1. Data beside the program: the source tree's data/, or in a separate build folder
#    (make distcheck's) the one data/source-data there names.
(cd / && env -u HELSEID_ADMIN_DATADIR "$prog" --lang=en --env=demo status) >"$tmp/out" 2>&1
ok $? "no HELSEID_ADMIN_DATADIR, run from /: the schema and sample found beside the program"
mkdir -p "$tmp/build/data"
cp "$prog" "$tmp/build/"
echo "$top_srcdir/data" >"$tmp/build/data/source-data"
(cd / && env -u HELSEID_ADMIN_DATADIR "$tmp/build/helseid-admin" --lang=en --env=demo status) >"$tmp/out" 2>&1
ok $? "a program whose data/source-data names the source data uses it"

# 2. The kept copy: private, the sample's bytes, and left alone by the next run.
HELSEID_ADMIN_DATADIR="$top_srcdir/data" "$prog" --lang=en --env=demo status >"$tmp/out" 2>&1
ok $? "--env demo status without --site: exit 0"
cmp -s "$kept" "$top_srcdir/data/demo/kommune.xml"; ok $? "the sample site is copied to XDG_STATE_HOME"
[ "$(stat -c %a "$kept")" = 600 ] && [ "$(stat -c %a "${kept%/*}")" = 700 ]
ok $? "the copy and its folder are private (0600, 0700)"
printf '<!-- kept -->\n' >>"$kept"
"$prog" --lang=en --env=demo status >/dev/null 2>&1 && grep -q '<!-- kept -->' "$kept"
ok $? "a second run uses the kept copy, not a fresh one"
rm "$kept"
"$prog" --lang=en --env=demo check >/dev/null 2>&1 && [ ! -e "$kept" ]
ok $? "check (no site needed) still runs without one"

# 3. The wizard on it, unattended: it ends, the site stays, and the hint is a command
#    that works.
rm -rf "$tmp/state"
printf '\n\n311590839\n\n\n\n\n\n\n\n' | HELSEID_DEMO_AUTO_CONFIRM=1 \
    "$prog" --lang=en --plain --env=demo --browser=print --timeout=60 >"$tmp/out" 2>"$tmp/err"
ok $? "the demo wizard without --site completes (exit 0)"
grep -q 'state="active"' "$kept"; ok $? "the kept site is active after exit"
hint=$(sed -n 's/^To see its status: //p' "$tmp/err")
[ -n "$hint" ] && grep -qF "kept in $kept" "$tmp/err"; ok $? "it says where the site is kept and how to see its status"
# Its first word is the program as it was run (a build tree's is not on PATH).
eval "set -- $hint"; program=$1; shift
[ "$program" = "$prog" ] && "$program" --lang=en "$@" >"$tmp/status" 2>&1 && grep -q '^Ready:' "$tmp/status"
ok $? "the printed status command works: $(tail -n 1 "$tmp/status")"

# 4. make demo (src/sim/demo.sh) keeps its site the same way.
rm -rf "$tmp/state"
printf '\n\n311590839\n\n\n\n\n\n\n\n' | HELSEID_DEMO_AUTO_CONFIRM=1 \
    sh "$top_srcdir/src/sim/demo.sh" "$top_builddir" "$top_srcdir" --lang=en --plain --browser=print \
    --timeout=60 >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] && grep -q 'state="active"' "$kept" && grep -qF "kept in $kept" "$tmp/err"
ok $? "make demo: its site is kept in XDG_STATE_HOME, active, and it says where"

# 5. HELSEID_ADMIN_DATADIR still wins: an empty one has no sample.
rm -rf "$tmp/state"; mkdir "$tmp/empty"
HELSEID_ADMIN_DATADIR="$tmp/empty" "$prog" --lang=en --env=demo status >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q "$tmp/empty/demo/kommune.xml" "$tmp/err"
ok $? "HELSEID_ADMIN_DATADIR overrides the lookup: $(cat "$tmp/err")"
done_testing
