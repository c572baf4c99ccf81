#!/bin/sh
# Runs tests/e2e/wizard-handoff-api (the hand-off's API without a frontend) against
# helseid-sim --auto-confirm with 2 s propagation (so a portal rejection sent at once
# reaches the loopback before the STS knows the client).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/wizard-lib.sh"
. "$top_srcdir/tests/e2e/tmux-lib.sh"
. "$top_srcdir/tests/e2e/handoff-lib.sh"
start_sim --auto-confirm --propagation 2
fresh_site "$TMPD/site.xml" legekontor
HANDOFF_PORT=$(free_port); SIM_ADMIN_STATE="$SIM_BASE/admin/state"; export HANDOFF_PORT SIM_ADMIN_STATE
"$top_builddir/tests/e2e/wizard-handoff-api" "$TMPD/site.xml"
rc=$?
exit $rc    # the EXIT trap stops the simulator
