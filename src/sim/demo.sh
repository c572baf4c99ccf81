#!/bin/sh
# make demo: the wizard against the bundled simulator, on a scratch copy of a demo
# site file. helseid-admin --env demo starts helseid-sim itself on a free loopback
# port (and stops it afterwards); everything is synthetic.
#   usage: demo.sh BUILDDIR SRCDIR [helseid-admin arguments...]
#   DEMO_SITE (default data/demo/kommune.xml), DEMO_LANG (default nb),
#   HELSEID_DEMO_AUTO_CONFIRM=1 for an unattended demo (shown on screen).
set -e
builddir=$1 srcdir=$2
shift 2
site=${DEMO_SITE:-$srcdir/data/demo/kommune.xml}
if [ ! -r "$site" ]; then
    echo "demo: site file '$site' not found (set DEMO_SITE)" >&2
    exit 1
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/helseid-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM
cp "$site" "$dir/site.xml"
echo "demo: site file $dir/site.xml (a copy; removed afterwards)"
status=0
HELSEID_SIM="$builddir/helseid-sim" HELSEID_ADMIN_DATADIR="$srcdir/data" \
HELSEID_ADMIN_LOCALEDIR="$builddir/tests/locale" \
    "$builddir/helseid-admin" --env demo --lang "${DEMO_LANG:-nb}" --site "$dir/site.xml" "$@" \
    || status=$?
exit $status
