#!/bin/sh
# Runs every fuzz harness (standalone driver) over its seeds plus mutations.
# One TAP line per harness; a crash or sanitizer report fails it.
. "$top_srcdir/tests/lib.sh"
for prog in "$top_builddir"/tests/fuzz/fuzz-*; do
    [ -x "$prog" ] || continue
    name=${prog##*/fuzz-}
    out=$("$prog" "$top_srcdir/tests/fuzz/corpus/$name" 3000 2>&1)
    ok $? "fuzz smoke $name: $(echo "$out" | tail -n 2 | head -n 1 | sed 's/^ok 1 - //')"
done
done_testing
