#!/bin/sh
# make demo: the wizard against the bundled simulator. helseid-admin --env demo starts
# helseid-sim itself on a free loopback port (and stops it afterwards); everything is
# synthetic. The site file is kept in $XDG_STATE_HOME/helseid-admin/demo/ (default
# ~/.local/state) so `status` can be tried afterwards; remove that folder to start over.
#   usage: demo.sh BUILDDIR SRCDIR [helseid-admin arguments...]
#   DEMO_SITE=FILE   another sample than data/demo/kommune.xml (copied there once)
#   DEMO_LANG=nb|nn|en  the language; by default the one of $LANG/$LC_ALL, as installed
#   HELSEID_DEMO_AUTO_CONFIRM=1  an unattended demo (the screen says so)
# Cancelling (exit 3) or interrupting ends quietly with status 0; any other failure
# passes its exit status on.
builddir=$1 srcdir=$2
shift 2
set --  --env demo ${DEMO_LANG:+--lang "$DEMO_LANG"} "$@"
if [ -n "${DEMO_SITE:-}" ]; then
    if [ ! -r "$DEMO_SITE" ]; then
        echo "demo: site file '$DEMO_SITE' not found (DEMO_SITE)" >&2
        exit 1
    fi
    state=${XDG_STATE_HOME:-$HOME/.local/state}/helseid-admin/demo
    kept="$state/$(basename "$DEMO_SITE")"
    mkdir -p "$state" && chmod 700 "$state" || exit 1
    [ -e "$kept" ] || cp "$DEMO_SITE" "$kept" || exit 1
    set -- --site "$kept" "$@"
fi
trap '' INT    # the program handles Ctrl-C itself; we only report how it ended
HELSEID_SIM="$builddir/helseid-sim" HELSEID_ADMIN_DATADIR="$srcdir/data" \
HELSEID_ADMIN_LOCALEDIR="$builddir/tests/locale" "$builddir/helseid-admin" "$@"
status=$?
if [ -n "${DEMO_SITE:-}" ]; then
    echo "The demo's site file is kept in $kept" >&2
    echo "To see its status: $builddir/helseid-admin --env demo --site '$kept' status" >&2
fi
case $status in
0) ;;
3|129|130|143) echo "demo: ended (exit status $status)" >&2; status=0 ;;
*) echo "demo: helseid-admin failed (exit status $status)" >&2 ;;
esac
exit $status
