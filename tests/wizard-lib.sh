#!/bin/sh
# Helpers for the wizard's line-mode and screen tests. Source after tests/lib.sh.
: "${top_srcdir:=.}" "${top_builddir:=.}"
HELSEID_ADMIN_DATADIR="$top_srcdir/data"; export HELSEID_ADMIN_DATADIR
unset HELSEID_SITE HELSEID_ENV NO_COLOR LANGUAGE
BIN="$top_builddir/helseid-admin"
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/wizard-test.XXXXXX") || exit 99
trap 'rm -rf "$TMPD"' EXIT

# A site that passes the preflight: a copy of a demo site (default: the GP office).
make_site() {
    cp "$top_srcdir/data/demo/${2:-legekontor}.xml" "$1"
}

# Messages in LANG from the catalogs the build compiles from po/*.po into
# $HELSEID_ADMIN_LOCALEDIR (tests/locale); C.UTF-8 so no Norwegian locale is needed;
# the tests then pass --lang.
use_lang() {
    [ -f "$HELSEID_ADMIN_LOCALEDIR/$1/LC_MESSAGES/helseid-admin.mo" ] || return 1
    LC_ALL=C.UTF-8; export LC_ALL
}
