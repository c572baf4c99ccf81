#!/bin/sh
# helseid-sim: Enhetsregisteret look-ups and paging, and fault injection, with curl.
. "${top_srcdir:-.}/tests/lib.sh"
: "${top_builddir:=.}" "${top_srcdir:=.}"
: "${HELSEID_ADMIN_DATADIR:=$top_srcdir/data}"; export HELSEID_ADMIN_DATADIR
PY=${PYTHON3:-/usr/bin/python3}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
mkfifo "$dir/out"
"$top_builddir/helseid-sim" --port 0 --ca-out "$dir/ca.pem" \
    --fault /brreg/enhetsregisteret/api/enheter/315260183:503:1 >"$dir/out" &
pid=$!
# The JSON line comes once the server listens: no sleep needed.
read -r line <"$dir/out"
port=$(printf '%s' "$line" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["port"])')
base="https://127.0.0.1:$port"
api="$base/brreg/enhetsregisteret/api"
get() { curl -s --cacert "$dir/ca.pem" -o "$dir/body" -w '%{http_code}' "$@"; }
field() { "$PY" -c "import json,sys; d=json.load(open('$dir/body')); print($1)"; }

[ "$(get "$api/enheter/311590839")" = 200 ] && [ "$(field "d['organisasjonsform']['kode']")" = KOMM ]
ok $? "municipality is a KOMM"
[ "$(get "$api/enheter/310166138")" = 200 ] && [ "$(field "d['organisasjonsform']['kode']")" = ORGL ]
ok $? "organisasjonsledd is ORGL"
[ "$(get "$api/enheter/217975433")" = 200 ] && [ "$(field "d['slettedato']")" = 2025-03-31 ]
ok $? "deleted unit answers 200 with slettedato"
[ "$(get "$api/enheter/212319481")" = 200 ] && [ "$(field "d['konkurs']")" = True ]
ok $? "bankrupt unit has konkurs: true"
[ "$(get "$api/enheter/217574919")" = 404 ]
ok $? "unknown org number: 404"
[ "$(get "$api/enheter/210000003")" = 410 ]
ok $? "removed for legal reasons: 410"
[ "$(get "$api/enheter/12345")" = 400 ]
ok $? "malformed org number: 400"
[ "$(get "$api/underenheter/311860917")" = 200 ] && [ "$(field "d['overordnetEnhet']")" = 310166138 ]
ok $? "sub-unit names its parent"
[ "$(get "$api/enheter/311860917")" = 404 ]
ok $? "a sub-unit is not an enhet"
[ "$(get "$api/underenheter?overordnetEnhet=311590839&page=0&size=100")" = 200 ] &&
  [ "$(field "(d['page']['totalElements'], d['page']['totalPages'], d['page']['number'], d['page']['size'], len(d['_embedded']['underenheter']))")" = "(2001, 21, 0, 100, 100)" ]
ok $? "municipality has 2,001 sub-units, paged by 100"
[ "$(get "$api/underenheter?overordnetEnhet=311590839&page=20&size=100")" = 200 ] &&
  [ "$(field "len(d['_embedded']['underenheter'])")" = 1 ]
ok $? "last page holds the remainder"
[ "$(get "$api/underenheter?overordnetEnhet=311590839&page=21&size=100")" = 200 ] &&
  [ "$(field "'_embedded' in d")" = False ]
ok $? "_embedded absent past the end"
[ "$(get "$api/underenheter?overordnetEnhet=217574919")" = 200 ] &&
  [ "$(field "('_embedded' in d, d['page']['totalElements'])")" = "(False, 0)" ]
ok $? "no sub-units: _embedded absent, totalElements 0"
get "$api/underenheter?overordnetEnhet=311590839&page=0&size=1000" >/dev/null
"$PY" - "$dir/body" <<'PYEOF'
import json, sys
units = json.load(open(sys.argv[1]))["_embedded"]["underenheter"]
def valid(n):
    c = 11 - sum(int(a) * b for a, b in zip(n[:8], [3, 2, 7, 6, 5, 4, 3, 2])) % 11
    c = 0 if c == 11 else c
    return c != 10 and c == int(n[8])
gen = [u for u in units if u["navn"].startswith("Nordre testkommune enhet")]
assert len(gen) >= 999 and all(valid(u["organisasjonsnummer"]) and u["organisasjonsnummer"][0] == "3" for u in gen)
assert {u["naeringskode1"]["kode"][:2] for u in gen} >= {"86", "87", "88"}
PYEOF
ok $? "generated sub-units: valid mod 11, start with 3, næringskode 86/87/88"
[ "$(get "$api/underenheter?overordnetEnhet=311590839&size=0")" = 400 ]
ok $? "invalid page size: 400"

# Faults: from the command line, then from the admin endpoint.
[ "$(get "$api/enheter/315260183")" = 503 ]
ok $? "--fault PATH:503:1 answers 503 once"
[ "$(get "$api/enheter/315260183")" = 200 ]
ok $? "then the fault is used up"
admin() { curl -s --cacert "$dir/ca.pem" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$1" "$base/admin/fault"; }
[ "$(admin '{"path":"/brreg/enhetsregisteret/api/enheter/*","kind":"reset","count":1}')" = 201 ]
ok $? "admin: reset fault added"
curl -s --cacert "$dir/ca.pem" -o /dev/null "$api/enheter/311590839"
rc=$?; [ "$rc" = 52 ] || [ "$rc" = 56 ] || [ "$rc" = 35 ]
ok $? "reset: connection closed without an answer (curl exit $rc)"
admin '{"path":"/brreg/enhetsregisteret/api/enheter/311590839","kind":"malformed"}' >/dev/null
[ "$(get "$api/enheter/311590839")" = 200 ] && ! "$PY" -c "import json; json.load(open('$dir/body'))" 2>/dev/null
ok $? "malformed: 200 with broken JSON"
admin '{"path":"/brreg/enhetsregisteret/api/enheter/311590839","kind":"oversized"}' >/dev/null
[ "$(get "$api/enheter/311590839")" = 200 ] && [ "$(wc -c <"$dir/body")" -gt 10000000 ]
ok $? "oversized: body over 10 MB"
admin '{"path":"/brreg/enhetsregisteret/api/enheter/311590839","kind":"status","status":429,"count":2}' >/dev/null
[ "$(get "$api/enheter/311590839")" = 429 ] && [ "$(get "$api/enheter/311590839")" = 429 ] &&
  [ "$(get "$api/enheter/311590839")" = 200 ]
ok $? "status fault applied exactly count times"
admin '{"path":"/brreg/enhetsregisteret/api/enheter/311590839","kind":"delay","delay_ms":200}' >/dev/null
[ "$(get "$api/enheter/311590839")" = 200 ]
ok $? "delay: answer still arrives"
[ "$(admin '{"path":"nope","kind":"reset"}')" = 400 ]
ok $? "admin: invalid fault refused"
[ "$(get "$base/admin/state")" = 200 ] && [ "$(field "len(d['faults'])")" -ge 1 ]
ok $? "admin/state lists faults"

kill -TERM "$pid"; wait "$pid"
ok $? "SIGTERM: clean exit"
pid=
done_testing
