#!/bin/sh
# `helseid-admin help CMD` shows the command's man page (man(1) with MANPATH), else
# its --help; `CMD --help` lists that command's own options and no other command's;
# --version names the copyright and the licence (COPYING: GPL-3.0-or-later).
. "$top_srcdir/tests/lib.sh"
bin="$top_builddir/helseid-admin"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/helseid-help.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
export LANGUAGE= LC_ALL=C
mkdir -p "$tmp/man/man8" "$tmp/man/man7"
for p in "$top_srcdir"/man/helseid-admin*.8; do ln -s "$p" "$tmp/man/man8/"; done
if command -v man >/dev/null; then
    MANPATH="$tmp/man" MANPAGER=cat MANWIDTH=80 "$bin" help plan > "$tmp/out" 2>&1; st=$?
    [ $st = 0 ] && grep -q 'HELSEID-ADMIN-PLAN(8)' "$tmp/out" && grep -q 'desired configuration' "$tmp/out"
    ok $? "help plan: the page helseid-admin-plan(8)"
    MANPATH="$tmp/man" MANPAGER=cat "$bin" help > "$tmp/out" 2>&1
    grep -q 'HELSEID-ADMIN(8)' "$tmp/out"; ok $? "help: the page helseid-admin(8)"
fi
MANPATH="$tmp/none" "$bin" help apply > "$tmp/out" 2> "$tmp/err"; st=$?
[ $st = 0 ] && grep -q '^Usage: helseid-admin apply \[OPTION\]... \[FILE\]' "$tmp/out" && grep -q 'no manual page helseid-admin-apply(8)' "$tmp/err"
ok $? "help apply without the page: its --help, and a note on stderr"
"$bin" help bogus 2> "$tmp/err"; [ $? = 2 ] && grep -q "unknown command 'bogus'" "$tmp/err"
ok $? "help bogus: usage error"
"$bin" apply --help > "$tmp/out"; st=$?
[ $st = 0 ] && sed -n '/^Options:/,/^$/p' "$tmp/out" | grep -q -- '--discard-pending' &&
    ! grep -q -- '--plain\|--diff\|--prune-retired' "$tmp/out"
ok $? "apply --help: its own options, no other command's"
"$bin" --help | grep -q -- '--plain'; [ $? = 1 ]; ok $? "--help: only the global options"
for st in 0 1 2 3 4 5 6 7 129 130 143; do
    "$bin" --help | grep -qE "^  $st +[a-z]"; ok $? "--help explains exit status $st"
done
# Every exit status of core/error.h's table is explained (the table --help prints).
for st in $(sed -n 's/.*X(ERR_[A-Z_]*, *\([0-9]*\)).*/\1/p' "$top_srcdir/src/core/error.h" | sort -u); do
    "$bin" --help | grep -qE "^  $st +[a-z]"; ok $? "error.h's status $st is in the exit table"
done
"$bin" --version > "$tmp/out"; st=$?
[ $st = 0 ] && head -n 1 "$tmp/out" | grep -qE '^helseid-admin [0-9]' && grep -q '^Copyright (C) ' "$tmp/out" &&
    grep -q 'GPL version 3 or later' "$tmp/out"
ok $? "--version: version, copyright and licence"
grep -q 'Version 3' "$top_srcdir/COPYING"; ok $? "COPYING is the GPL version 3 --version names"
# Options are never abbreviated, and a value given to a near name is never echoed.
"$bin" --api-key=TOPSECRET apply x.json 2> "$tmp/err"; st=$?
[ $st = 2 ] && grep -q "unknown option '--api-key'" "$tmp/err" && ! grep -q TOPSECRET "$tmp/err"
ok $? "--api-key=SECRET: unknown option, the secret not echoed"
# The same with the value apart, before the command word: not taken for the command.
"$bin" --json --api-key TOPSECRET apply x.json > "$tmp/out" 2> "$tmp/err"; st=$?
[ $st = 2 ] && grep -q "unknown option '--api-key'" "$tmp/err" && ! grep -q TOPSECRET "$tmp/err" "$tmp/out" &&
    grep -q '"ERR_USAGE"' "$tmp/out"
ok $? "--api-key SECRET apply: unknown option, the secret not echoed (stderr, --json)"
"$bin" -k TOPSECRET apply x.json 2> "$tmp/err"; [ $? = 2 ] && grep -q "unknown option '-k'" "$tmp/err" && ! grep -q TOPSECRET "$tmp/err"
ok $? "-k SECRET apply: unknown option, the secret not echoed"
"$bin" --api-key-fil=/x apply x.json 2> "$tmp/err"; [ $? = 2 ] && grep -q "unknown option '--api-key-fil'" "$tmp/err"
ok $? "no abbreviations: --api-key-fil is unknown"
"$bin" --jso validate orgnr 974760673 2> "$tmp/err"; [ $? = 2 ]; ok $? "no abbreviations: --jso is unknown"
"$bin" check --plain 2> "$tmp/err"; [ $? = 2 ] && grep -q "option '--plain' does not apply to the 'check' command" "$tmp/err"
ok $? "check --plain: usage error naming option and command"
"$bin" validate --diff x orgnr 974760673 2> "$tmp/err"; [ $? = 2 ] && grep -q "option '--diff' does not apply to the 'validate' command" "$tmp/err"
ok $? "validate --diff: usage error naming option and command"
"$bin" --json=yes validate orgnr 974760673 2> "$tmp/err"; [ $? = 2 ] && grep -q "option '--json' takes no value" "$tmp/err"
ok $? "--json=yes: takes no value"
"$bin" --site s.xml --timeout 5 --env test validate orgnr 974760673 > /dev/null 2>&1; [ $? = 2 ]
ok $? "validate --timeout: not validate's option"
"$bin" status extra 2> "$tmp/err"; [ $? = 2 ] && grep -q "unexpected operand 'extra' for 'status'" "$tmp/err"
ok $? "an extra operand: usage error"
done_testing
