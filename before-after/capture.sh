#!/bin/sh
# Extra before/after captures at 80x24 in bokmål (the screens of issue 13 that
# `make screenshots` does not reach). Usage, from a built tree:
#   top_srcdir=TREE top_builddir=TREE HELSEID_ADMIN_LOCALEDIR=TREE/tests/locale \
#     sh before-after/capture.sh OUTDIR
out=$1
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
mkdir -p "$out"; use_lang nb || exit 1
site="$TMPD/site.xml"
port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
shot() { twait "$2" > /dev/null; sleep 0.3; screen | sed 's/ *$//' > "$out/$1.txt"; }
run() { TENV="HELSEID_SIM=$top_builddir/helseid-sim TMPDIR=$TMPD $1" tstart 80 24 --site "$site" --lang nb --env demo --browser print --port "$(port)"; }

# The GP office's saved configuration changed as it is: Bekreft (SFM-ID in the diff).
cp "$top_srcdir/data/demo/legekontor.xml" "$site"; run ""
twait "Steg 0 av 6" > /dev/null; twait "127.0.0.1" > /dev/null
keys Enter; twait "Steg 1 av 6" > /dev/null; keys Enter; twait "Steg 2 av 6" > /dev/null
keys Enter; twait "Steg 3 av 6" > /dev/null; keys Enter; twait "Steg 4 av 6" > /dev/null
keys Enter; twait "Steg 5 av 6" > /dev/null; shot 05-sfm-id-i-bruk "SFM-ID"
keys Enter; shot 06-bekreft-endring "Steg 6 av 6"
# The same, as a new configuration (a replacement).
cp "$top_srcdir/data/demo/legekontor.xml" "$site"; run ""
twait "Steg 0 av 6" > /dev/null; twait "127.0.0.1" > /dev/null
keys Enter; twait "Steg 1 av 6" > /dev/null; keys Up Space Enter; twait "Steg 2 av 6" > /dev/null
keys Enter; twait "Steg 3 av 6" > /dev/null; keys Enter; twait "Steg 4 av 6" > /dev/null
keys Enter; twait "Steg 5 av 6" > /dev/null; keys Enter; shot 06-bekreft-erstatning "Steg 6 av 6"
# The municipality: Full tilgang on the shared database, before Enter; over SSH.
sed '/<helseid /,/<\/helseid>/d' "$top_srcdir/data/demo/kommune.xml" > "$site"
run "SSH_CONNECTION='10.9.8.7 50000 10.1.2.3 22' USER=drift"
twait "Steg 0 av 6" > /dev/null; twait "127.0.0.1" > /dev/null
keys Enter; twait "Steg 1 av 6" > /dev/null; keys Space Enter; twait "Steg 2 av 6" > /dev/null
keys C-u 3 1 1 5 9 0 8 3 9 Enter; twait "Enhetsregisteret:" > /dev/null; keys Enter
twait "Steg 3 av 6" > /dev/null; keys Enter; twait "Steg 4 av 6" > /dev/null
keys Down Down Down Down Down Space; shot 04-tjenester-full-felles-database "Full tilgang"
keys Enter; shot 04-tjenester-full-spørsmål "Steg 4 av 6"
keys j; twait "Steg 5 av 6" > /dev/null; keys Enter; twait "Steg 6 av 6" > /dev/null
keys F10; shot 07-overlevering-ssh "ssh -L"
keys Tab; shot 07-overlevering-lim-inn "ssh -L"
keys Escape; sleep 0.3; keys Escape; sleep 0.3; keys j; texit > /dev/null
