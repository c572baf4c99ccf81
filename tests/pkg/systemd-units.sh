#!/bin/sh
# The scheduled key rotation's systemd units (data/systemd/): systemd itself accepts
# them, the timer is weekly with a random delay, and the service rotates only when due
# without asking anything.
. "$top_srcdir/tests/lib.sh"
if ! command -v systemd-analyze >/dev/null; then
    echo "1..0 # SKIP systemd-analyze not installed"; exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
service="$top_builddir/data/systemd/helseid-admin-rotate.service"
timer="$top_srcdir/data/systemd/helseid-admin-rotate.timer"
[ -f "$service" ] || make -C "$top_builddir" data/systemd/helseid-admin-rotate.service >/dev/null
# Verified with the build tree's program in place of the installed one.
sed "s|^ExecStart=[^ ]*/helseid-admin |ExecStart=$top_builddir/helseid-admin |" "$service" \
    >"$tmp/helseid-admin-rotate.service"
cp "$timer" "$tmp/"
# --man=no: the man page is not installed yet.
systemd-analyze verify --man=no "$tmp/helseid-admin-rotate.service" "$tmp/helseid-admin-rotate.timer" \
    >"$tmp/verify" 2>&1
ok $? "systemd-analyze verify accepts the service and the timer $(tr '\n' ' ' <"$tmp/verify")"
grep -qx 'ExecStart=.*/helseid-admin rotate-key --if-expires-within=30 --no-input' "$service"
ok $? "the service rotates only when due, without asking"
grep -qx 'Type=oneshot' "$service" && ! grep -q '^\[Install\]' "$service"
ok $? "a oneshot service, started by the timer only"
grep -qx 'OnCalendar=weekly' "$timer" && grep -q '^RandomizedDelaySec=' "$timer" && grep -qx 'Persistent=true' "$timer"
ok $? "the timer: weekly, a random delay, runs missed while off"
done_testing
