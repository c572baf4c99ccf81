#!/bin/sh
# Every msgid of the catalog and the rules has a bokmål and a nynorsk translation in
# po/frag/rules.{nb,nn}.po, with matching printf formats (msgfmt --check-format).
. "$top_srcdir/tests/lib.sh"
if ! command -v xgettext >/dev/null 2>&1 || ! command -v msgfmt >/dev/null 2>&1; then
    echo "1..0 # SKIP xgettext/msgfmt not installed"; exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$top_srcdir" || exit 1
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$tmp/rules.pot" \
    src/core/catalog.c src/core/rules.c src/core/rules/*.c src/store/catalog_file.c
ok $? "xgettext extracts the msgids"
header='msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
'
for l in nb nn; do
    { printf '%s\n' "$header"; cat "po/frag/rules.$l.po"; } > "$tmp/$l.po"
    msgfmt -c --check-format -o /dev/null "$tmp/$l.po" 2>"$tmp/$l.err"
    ok $? "rules.$l.po compiles with matching formats"
    # Untranslated = in the template but not in the fragment.
    untranslated=$(msgattrib --untranslated "$tmp/$l.po" 2>/dev/null | grep -c '^msgid "[^"]')
    [ "$untranslated" = 0 ]
    ok $? "rules.$l.po: no empty translations ($untranslated)"
    # Each msgid of the template is in the fragment.
    miss=0
    msgcat --no-wrap "$tmp/rules.pot" | sed -n 's/^msgid \("..*"\)$/\1/p' > "$tmp/ids"
    msgcat --no-wrap "$tmp/$l.po" | sed -n 's/^msgid \("..*"\)$/\1/p' > "$tmp/$l.ids"
    while IFS= read -r id; do
        grep -qxF "$id" "$tmp/$l.ids" || { echo "# missing in $l: $id"; miss=$((miss + 1)); }
    done < "$tmp/ids"
    [ "$miss" = 0 ]
    ok $? "rules.$l.po has every msgid ($miss missing)"
done
done_testing
