#!/bin/sh
# --help and the man pages must not drift: the global options of --help and the OPTIONS
# of man/helseid-admin.8 are the same; each command's own options (CMD --help) are in
# its page man/helseid-admin-CMD.8, whose options the command all takes; the exit
# statuses of --help are documented; and every environment variable the program reads
# (getenv in src/, the simulator aside) is in the ENVIRONMENT section.
. "$top_srcdir/tests/lib.sh"
bin="$top_builddir/helseid-admin"
unman() { sed 's/\\-/-/g' "$1"; }
section_opts() {   # section_opts FILE SECTION: the --options of .B/.BR/.BI lines there
    unman "$1" | sed -n "/^\.SH $2\$/,/^\.SH /p" | grep -E '^\.(B|BR|BI) ' | grep -oE -- '--[a-z-]+' | sort -u
}
help_opts() { grep -oE '^ +(-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+'; }
man=$(unman "$top_srcdir/man/helseid-admin.8")
help=$(LANGUAGE= LC_ALL=C "$bin" --help)
ok $? "--help exits 0"

help_global=$(printf '%s\n' "$help" | help_opts)
man_opts=$(section_opts "$top_srcdir/man/helseid-admin.8" OPTIONS)
for opt in $help_global; do
    printf '%s\n' "$man_opts" | grep -qxF -- "$opt"
    ok $? "man page documents $opt"
done
for opt in $man_opts; do
    printf '%s\n' "$help_global" | grep -qxF -- "$opt"
    ok $? "--help lists $opt from the man page"
done
cmds=$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/p' | grep -oE '^  [a-z-]+')
for cmd in $cmds; do
    printf '%s\n' "$man" | grep -qE "^\.SS \"?$cmd( |\"|$)"
    ok $? "man page has a section for the $cmd command"
    page="$top_srcdir/man/helseid-admin-$cmd.8"
    [ -f "$page" ] && grep -q "^\.TH HELSEID-ADMIN-$(echo "$cmd" | tr a-z A-Z | sed 's/-/\\\\-/g') 8" "$page"
    ok $? "$cmd has its man page helseid-admin-$cmd(8)"
    chelp=$(LANGUAGE= LC_ALL=C "$bin" "$cmd" --help)
    own=$(printf '%s\n' "$chelp" | sed -n '/^Options:/,/^$/p' | help_opts)
    takes=$(printf '%s\n' "$chelp" | help_opts)
    page_opts=$(section_opts "$page" OPTIONS)
    for opt in $own; do
        printf '%s\n' "$page_opts" | grep -qxF -- "$opt"; ok $? "helseid-admin-$cmd(8) documents $opt"
        printf '%s\n' "$man" | sed -n '/^\.SH COMMAND OPTIONS$/,/^\.SH /p' | grep -qE "^\.(B|BR) $opt( |=|\$)"
        ok $? "helseid-admin(8) COMMAND OPTIONS documents $opt"
    done
    for opt in $page_opts; do
        printf '%s\n' "$takes" | grep -qxF -- "$opt"; ok $? "$cmd --help takes $opt from its man page"
    done
done
for st in $(printf '%s\n' "$help" | sed -n '/^Exit status:/,/^$/p' | grep -oE '^  [0-9]+'); do
    printf '%s\n' "$man" | sed -n '/^\.SH EXIT STATUS$/,/^\.SH /p' | grep -qxF ".B $st"
    ok $? "helseid-admin(8) documents exit status $st"
done
# Every variable read with getenv("NAME"), and the endpoint variables of net/endpoints.h.
vars=$( { grep -rhoE 'getenv\("[A-Za-z_]+"\)' "$top_srcdir/src" --include='*.c' --exclude-dir=sim |
          sed 's/getenv("\(.*\)")/\1/'
          grep -rhoE '"(HELSEID_[A-Z_]+|[a-zA-Z_]*_proxy|[A-Z_]*_PROXY)"' "$top_srcdir/src/net/endpoints.h" \
              "$top_srcdir/src/net/http_errors.c" "$top_srcdir/src/session/demo_sim.c" | tr -d '"'
        } | sort -u)
envsec=$(printf '%s\n' "$man" | sed -n '/^\.SH ENVIRONMENT$/,/^\.SH /p')
for v in $vars; do
    printf '%s\n' "$envsec" | grep -qE "^\.(B|BR) (.*[ \"])?$v([ \"]|\$)"
    ok $? "ENVIRONMENT documents \$$v"
done
for page in "$top_srcdir"/man/*.[1-8]; do
    ! grep -q 'PKGDATADIR' "$page"; ok $? "no literal PKGDATADIR in $(basename "$page")"
done
# The simulator's own reads, in helseid-sim(1).
for v in $(grep -rhoE 'getenv\("[A-Za-z_]+"\)' "$top_srcdir/src/sim" --include='*.c' | sed 's/getenv("\(.*\)")/\1/' | sort -u); do
    unman "$top_srcdir/man/helseid-sim.1" | sed -n '/^\.SH ENVIRONMENT$/,/^\.SH /p' | grep -qE "^\.(B|BR) (.*[ \"])?$v([ \"]|\$)"
    ok $? "helseid-sim(1) ENVIRONMENT documents \$$v"
done
# The statuses a command's own page must list: 7 where a confirmed client may still
# wait for HelseID's approval, 5 where the saved client may be an unconfirmed draft.
for cs in wizard:5 wizard:7 apply:5 apply:7 status:5 status:7 test-token:5 rotate-key:5; do
    unman "$top_srcdir/man/helseid-admin-${cs%:*}.8" | sed -n '/^\.SH EXIT STATUS$/,/^\.SH /p' | grep -qxF ".B ${cs#*:}"
    ok $? "helseid-admin-${cs%:*}(8) documents exit status ${cs#*:}"
done
done_testing
