#!/bin/sh
# The bash completion offers every command and option that --help lists, and
# completes the values of --env, --lang and validate's kinds.
. "$top_srcdir/tests/lib.sh"
comp="$top_srcdir/data/completion/helseid-admin"
help=$(LANGUAGE= LC_ALL=C "$top_builddir/helseid-admin" --help)
complete_words() {   # complete_words WORD... : the candidates for the last word
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _helseid_admin; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$comp" "$@"
}
bash -n "$comp"; ok $? "completion script parses"
cmds=$(complete_words helseid-admin "")
for c in $(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/p' | grep -oE '^  [a-z-]+'); do
    printf '%s\n' "$cmds" | grep -qxF "$c"; ok $? "completes the command $c"
done
opts=$(complete_words helseid-admin --)
for o in $(printf '%s\n' "$help" | grep -oE '^ +(-[a-z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do
    printf '%s\n' "$opts" | grep -qxF -- "$o"; ok $? "completes the option $o"
done
[ "$(complete_words helseid-admin --env "" | sort | tr '\n' ' ')" = "demo prod test " ]; ok $? "completes --env values"
[ "$(complete_words helseid-admin --lang n | sort | tr '\n' ' ')" = "nb nn " ]; ok $? "completes --lang values"
[ "$(complete_words helseid-admin --env test validate o)" = orgnr ]; ok $? "completes validate's kinds after options"
done_testing
