#!/bin/sh
# Developer tool: bring po/ up to date with the sources.
#   1. list every source file with marked strings in po/POTFILES.in;
#   2. extract the template and merge it into each po/LANG.po (no fuzzy guesses);
#   3. fill new entries from the modules' translation fragments (po/frag/*.LANG.po);
# then report what is still untranslated. Needs gettext and python3-polib.
set -e
cd "$(dirname "$0")/.."
grep -rlE '\b(_|N_|P_)\(' src --include='*.c' --include='*.h' | LC_ALL=C sort > po/POTFILES.in
xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 --from-code=UTF-8 \
    --add-comments=TRANSLATORS: --package-name=helseid-admin --no-wrap \
    --files-from=po/POTFILES.in -o po/helseid-admin.pot
status=0
for lang in $(cat po/LINGUAS); do
    msgmerge --quiet --update --no-fuzzy-matching --no-wrap --backup=none \
        "po/$lang.po" po/helseid-admin.pot
    set -- po/frag/*."$lang".po
    [ -e "$1" ] || set --
    /usr/bin/python3 po/merge-fragments.py "$lang" "$@" || status=1
    msgattrib --no-obsolete --no-wrap -o "po/$lang.po" "po/$lang.po"
    msgfmt -c --statistics -o /dev/null "po/$lang.po"
done
rm -f po/helseid-admin.pot
exit $status
