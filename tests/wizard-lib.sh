#!/bin/sh
# Helpers for the wizard's line-mode and screen tests. Source after tests/lib.sh.
: "${top_srcdir:=.}" "${top_builddir:=.}"
HELSEID_ADMIN_DATADIR="$top_srcdir/data"; export HELSEID_ADMIN_DATADIR
unset HELSEID_SITE HELSEID_ENV NO_COLOR LANGUAGE
BIN="$top_builddir/helseid-admin"
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/wizard-test.XXXXXX") || exit 99
trap 'rm -rf "$TMPD"' EXIT

# A site that passes the preflight: the demo GP office with a current EPJ version.
make_site() {
    sed 's/version="42"/version="144"/; s/<epj-version>42</<epj-version>144</' \
        "$top_srcdir/data/demo/${2:-legekontor}.xml" > "$1"
}

# Norwegian messages before the integrator merges po/frag into po/*.po: compile
# po/LANG.po plus every fragment into a private locale tree.
use_lang() {
    lang=$1
    mkdir -p "$TMPD/locale/$lang/LC_MESSAGES" "$TMPD/frag-$lang"
    # Each fragment gets a header; msgcat keeps the first of duplicate msgids (the
    # modules' fragments share a few, such as "out of memory").
    for f in "$top_srcdir"/po/frag/*."$lang".po; do
        { printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          printf '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
          cat "$f"; } > "$TMPD/frag-$lang/${f##*/}"
    done
    msgcat --use-first -o "$TMPD/all-$lang.po" "$TMPD/frag-$lang"/*.po "$top_srcdir/po/$lang.po" || return 1
    msgfmt -o "$TMPD/locale/$lang/LC_MESSAGES/helseid-admin.mo" "$TMPD/all-$lang.po" || return 1
    HELSEID_ADMIN_LOCALEDIR="$TMPD/locale"; export HELSEID_ADMIN_LOCALEDIR
    LC_ALL=C.UTF-8; export LC_ALL
}
