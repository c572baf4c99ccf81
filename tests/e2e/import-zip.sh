#!/bin/sh
# import FILE.zip (issue 12 item 9) against helseid-sim: Selvbetjening's download as a
# password-protected zip (WinZip AES and classic encryption, made with libzip by
# tests/e2e/make-zip), the password from --password-file, standard input or the
# terminal (tmux), never the command line; a wrong password changes nothing; the
# private key reaches the disk only in the 0600 key file.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
"$PY" -c 'import jwcrypto' 2>/dev/null || { echo "1..0 # SKIP python3-jwcrypto not installed"; exit 0; }
start_sim --auto-confirm
ZIP="$top_builddir/tests/e2e/make-zip"
adm() { "$BIN" --env demo --ca-file "$TMPD/ca.pem" "$@"; }
printf '{"ca_file": "%s", "selvbetjening_api": "%s", "authority": "%s"}' "$TMPD/ca.pem" \
    "$HELSEID_SELVBETJENING_API" "$HELSEID_AUTHORITY" > "$TMPD/u.json"
mkdir "$TMPD/dl"
"$PY" "$top_srcdir/tests/e2e/make-client.py" "$TMPD/u.json" "$TMPD/dl/cfg.json" 315260183 219378653 >/dev/null
ok $? "a client download from the simulator"
printf 'Sms-Passord-%s\n' "$$" > "$TMPD/dl/pw"
printf 'wrong\n' > "$TMPD/dl/bad"
secret=$("$PY" -c "import json; print(json.loads(json.load(open('$TMPD/dl/cfg.json', encoding='utf-8-sig'))['privateJwk'])['d'])")

for method in aes classic; do
    "$ZIP" "$TMPD/dl/$method.zip" "HelseID-konfigurasjon.json" "$TMPD/dl/cfg.json" "$method" "$TMPD/dl/pw"
    ok $? "$method: a password-protected zip"
    mkdir "$TMPD/$method"
    fresh_site "$TMPD/$method/site.xml" legekontor
    adm --site "$TMPD/$method/site.xml" --password-file "$TMPD/dl/bad" import "$TMPD/dl/$method.zip" >"$TMPD/out" 2>"$TMPD/err"
    rc=$?
    [ $rc = 1 ] && grep -q "wrong password" "$TMPD/err" && ! grep -q '<client-id>' "$TMPD/$method/site.xml" &&
        [ -z "$(ls "$TMPD/$method" | grep '\.jwk$')" ]
    ok $? "$method: a wrong password: exit 1, nothing saved (exit $rc: $(cat "$TMPD/err"))"
    adm --site "$TMPD/$method/site.xml" --password-file "$TMPD/dl/pw" import "$TMPD/dl/$method.zip" >"$TMPD/out" 2>"$TMPD/err"
    rc=$?
    [ $rc = 0 ] && grep -q '<client-id>' "$TMPD/$method/site.xml"
    ok $? "$method: --password-file: imported (exit $rc)"
    key=$(ls "$TMPD/$method"/*.jwk)
    [ "$(stat -c %a "$key")" = 600 ] && [ "$(grep -rl -- "$secret" "$TMPD/$method")" = "$key" ]
    ok $? "$method: the private key is only in the 0600 key file"
    ! grep -q "Sms-Passord" "$TMPD/out" "$TMPD/err" "$TMPD/$method"/site.xml*
    ok $? "$method: the password is never echoed or saved"
    adm --site "$TMPD/$method/site.xml" test-token >/dev/null 2>&1
    ok $? "$method: the imported client gets a token"
done

# The password on standard input (scripts).
mkdir "$TMPD/stdin"; fresh_site "$TMPD/stdin/site.xml" legekontor
adm --site "$TMPD/stdin/site.xml" import "$TMPD/dl/aes.zip" < "$TMPD/dl/pw" >/dev/null 2>"$TMPD/err"
[ $? = 0 ] && grep -q '<client-id>' "$TMPD/stdin/site.xml"
ok $? "the password on standard input: imported"

# The password typed on the terminal: asked for, not echoed.
mkdir "$TMPD/tty"; fresh_site "$TMPD/tty/site.xml" legekontor
tstart 80 24 --env demo --ca-file "$TMPD/ca.pem" --site "$TMPD/tty/site.xml" import "$TMPD/dl/aes.zip"
twait "Password for the zip file"; ok $? "the terminal asks for the password"
keys "$(cat "$TMPD/dl/pw")" Enter
twait "Imported"; ok $? "typed on the terminal: imported"
! screen | grep -q "Sms-Passord"; ok $? "the typed password is not echoed"
[ "$(texit)" = 0 ]; ok $? "exit 0"

# A zip without a configuration.
printf 'x' > "$TMPD/dl/readme.txt"; printf 'y' > "$TMPD/dl/other.txt"
"$ZIP" "$TMPD/dl/two.zip" a.txt "$TMPD/dl/readme.txt" none "$TMPD/dl/pw" &&
    "$PY" -c "
import zipfile; z = zipfile.ZipFile('$TMPD/dl/two.zip', 'a'); z.write('$TMPD/dl/other.txt', 'b.txt'); z.close()"
adm --site "$TMPD/stdin/site.xml" import "$TMPD/dl/two.zip" >/dev/null 2>"$TMPD/err" </dev/null
[ $? = 1 ] && grep -q "exactly one JSON configuration" "$TMPD/err"
ok $? "a zip without one JSON configuration: exit 1 ($(cat "$TMPD/err"))"

done_testing
