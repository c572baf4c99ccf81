/* What plan FILE and apply FILE share: the desired file, the service catalog, the
 * site (locked for apply from before it is read until the end), the live client and
 * the plan built from them (session/plan.h). */
#ifndef HELSEID_PLAN_SESSION_H
#define HELSEID_PLAN_SESSION_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "session/client_ctx.h"
#include "session/desired.h"
#include "session/options.h"
#include "session/plan.h"
#include "core/catalog.h"
#include "core/client_status.h"
#include "core/rules.h"
#include "store/lock.h"

struct session {
    struct options opt;             /* the command's options, env filled from the file */
    char *env;                      /* opt.env points here: the site's may be replaced */
    struct client_ctx c;
    bool have_ctx;
    struct catalog cat;
    struct desired want;
    struct client_status live;
    bool have_live;
    struct error live_err;
    struct rules_env renv;
    char today[16];                 /* renv.today points here */
    struct plan plan;
    struct plan_input in;
};

/* `apply`: take the lock first, always open the network (a new client needs it too)
 * and require the live client when one exists; `plan` goes on without it and says so.
 * -1 with e; s is always safe to clear. */
int plan_session_open(struct session *s, const struct options *o, const char *file, bool apply,
                      struct error *e);
void plan_session_clear(struct session *s);
/* The plan on stdout: text, or with --json one document (with `result` added). */
void plan_session_emit(const struct session *s, cJSON *result);

/* A failure: one line on stderr and, with --json, {"error": {code, message}} on
 * stdout. Returns the exit status. */
int plan_session_fail(const struct options *o, const struct error *e);

#endif
