/* helseid-admin check [--json]: the preflight alone (DESIGN.md §3, wizard step 0).
 * The network facts come from src/net/preflight; every verdict comes from the rules
 * engine (step 0), the same rules the wizard's preflight screen shows. With a site
 * file, its checks (EPJ version, logged-in unit, the user's identifiers) come too.
 * One line per check, a final one-line verdict, details only on failure. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "session/client_ctx.h"
#include "session/resolve.h"
#include "core/catalog.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/rules.h"
#include "core/site.h"
#include "net/preflight.h"
#include "store/catalog_file.h"
#include "store/site_file.h"

struct check_run {
    struct client_ctx c;            /* read only: no lock; c.sf NULL without --site */
    struct catalog catalog;
    bool have_catalog;
    struct preflight_report rep;
    struct reach_result *reach;
    struct diags diags;
};

static const char *tag(enum diag_level s)
{
    /* TRANSLATORS: status tags in the check list; keep them at most 5 characters. */
    switch (s) {
    case DIAG_OK: return _("ok");
    case DIAG_INFO: return _("info");
    case DIAG_WARN: return _("warn");
    case DIAG_ERROR: break;
    }
    return _("FAIL");
}

static int build_env(struct check_run *r, struct rules_env *env, char *today, size_t cap)
{
    rules_env_init(env);
    env->env = cli_rules_env(r->c.ep.env);
    if (!(r->reach = cli_rules_reach(&r->rep, env)))
        return -1;
    env->today = cli_rules_today(today, cap);
    return 0;
}

static int run_rules(struct check_run *r, const struct options *o, struct error *e)
{
    struct rules_env env;
    struct rules_input in = { 0 };
    char today[16];
    struct site *site = r->c.site;

    if (build_env(r, &env, today, sizeof today) < 0)
        return error_nomem(e);
    in.env = &env;
    in.lang = o->lang;
    if (site) {
        if (catalog_load_dir(&r->catalog, NULL, e) < 0)
            return -1;
        r->have_catalog = true;
        in.site = site;
        in.saved = in.desired = site->config;
        in.catalog = &r->catalog;
    }
    return rules_run(&in, RULES_STEP_PREFLIGHT, &r->diags, e);
}

static int print_text(const struct check_run *r)
{
    int failed = 0, warned = 0, total = (int)r->diags.n;

    for (size_t i = 0; i < r->diags.n; i++) {
        const struct diag *d = &r->diags.v[i];
        printf("%-5s %s\n", tag(d->level), d->text);
        if (d->level >= DIAG_WARN && d->hint)
            printf("      %s\n", d->hint);
        failed += d->level == DIAG_ERROR;
        warned += d->level == DIAG_WARN;
    }
    if (failed)
        printf(P_("%d of %d check failed\n", "%d of %d checks failed\n", total), failed, total);
    else if (warned)
        printf(P_("%d check passed, with a warning\n", "all %d checks passed, with a warning\n", total), total);
    else
        printf(P_("%d check passed\n", "all %d checks passed\n", total), total);
    return failed ? 1 : 0;
}

static cJSON *check_json(const struct preflight_result *x)
{
    cJSON *c = cJSON_CreateObject();

    cJSON_AddStringToObject(c, "name", x->label);
    cJSON_AddStringToObject(c, "host", x->host);
    cJSON_AddBoolToObject(c, "ok", x->ok);
    cJSON_AddStringToObject(c, "cause", http_cause_name(x->cause));
    cJSON_AddStringToObject(c, "failed_at", preflight_stage_name(x->failed_at));
    cJSON_AddNumberToObject(c, "status", (double)x->status);
    cJSON_AddNumberToObject(c, "elapsed_ms", (double)x->elapsed_ms);
    if (!x->ok)
        cJSON_AddStringToObject(c, "message", x->message);
    return c;
}

static cJSON *diag_json(const struct diag *d)
{
    cJSON *c = cJSON_CreateObject();

    cJSON_AddStringToObject(c, "rule", d->rule);
    cJSON_AddStringToObject(c, "field", d->field ? d->field : "");
    cJSON_AddStringToObject(c, "severity", diag_level_name(d->level));
    cJSON_AddStringToObject(c, "message", d->text);
    if (d->hint)
        cJSON_AddStringToObject(c, "hint", d->hint);
    return c;
}

static int print_json(const struct check_run *r)
{
    cJSON *root = cJSON_CreateObject(), *checks, *diags, *clock;
    bool all_ok = rules_step_ok(&r->diags, RULES_STEP_PREFLIGHT);

    if (!root)
        return 1;
    cJSON_AddStringToObject(root, "environment", endpoint_env_name(r->c.ep.env));
    checks = cJSON_AddArrayToObject(root, "checks");
    for (size_t i = 0; i < r->rep.n; i++)
        cJSON_AddItemToArray(checks, check_json(&r->rep.v[i]));
    diags = cJSON_AddArrayToObject(root, "diagnostics");
    for (size_t i = 0; i < r->diags.n; i++)
        cJSON_AddItemToArray(diags, diag_json(&r->diags.v[i]));
    clock = cJSON_AddObjectToObject(root, "clock");
    cJSON_AddBoolToObject(clock, "known", r->rep.clock_known);
    if (r->rep.clock_known)
        cJSON_AddNumberToObject(clock, "skew_s", (double)r->rep.clock_skew_s);
    cJSON_AddNumberToObject(root, "wall_ms", (double)r->rep.wall_ms);
    json_doc_set_body(root);
    if (!all_ok) {
        struct error e;

        error_set(&e, ERR_INVALID, "%s", _("some checks failed"));
        cli_fail(&e);           /* the document's error, also said on stderr */
    }
    return all_ok ? 0 : 1;
}

static void check_run_clear(struct check_run *r)
{
    diags_clear(&r->diags);
    free(r->reach);
    preflight_report_clear(&r->rep);
    if (r->have_catalog)
        catalog_clear(&r->catalog);
    client_ctx_close(&r->c);
}

int cmd_check(const struct options *o, int argc, char **argv)
{
    struct check_run r = { 0 };
    struct preflight_target t[5];
    char urls[5][1024];
    struct http_config cfg;
    struct error e = { 0 };
    int status;

    (void)argc;                 /* no operands: cli/parse.c checked */
    (void)argv;
    preflight_report_init(&r.rep);
    diags_init(&r.diags);
    /* Read only: another admin's session lock is neither taken nor waited for. */
    if (client_ctx_open(&r.c, o, CTX_SITE_OPTIONAL | CTX_ENDPOINTS, &e) < 0)
        goto fail;
    client_ctx_http_config(&r.c, o, &cfg);
    if (o->timeout > 0)
        cfg.timeout_ms = (long)o->timeout * 1000;
    if (preflight_run(&cfg, t, preflight_targets(&r.c.ep, t, urls), true, &r.rep, &e) < 0)
        goto fail;
    if (run_rules(&r, o, &e) < 0)
        goto fail;
    status = o->json ? print_json(&r) : print_text(&r);
    check_run_clear(&r);
    return status;
fail:
    status = cli_fail(&e);
    check_run_clear(&r);
    return status;
}
