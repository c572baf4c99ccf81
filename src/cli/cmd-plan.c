/* helseid-admin plan FILE: the desired configuration's rule diagnostics and its diff
 * against the saved configuration and the live client (DESIGN.md §3). Sends nothing.
 * Exit 0 no changes, 6 changes, 1 a rule error or invalid input, 2 usage. */
#include "config.h"

#include <stdio.h>

#include "session/client_ctx.h"
#include "cli/commands.h"
#include "session/plan_session.h"
#include "core/i18n.h"

int cmd_plan(const struct options *o, int argc, char **argv)
{
    struct session s;
    struct error e = { 0 };
    int status;

    (void)argc;                 /* one FILE: cli/parse.c checked */
    if (plan_session_open(&s, o, argv[1], false, &e) < 0) {
        status = plan_session_fail(o, &e);
        plan_session_clear(&s);
        return status;
    }
    plan_session_emit(&s, NULL);
    status = !s.plan.rules_ok ? 1 : s.plan.n_changes ? error_exit_status(ERR_CHANGES) : 0;
    plan_session_clear(&s);
    return status;
}

