#!/bin/sh
# examples/ansible/playbook.yml run twice by Debian's ansible-core against localhost
# (connection local) and the bundled simulator, which confirms by itself: the first run
# sets the clinic up (changed, the confirmation link in the play's output), the second
# changes nothing (changed=0); neither fails. Read from the PLAY RECAP.
. "$top_srcdir/tests/lib.sh"
if ! command -v ansible-playbook >/dev/null; then
    echo "1..0 # SKIP ansible-playbook not installed (Debian: ansible-core)"; exit 0
fi
: "${HELSEID_ADMIN_DATADIR:=$top_srcdir/data}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/helseid-ansible.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/clinic" "$tmp/home" "$tmp/state" "$tmp/tmp" "$tmp/config/helseid-admin"
# The loopback listener on a free port through the user's config file, as a support desk
# would set it: the documented 47190 may be held by a screen test running beside this one.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'port = %s\n' "$port" >"$tmp/config/helseid-admin/config"
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/legekontor.xml" >"$tmp/clinic/site.xml"
: >"$tmp/ansible.cfg"; export ANSIBLE_CONFIG="$tmp/ansible.cfg"   # none of the machine's settings
# The program as a slow machine runs it: apply writes nothing for its first 6 seconds
# (an ASan build under load did; the play's wait must not trip over an empty log).
cat >"$tmp/helseid-admin" <<EOF2
#!/bin/sh
case " \$* " in *" apply "*) sleep 6;; esac
exec "$top_builddir/helseid-admin" "\$@"
EOF2
chmod +x "$tmp/helseid-admin"
cat >"$tmp/inventory.ini" <<EOF2
[clinics]
localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3 helseid_site=$tmp/clinic/site.xml helseid_desired=$top_srcdir/examples/ansible/desired/fjordlegene.json

[clinics:vars]
helseid_env=demo
helseid_admin=$tmp/helseid-admin
helseid_apply_timeout=120
EOF2
cat >"$tmp/vars.json" <<EOF2
{ "helseid_environment": { "HELSEID_DEMO_AUTO_CONFIRM": "1", "HELSEID_SIM": "$top_builddir/helseid-sim",
  "HELSEID_ADMIN_DATADIR": "$HELSEID_ADMIN_DATADIR", "XDG_STATE_HOME": "$tmp/state",
  "TMPDIR": "$tmp/tmp", "XDG_CONFIG_HOME": "$tmp/config", "HELSEID_ADMIN_SYSCONFDIR": "$tmp/none",
  "LANGUAGE": "en" } }
EOF2
play() {
    HOME="$tmp/home" ANSIBLE_HOME="$tmp/home/.ansible" ANSIBLE_LOCAL_TEMP="$tmp/home/tmp" \
    ANSIBLE_ASYNC_DIR="$tmp/home/.ansible_async" ANSIBLE_REMOTE_TMP="$tmp/home/remote" \
    ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
        ansible-playbook -i "$tmp/inventory.ini" -e "@$tmp/vars.json" \
        "$top_srcdir/examples/ansible/playbook.yml" >"$tmp/play$1.out" 2>&1
}
# recap N FIELD: the host's FIELD=value in run N's PLAY RECAP.
recap() { sed -n '/^PLAY RECAP/,$p' "$tmp/play$1.out" | sed -n "s/^localhost .* $2=\([0-9]*\).*/\1/p"; }

play 1; rc=$?
sed -n '/^PLAY RECAP/,$p' "$tmp/play1.out" | grep localhost | sed 's/^/# first run: /'
ok $rc "first run: ansible-playbook exits 0"
[ "$(recap 1 failed)" = 0 ] && [ "$(recap 1 changed)" -ge 3 ]
ok $? "first run: changed=$(recap 1 changed) (copy, plan, apply), failed=$(recap 1 failed)"
grep -q 'https\?://127.0.0.1:[0-9]*/selvbetjening/web/confirm-client/' "$tmp/play1.out"
ok $? "first run: the confirmation link is in the play's output"
grep -q 'state="active"' "$tmp/clinic/site.xml" && grep -q '<client-id>' "$tmp/clinic/site.xml"
ok $? "first run: the clinic's site file holds the confirmed client"
[ $rc = 0 ] || { sed 's/^/#   /' "$tmp/play1.out" | tail -n 40; sed 's/^/#   apply.log: /' "$tmp/clinic/apply.log"; }

play 2; rc=$?
sed -n '/^PLAY RECAP/,$p' "$tmp/play2.out" | grep localhost | sed 's/^/# second run: /'
ok $rc "second run: ansible-playbook exits 0"
[ "$(recap 2 changed)" = 0 ] && [ "$(recap 2 failed)" = 0 ]
ok $? "second run: changed=$(recap 2 changed), failed=$(recap 2 failed)"
grep -q 'TASK \[Every scope and claim is approved\]' "$tmp/play2.out" && ! grep -q 'confirm-client' "$tmp/play2.out"
ok $? "second run: readiness asserted again, no confirmation asked"
[ $rc = 0 ] || { sed 's/^/#   /' "$tmp/play2.out" | tail -n 40; sed 's/^/#   apply.log: /' "$tmp/clinic/apply.log"; }
done_testing
