#!/bin/sh
# Defaults from the config files (helseid-admin(8), FILES): $HELSEID_ADMIN_SYSCONFDIR
# (for /etc) then $XDG_CONFIG_HOME; precedence flags > environment > config file > site
# file; relative paths from the file's folder; a bad line is exit 2 naming file:line.
. "$top_srcdir/tests/lib.sh"
: "${HELSEID_ADMIN_DATADIR:=$top_srcdir/data}"; export HELSEID_ADMIN_DATADIR
unset HELSEID_SITE HELSEID_ENV HELSEID_API_KEY_FILE
tmp=$(mktemp -d "${TMPDIR:-/tmp}/helseid-config.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
bin="$top_builddir/helseid-admin"
mkdir -p "$tmp/etc/helseid-admin" "$tmp/xdg/helseid-admin" "$tmp/sites"
HELSEID_ADMIN_SYSCONFDIR="$tmp/etc"; XDG_CONFIG_HOME="$tmp/xdg"; HOME="$tmp"
export HELSEID_ADMIN_SYSCONFDIR XDG_CONFIG_HOME HOME LANGUAGE= LC_ALL=C
cp "$top_srcdir/data/demo/kommune.xml" "$tmp/sites/kommune.xml"
cp "$top_srcdir/data/demo/legekontor.xml" "$tmp/sites/legekontor.xml"
orgnrs() { "$bin" "$@" --json units | grep -c '"orgnr"'; }

# The system file names the site (relative to its folder, with a comment and blanks).
printf '# system defaults\n\n  site = ../../sites/kommune.xml   # the municipality\nenv=test\n' \
    > "$tmp/etc/helseid-admin/config"
[ "$(orgnrs)" = 7 ]; ok $? "the system file's site is used (7 org numbers), relative to its folder"
"$bin" validate orgnr 964965137 | grep -q "test environment organisations"
ok $? "the system file's env (test) is used"
# The user's file wins over the system's.
printf 'site = %s/sites/legekontor.xml\n' "$tmp" > "$tmp/xdg/helseid-admin/config"
[ "$(orgnrs)" = 2 ]; ok $? "the user's file wins over the system's"
# ~/.config without XDG_CONFIG_HOME.
mkdir -p "$tmp/.config/helseid-admin"; cp "$tmp/xdg/helseid-admin/config" "$tmp/.config/helseid-admin/config"
[ "$(XDG_CONFIG_HOME= orgnrs)" = 2 ]; ok $? "~/.config/helseid-admin/config without XDG_CONFIG_HOME"
# The environment wins over the files, flags over the environment.
[ "$(HELSEID_SITE="$tmp/sites/kommune.xml" orgnrs)" = 7 ]; ok $? "\$HELSEID_SITE wins over the config files"
[ "$(HELSEID_SITE="$tmp/sites/kommune.xml" orgnrs --site "$tmp/sites/legekontor.xml")" = 2 ]
ok $? "--site wins over \$HELSEID_SITE"
"$bin" --env prod validate orgnr 311590839 | grep -q "invalid"; ok $? "--env wins over the file's env"
HELSEID_ENV=prod "$bin" validate orgnr 311590839 | grep -q "invalid"; ok $? "\$HELSEID_ENV wins over the file's env"

# Bad lines: exit 2, file:line and the problem; nothing on stdout.
bad() {   # bad LINE EXPECTED-MESSAGE
    printf '# ok\n%s\n' "$1" > "$tmp/xdg/helseid-admin/config"
    "$bin" validate orgnr 974760673 > "$tmp/out" 2> "$tmp/err"; st=$?
    [ $st = 2 ] && grep -qF "$tmp/xdg/helseid-admin/config:2: $2" "$tmp/err" && [ ! -s "$tmp/out" ]
    ok $? "bad line '$1': exit 2 with file:line ($(head -n 1 "$tmp/err"))"
}
bad 'colour = blue' 'unknown key "colour"'
bad 'env = staging' "invalid environment 'staging'"
bad 'port = 99999' "invalid port '99999'"
bad 'browser = lynx' "invalid browser mode 'lynx'"
bad 'just words' 'expected "key = value"'
bad 'site =' 'no value for "site"'
printf 'env = prod\n' > "$tmp/xdg/helseid-admin/config"
"$bin" --json validate orgnr 974760673 > "$tmp/out"; [ $? = 0 ]; ok $? "a good file again: exit 0"
printf 'port = x\n' > "$tmp/xdg/helseid-admin/config"
"$bin" --json validate orgnr 974760673 > "$tmp/out" 2>/dev/null
grep -q '"ERR_USAGE"' "$tmp/out" && grep -q 'config:1: invalid port' "$tmp/out"; ok $? "--json: the config error is the document's error"
chmod 000 "$tmp/xdg/helseid-admin/config"
if [ "$(id -u)" != 0 ]; then
    "$bin" validate orgnr 974760673 2> "$tmp/err"; [ $? = 2 ] && grep -q 'cannot read' "$tmp/err"
    ok $? "an unreadable config file is an error"
fi
done_testing
