#!/bin/sh
# The Debian packages as a clinic's IT person meets them (issue 12 item 1): build them
# (make deb, which runs lintian), install them with apt-get, run the installed program
# (version, each man page, the installed demo end to end unattended, the systemd timer
# shipped disabled), purge them and check that nothing is left. Prints TAP.
# Runs as root on a Debian machine from a configured tree:  tests/pkg/deb-install.sh
cd "$(dirname "$0")/../.." || exit 1
top=$(pwd)
. "$top/tests/lib.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
pkgs="helseid-admin helseid-admin-sim"
export DEBIAN_FRONTEND=noninteractive
# The installed program alone: none of the build tree's settings.
run() { env -i PATH=/usr/bin:/bin HOME="$tmp/home" TMPDIR="$tmp" LANG=C.UTF-8 "$@"; }

rm -f helseid-admin_*.deb helseid-admin-sim_*.deb
make deb >"$tmp/deb.log" 2>&1
ok $? "make deb: built, and lintian reports no error and no warning"
# Every tag lintian reported (E, W, I, P) and every overridden one (O), then the count.
grep -E '^[EWIPO]: ' "$tmp/deb.log" | sed 's/^/# lintian: /'
echo "# lintian: $(grep -cE '^[EWIP]: ' "$tmp/deb.log") tags, $(grep -cE '^O: ' "$tmp/deb.log") overridden"
[ -f "$(ls helseid-admin_*.deb 2>/dev/null | head -n 1)" ] || { tail -n 30 "$tmp/deb.log" | sed 's/^/# /'; done_testing; exit 1; }
for p in $pkgs; do
    dpkg-deb -f "$(ls ${p}_*.deb)" Installed-Size Depends | sed "s/^/# $p: /"
done

apt-get install -y ./helseid-admin_*.deb ./helseid-admin-sim_*.deb >"$tmp/apt.log" 2>&1
ok $? "apt-get install ./helseid-admin_*.deb ./helseid-admin-sim_*.deb"
dpkg -L $pkgs >"$tmp/files" 2>/dev/null
version=$(dpkg-query -W -f '${Version}' helseid-admin)

run helseid-admin --version | head -n 1 | grep -q "^helseid-admin.* $version\$"
ok $? "helseid-admin --version names the package's version $version"
for page in $(grep '^/usr/share/man/man./' "$tmp/files" | grep '\.gz$'); do
    name=$(basename "$page" .gz)
    [ "$(run man -w "${name##*.}" "${name%.*}")" = "$page" ]
    ok $? "man -w ${name%.*}(${name##*.}) finds $page"
done
run env LANG=nb_NO.UTF-8 helseid-admin validate orgnr 311590838 2>&1 | grep -q 'ugyldig: feil kontrollsiffer'
ok $? "the installed Norwegian translation is used under LANG=nb_NO.UTF-8"
run bash -c '. /usr/share/bash-completion/completions/helseid-admin && complete -p helseid-admin' >/dev/null
ok $? "bash completion installed"

# The installed demo, unattended: no --site, the simulator confirms by itself.
printf '\n\n311590839\n\n\n\n\n\n\n\n' | run env HELSEID_DEMO_AUTO_CONFIRM=1 \
    helseid-admin --lang=en --plain --env=demo --browser=print --timeout=60 >"$tmp/demo.out" 2>&1
ok $? "installed demo: the wizard completes against the installed simulator (exit 0)"
kept="$tmp/home/.local/state/helseid-admin/demo/site.xml"
grep -q 'state="active"' "$kept"; ok $? "installed demo: its site is kept in ~/.local/state, active"
grep -qF "To see its status: helseid-admin --env demo --site '$kept' status" "$tmp/demo.out"
ok $? "installed demo: says how to see its status"
run helseid-admin --lang=en --env=demo --site "$kept" status --json >"$tmp/status.json" 2>"$tmp/status.err"
ok $? "installed demo: status exits 0"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['config']['environment'] == 'demo', d" \
    "$tmp/status.json"
ok $? "installed demo: status --json is one document for the demo client"

systemd-analyze verify /lib/systemd/system/helseid-admin-rotate.service \
    /lib/systemd/system/helseid-admin-rotate.timer >"$tmp/verify" 2>&1
ok $? "systemd-analyze verify: the rotation service and timer $(tr '\n' ' ' <"$tmp/verify")"
[ "$(systemctl --root=/ is-enabled helseid-admin-rotate.timer 2>&1)" = disabled ]
ok $? "the rotation timer is shipped disabled"
[ -f /etc/helseid-admin/config ]; ok $? "/etc/helseid-admin/config installed"

apt-get purge -y $pkgs >"$tmp/purge.log" 2>&1
ok $? "apt-get purge -y $pkgs"
left=$(while read -r f; do
           case $f in *helseid*) [ -e "$f" ] && echo "$f";; esac
           [ -f "$f" ] && echo "$f"
       done <"$tmp/files" | sort -u)
[ -z "$left" ]; ok $? "every file the packages listed is gone${left:+: $left}"
[ ! -e /etc/helseid-admin ] && [ ! -e /usr/share/helseid-admin ]
ok $? "/etc/helseid-admin and /usr/share/helseid-admin are gone"
! dpkg -l $pkgs 2>/dev/null | grep -q '^[a-z][a-z] '
ok $? "dpkg knows neither package any more"
done_testing
