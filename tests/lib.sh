#!/bin/sh
# Shared helpers for the shell tests (TAP).
n=0; failed=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed+1)); fi; }
done_testing() { echo "1..$n"; [ "$failed" = 0 ]; }
