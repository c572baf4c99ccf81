#!/bin/sh
# Every command against the simulator, with and without --env, with and without
# --json, on a site with no client, a pending one (a draft nobody confirmed) and an
# active one (issue 10). Run by `make check` in every build, the sanitizer build too:
# no crash and no sanitizer report, an exit status from the documented table
# (0-7), never a usage error (exit 2) but for the one the table expects (plan and
# apply need an environment, which a site without a configuration does not have), and
# with --json one JSON document on standard output that validates against
# data/schema/COMMAND.schema.json, its error.message the one said on stderr. Each
# command gets only the options it takes (a usage error would end it before it opened
# the site); the wizard answers its questions from standard input (the line mode's
# defaults, the owner typed).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
start_sim --auto-confirm --state "$TMPD/sim-state.json"
"$PY" -c 'import jwcrypto' 2>/dev/null || { echo "1..0 # SKIP python3-jwcrypto not installed"; exit 0; }
adm() { "$BIN" --ca-file "$TMPD/ca.pem" "$@"; }

# The three sites, each in its own folder (a run gets a fresh copy).
mkdir "$TMPD/new" "$TMPD/pending" "$TMPD/active"
fresh_site "$TMPD/new/site.xml" legekontor
fresh_site "$TMPD/active/site.xml" legekontor
printf '{"ca_file": "%s", "selvbetjening_api": "%s", "authority": "%s"}' "$TMPD/ca.pem" \
    "$HELSEID_SELVBETJENING_API" "$HELSEID_AUTHORITY" > "$TMPD/u.json"
"$PY" "$top_srcdir/tests/e2e/make-client.py" "$TMPD/u.json" "$TMPD/download.json" 315260183 219378653 >/dev/null &&
    adm --env demo --site "$TMPD/active/site.xml" import "$TMPD/download.json" >/dev/null 2>&1
ok $? "an active site (an imported client)"
cat > "$TMPD/want.json" <<'EOF2'
{ "format": 1, "owner": "315260183", "services": { "kjernejournal": [] } }
EOF2
sed 's/"owner"/"create_new": true, "owner"/' "$TMPD/want.json" > "$TMPD/want-new.json"
# A draft nobody confirms: a simulator without --auto-confirm, apply gives up at once.
fresh_site "$TMPD/pending/site.xml" legekontor
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
start_sim --state "$TMPD/sim-state.json"
adm --env demo --site "$TMPD/pending/site.xml" --no-input --browser print --port "$(free_port)" --timeout 1 \
    apply "$TMPD/want-new.json" >"$TMPD/pending.out" 2>&1
rc=$?
site="$TMPD/pending/site.xml"
[ $rc = 3 ] && [ "$(site_state)" = pending ]
ok $? "a pending site (a draft nobody confirmed; exit $rc: $(tail -n 1 "$TMPD/pending.out"))"
kill "$SIM_PID"; wait "$SIM_PID" 2>/dev/null
# The simulator keeps its clients across the restart (state file): the active client
# is known, the pending draft stays unconfirmed.
start_sim --auto-confirm --state "$TMPD/sim-state.json"
adm --env demo --site "$TMPD/active/site.xml" status >/dev/null 2>&1
ok $? "the active site's client works after the simulator's restart"

# The wizard's answers in the line mode: the defaults, the owner on step 2.
printf '\n\n315260183\n\n\n\n\n\n' >"$TMPD/answers"
run=0
for cmd in check status units validate test-token plan apply rotate-key import wizard; do
    input=/dev/null
    case $cmd in
    validate) args="validate orgnr 315260183" ;;
    plan) args="--no-input plan $TMPD/want.json" ;;
    apply) args="--no-input --browser print --port PORT --timeout 2 apply $TMPD/want.json" ;;
    rotate-key) args="--timeout 5 rotate-key" ;;
    import) args="import $TMPD/download.json" ;;
    wizard) args="--plain --browser print --port PORT --timeout 2 wizard" input="$TMPD/answers" ;;
    *) args=$cmd ;;
    esac
    for kind in new pending active; do
        for env in "" "--env demo"; do
            for json in "" "--json"; do
                run=$((run + 1))
                d="$TMPD/run$run"
                cp -r "$TMPD/$kind" "$d"
                # shellcheck disable=SC2086
                adm $env $json --site "$d/site.xml" $(echo $args | sed "s/PORT/$(free_port)/") \
                    <"$input" >"$d/out" 2>"$d/err"
                rc=$?
                what="$cmd on a $kind site${env:+ $env}${json:+ $json}"
                ! grep -q 'Sanitizer\|runtime error:' "$d/err" && [ $rc -le 7 ]
                ok $? "$what: exit $rc, no crash$( [ $rc -gt 7 ] && printf ': %s' "$(tail -n 3 "$d/err" | tr '\n' ' ')")"
                case $cmd/$kind/$env in
                plan/new/|apply/new/) [ $rc = 2 ] && grep -q 'no environment' "$d/err" ;;
                import/*/) [ $rc = 2 ] && grep -q 'give --env' "$d/err" ;;
                *) [ $rc != 2 ] ;;
                esac
                ok $? "$what: the command ran (no usage error but the expected one)$( [ $rc = 2 ] && printf ': %s' "$(head -n 1 "$d/err")")"
                [ -z "$json" ] && continue
                case $rc in 0|6) want_ok=true ;; *) want_ok=false ;; esac
                "$PY" "$top_srcdir/tests/e2e/json-check.py" --stderr "$d/err" "$top_srcdir/data/schema" \
                    "$cmd" "$want_ok" "$rc" "$d/out"
                ok $? "$what: one JSON document, valid against $cmd.schema.json"
            done
        done
    done
done
done_testing
