#!/bin/sh
# make screenshots: every wizard screen in Norwegian at 80x24, captured through tmux
# into screenshots/*.txt (plain text, trailing blanks removed) and screenshots/*.png
# (in colour, rendered by tests/e2e/screenshot-png.sh).
# Usage: screenshots.sh OUTDIR   (top_srcdir/top_builddir from the environment)
out=${1:-screenshots}
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
mkdir -p "$out" || exit 1
use_lang nb || exit 1
shot() { twait "$2" > /dev/null || { echo "screenshots: '$2' did not appear" >&2; exit 1; }
         screen | sed 's/ *$//' > "$out/$1.txt"; echo "  $out/$1.txt"; png "$1"; }
# The same screen in colour as a PNG (tests/e2e/screenshot-png.sh: aha, headless Chromium).
png() { T capture-pane -e -p -t t > "$TMPD/$1.ans" &&
        sh "$top_srcdir/tests/e2e/screenshot-png.sh" "$TMPD/$1.ans" "$out/$1.png" \
            $(T display-message -p -t t '#{pane_width} #{pane_height}') ||
        { echo "screenshots: cannot render $out/$1.png" >&2; exit 1; }
        echo "  $out/$1.png"; }

# Against the bundled simulator (--env demo), so the screens show what a clinic sees:
# the reach checks, Enhetsregisteret's answer, and the hand-off with its link.
site="$TMPD/site.xml"
make_site "$site" kommune
mkdir -p "$TMPD/tmp" "$TMPD/state"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TENV="TMPDIR=$TMPD/tmp XDG_STATE_HOME=$TMPD/state HELSEID_SIM=$top_builddir/helseid-sim" \
    tstart 80 24 --site "$site" --lang nb --env demo --browser print --port "$port"
shot 00-forhandskontroll "< Neste >"
keys Enter; shot 01-opprett "Opprett ny konfigurasjon"
keys Space Enter; shot 02-konfigurasjonseier "Angi konfigurasjonseier"
# The field's verdict as typed, before Enter: Enhetsregisteret's answer at the 9th digit.
keys C-u 3 1 1 5 9 0 8 3 9; shot 02-konfigurasjonseier-mens-du-skriver "NORDRE TESTKOMMUNE"
# The refusal after Enter: the reason under the field (already there while typing)
# and again in the error line, so wait for both.
twice() { [ "$(screen | grep -cF -- "$1")" -ge 2 ]; }
keys C-u 3 1 0 1 6 6 1 3 9 Enter; tpoll twice "«310166139»" > /dev/null
shot 02-konfigurasjonseier-feil "Feil:"
keys C-u 3 1 1 5 9 0 8 3 9 Enter; shot 02-konfigurasjonseier-enhetsregisteret "Enhetsregisteret:"
# The sub-units once Enhetsregisteret has answered (its "henter ..." line gone).
keys Enter; twait "Registrert i HelseID" > /dev/null; tgone "henter underenhetene" > /dev/null
shot 03-underenheter "Registrert i HelseID"
keys Enter; shot 04-tjenester "Tjenester og Scope"
keys Down Down Down F1; shot 04-tjenester-hjelp "Trykk en tast for å lukke"
keys x Space Enter; shot 04-tjenester-feil "Feil:"
keys Down Space Enter; shot 05-sfm-id "SFM-ID:"
keys Enter; shot 06-bekreft "< Lagre >"
keys Escape; shot 06-bekreft-tilbake "(j/n)"
keys n
T resize-window -t t -x 70 -y 20; shot for-lite "Vinduet er for lite"
T resize-window -t t -x 80 -y 24; twait "< Lagre >" > /dev/null
keys F10; shot 07-overlevering "hvilken som helst maskin"
keys Escape; shot 07-overlevering-avbryt "(j/n)"
keys j; texit > /dev/null
T kill-server 2>/dev/null
