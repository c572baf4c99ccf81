#!/bin/sh
# make demo: start helseid-sim on a free loopback port, then run helseid-admin
# against it with a scratch copy of the demo site file. Everything is synthetic.
#   usage: demo.sh BUILDDIR SRCDIR PYTHON3 [helseid-admin arguments...]
#   DEMO_SITE (default data/demo/kommune.xml), DEMO_PROPAGATION (default 3-20).
set -e
builddir=$1 srcdir=$2 py=$3
shift 3
site=${DEMO_SITE:-$srcdir/data/demo/kommune.xml}
if [ ! -r "$site" ]; then
    echo "demo: site file '$site' not found (set DEMO_SITE)" >&2
    exit 1
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/helseid-demo.XXXXXX")
sim=
cleanup() { [ -n "$sim" ] && kill "$sim" 2>/dev/null && wait "$sim" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$site" "$dir/site.xml"
(umask 077; printf 'demo-api-key\n' >"$dir/api-key")
mkfifo "$dir/urls"
HELSEID_ADMIN_DATADIR=${HELSEID_ADMIN_DATADIR:-$srcdir/data} \
    "$builddir/helseid-sim" --port 0 --ca-out "$dir/ca.pem" --state "$dir/sim-state.json" \
    --propagation "${DEMO_PROPAGATION:-3-20}" >"$dir/urls" 2>"$dir/sim.log" &
sim=$!
read -r line <"$dir/urls" || { cat "$dir/sim.log" >&2; exit 1; }
url() { printf '%s' "$line" | "$py" -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
echo "helseid-sim: $(url authority)  (simulator state: $dir/sim-state.json)"
status=0
"$builddir/helseid-admin" --env demo --site "$dir/site.xml" \
    --authority "$(url authority)" --selvbetjening-api "$(url selvbetjening_api)" \
    --selvbetjening-web "$(url selvbetjening_web)" --brreg "$(url brreg)" \
    --ca-file "$dir/ca.pem" --api-key-file "$dir/api-key" "$@" || status=$?
exit $status
