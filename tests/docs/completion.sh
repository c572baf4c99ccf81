#!/bin/sh
# The completions offer what --help lists: bash every command, the global options
# (short ones too) and each command's own options (`CMD --help`), and no option of
# another command; zsh and fish name every command and option and parse.
. "$top_srcdir/tests/lib.sh"
comp="$top_srcdir/data/completion/helseid-admin"
bin="$top_builddir/helseid-admin"
help=$(LANGUAGE= LC_ALL=C "$bin" --help)
complete_words() {   # complete_words WORD... : the candidates for the last word
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _helseid_admin; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$comp" "$@"
}
opts_of() { grep -oE '^ +(-[a-z], )?--[a-z-]+' | grep -oE -- '(-[a-z]|--[a-z-]+)'; }
bash -n "$comp"; ok $? "completion script parses"
cmds=$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/p' | grep -oE '^  [a-z-]+')
got=$(complete_words helseid-admin "")
for c in $cmds; do
    printf '%s\n' "$got" | grep -qxF "$c"; ok $? "completes the command $c"
done
got=$(complete_words helseid-admin -)
for o in $(printf '%s\n' "$help" | opts_of); do
    printf '%s\n' "$got" | grep -qxF -- "$o"; ok $? "completes the global option $o"
done
all_own=$(for c in $cmds; do "$bin" "$c" --help | sed -n '/^Options:/,/^$/p' | opts_of; done | sort -u)
for c in $cmds; do
    own=$("$bin" "$c" --help | sed -n '/^Options:/,/^$/p' | opts_of)
    got=$(complete_words helseid-admin --env test "$c" --)
    for o in $own; do
        printf '%s\n' "$got" | grep -qxF -- "$o"; ok $? "$c: completes its option $o"
    done
    for o in $all_own; do
        printf '%s\n' "$own" | grep -qxF -- "$o" && continue
        printf '%s\n' "$got" | grep -qxF -- "$o"; [ $? = 1 ]; ok $? "$c: does not offer $o"
    done
done
[ "$(complete_words helseid-admin --env "" | sort | tr '\n' ' ')" = "demo prod test " ]; ok $? "completes --env values"
[ "$(complete_words helseid-admin --lang n | sort | tr '\n' ' ')" = "nb nn " ]; ok $? "completes --lang values"
[ "$(complete_words helseid-admin --env test validate o)" = orgnr ]; ok $? "completes validate's kinds after options"
[ "$(complete_words helseid-admin -s site.xml help ap)" = apply ]; ok $? "completes help's command after a short option with its value"
[ "$(complete_words helseid-admin rotate-key --key-alg P)" = PS256 ]; ok $? "completes --key-alg values"

# zsh and fish: every command and option is named, and the scripts parse.
for f in _helseid-admin helseid-admin.fish; do
    script="$top_srcdir/data/completion/$f"
    for c in $cmds; do
        grep -qE "(^|[ '\"])$c([: '\"]|\$)" "$script"; ok $? "$f names the command $c"
    done
    for o in $(printf '%s\n' "$help" | opts_of; printf '%s\n' "$all_own"); do
        case $f in
            *.fish) name=${o#--}; name=${name#-}; grep -qE -- "-(l|s) $name( |\$)" "$script" ;;
            *) grep -qE -- "(^|[^a-z-])$o([^a-z-]|\$)" "$script" ;;
        esac
        ok $? "$f completes $o"
    done
done
if command -v zsh >/dev/null; then
    zsh -n "$top_srcdir/data/completion/_helseid-admin"; ok $? "zsh completion parses"
fi
if command -v fish >/dev/null; then
    fish --no-execute "$top_srcdir/data/completion/helseid-admin.fish"; ok $? "fish completion parses"
fi
done_testing
