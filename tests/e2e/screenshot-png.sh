#!/bin/sh
# screenshot-png.sh IN.ans OUT.png COLS ROWS: one tmux capture (capture-pane -e -p,
# colours kept) of a COLS x ROWS terminal rendered to a PNG of that size: aha turns the escape sequences into HTML,
# headless Chromium photographs the page. Used by make screenshots (screenshots.sh).
in=$1 out=$2 cols=${3:-80} rows=${4:-24}
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || {
    echo "screenshot-png: chromium not found" >&2; exit 1; }
command -v aha >/dev/null || { echo "screenshot-png: aha not found (Debian: aha)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/shot.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
# tmux keeps the terminal's line drawing as VT100 alternate characters between SO and
# SI ("qqqq" for a line): map them to Unicode box drawing before aha sees them.
"${PYTHON3:-python3}" - "$in" >"$work/shot.ans" <<'PY' || exit 1
import re, sys
acs = dict(zip("jklmnqtuvwxa`f~gyz{|}", "┘┐┌└┼─├┤┴┬│▒◆°·±≤≥π≠£"))
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
out, alt = [], False
for tok in re.split(r"(\x1b\[[0-9;?]*[A-Za-z]|\x0e|\x0f)", text):
    if tok == "\x0e":
        alt = True
    elif tok == "\x0f":
        alt = False
    elif alt and not tok.startswith("\x1b"):
        out.append("".join(acs.get(c, c) for c in tok))
    else:
        out.append(tok)
sys.stdout.write("".join(out))
PY
# A cell is 10 x 20 CSS pixels (DejaVu Sans Mono at 16.6 px is 10 px wide).
{
    printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>\n'
    printf 'html,body{margin:0;background:#000;color:#d0d0d0}\n'
    printf 'pre{margin:0;padding:10px;font:16.6px/20px "DejaVu Sans Mono",monospace;white-space:pre}\n'
    printf '</style></head><body><pre>'
    aha --no-header <"$work/shot.ans"
    printf '</pre></body></html>\n'
} >"$work/shot.html"
"$chrome" --headless --disable-gpu --no-sandbox --no-first-run --hide-scrollbars \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --force-device-scale-factor=1 \
    --window-size=$((cols * 10 + 20)),$((rows * 20 + 20)) \
    --screenshot="$out" "file://$work/shot.html" >"$work/log" 2>&1
[ -s "$out" ] || { cat "$work/log" >&2; exit 1; }
