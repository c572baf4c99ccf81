#!/bin/sh
# --help and man/helseid-admin.8 must not drift: every option and command that
# --help lists is documented in the man page, and every option the man page
# documents is known to --help.
. "$top_srcdir/tests/lib.sh"
bin="$top_builddir/helseid-admin"
man="$top_srcdir/man/helseid-admin.8"
help=$(LANGUAGE= LC_ALL=C "$bin" --help)
ok $? "--help exits 0"

for opt in $(printf '%s\n' "$help" | grep -oE '^ +(-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
    grep -qF -- "$(printf '%s' "$opt" | sed 's/-/\\\\-/g')" "$man"
    ok $? "man page documents $opt"
done
for opt in $(grep -oE '^\.B \\-\\-[a-z-]+|^\.BR? \\-\\-[a-z-]+' "$man" | grep -oE '[a-z-]+$'); do
    printf '%s\n' "$help" | grep -qE -- "--$opt\b"
    ok $? "--help lists --$opt from the man page"
done
for cmd in $(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/p' | grep -oE '^  [a-z-]+' ); do
    grep -qE "^\.SS \"?$cmd\b" "$man"
    ok $? "man page has a section for the $cmd command"
done
done_testing
