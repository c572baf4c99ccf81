#!/bin/sh
# Translations are part of done: every source file with marked strings is listed in
# po/POTFILES.in, every msgid is in each po/LANG.po, and nothing is untranslated or fuzzy.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

unlisted=$(grep -rlE '\b(_|N_|P_)\(' src --include='*.c' --include='*.h' | sort |
           while read -r f; do grep -qxF "$f" po/POTFILES.in || echo "$f"; done)
[ -z "$unlisted" ]; ok $? "every file with translatable strings is in po/POTFILES.in${unlisted:+ (missing: $(echo $unlisted))}"

xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 --from-code=UTF-8 \
    --files-from=po/POTFILES.in -o "$tmp/all.pot" 2>"$tmp/xgettext.err"
ok $? "xgettext reads every listed file"

for lang in $(cat po/LINGUAS); do
    stats=$(msgfmt -c --statistics -o /dev/null "po/$lang.po" 2>&1)
    ok $? "po/$lang.po compiles with msgfmt -c"
    case "$stats" in *untranslated*|*fuzzy*) r=1 ;; *) r=0 ;; esac
    ok $r "po/$lang.po complete: $stats"
    missing=$(msgcmp --use-untranslated "po/$lang.po" "$tmp/all.pot" 2>&1 | grep -c 'this message is used but not defined')
    [ "$missing" = 0 ]; ok $? "po/$lang.po has every msgid of the sources ($missing missing)"
done
done_testing
