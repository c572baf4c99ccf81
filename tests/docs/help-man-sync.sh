#!/bin/sh
# --help and man/helseid-admin.8 must not drift: every option and command that
# --help lists is documented in the man page, and every option the man page's
# OPTIONS section documents is known to --help.
. "$top_srcdir/tests/lib.sh"
bin="$top_builddir/helseid-admin"
man=$(sed 's/\\-/-/g' "$top_srcdir/man/helseid-admin.8")
help=$(LANGUAGE= LC_ALL=C "$bin" --help)
ok $? "--help exits 0"

help_opts=$(printf '%s\n' "$help" | grep -oE '^ +(-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+')
man_opts=$(printf '%s\n' "$man" | sed -n '/^\.SH OPTIONS/,/^\.SH /p' |
           grep -E '^\.(B|BR) ' | grep -oE -- '--[a-z-]+' | sort -u)
for opt in $help_opts; do
    printf '%s\n' "$man_opts" | grep -qxF -- "$opt"
    ok $? "man page documents $opt"
done
for opt in $man_opts; do
    printf '%s\n' "$help_opts" | grep -qxF -- "$opt"
    ok $? "--help lists $opt from the man page"
done
for cmd in $(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/p' | grep -oE '^  [a-z-]+'); do
    printf '%s\n' "$man" | grep -qE "^\.SS \"?$cmd( |\"|$)"
    ok $? "man page has a section for the $cmd command"
done
done_testing
