#!/bin/sh
# README.md's links into the tree point at files that exist, and the screenshots it
# shows are PNG images (made by make screenshots: tmux, aha, headless Chromium).
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1
links=$(grep -oE '\]\([^)#]+\)' README.md | sed 's/^](//; s/)$//' | grep -v '^[a-z]*:' | sort -u)
[ -n "$links" ]; ok $? "README.md links into the tree"
for f in $links; do
    [ -e "$f" ]; ok $? "README.md: $f exists"
done
shown=$(grep -oE '!\[[^]]*\]\([^)]+\.png\)' README.md | sed 's/.*(//; s/)$//')
[ "$(printf '%s\n' "$shown" | grep -c .)" -ge 4 ]; ok $? "README.md shows the screens as pictures"
for f in $shown; do
    [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; ok $? "$f is a PNG image"
done
done_testing
