/* helseid-admin check [--json]: the preflight alone (DESIGN.md §3). One line per check,
 * a final one-line verdict, details only on failure; --json: one document. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/i18n.h"
#include "net/endpoints.h"
#include "net/preflight.h"

#define CLOCK_WARN_S 5      /* as the rules engine: RULES_CLOCK_WARN_S */
#define CLOCK_ERROR_S 30    /* client assertions live at most 60 s */

enum verdict { V_OK, V_WARN, V_FAIL };

static int resolve(const struct options *o, struct endpoints *ep, struct error *e)
{
    struct endpoints_layer env_layer, flags = { 0 };
    const struct endpoints_layer *layers[2] = { &env_layer, &flags };

    /* TODO(site layer): once the site file loader is merged, its env and URLs go
     * below the environment layer. */
    endpoints_layer_from_environ(&env_layer);
    flags.env = o->env;
    flags.authority = o->authority;
    flags.selvbetjening_api = o->selvbetjening_api;
    flags.selvbetjening_web = o->selvbetjening_web;
    flags.brreg = o->brreg;
    flags.ca_file = o->ca_file;
    if (endpoints_resolve(ep, layers, 2, e) < 0)
        return -1;
    if (ep->env == ENDPOINT_ENV_DEMO && !ep->authority && !ep->selvbetjening_api &&
        !ep->selvbetjening_web && !ep->brreg)
        return error_set(e, ERR_USAGE, "%s",
                         _("the demo environment has no addresses yet: give --authority, --selvbetjening-api, --selvbetjening-web and --brreg"));
    return 0;
}

static enum verdict clock_verdict(const struct preflight_report *r)
{
    long a;

    if (!r->clock_known)
        return V_OK;
    a = r->clock_skew_s < 0 ? -r->clock_skew_s : r->clock_skew_s;
    return a >= CLOCK_ERROR_S ? V_FAIL : a >= CLOCK_WARN_S ? V_WARN : V_OK;
}

static void print_clock(const struct preflight_report *r, enum verdict v)
{
    unsigned long a;

    if (!r->clock_known)
        return;
    a = (unsigned long)(r->clock_skew_s < 0 ? -r->clock_skew_s : r->clock_skew_s);
    if (v == V_OK) {
        printf("%-5s %s\n", _("ok"), _("clock agrees with HelseID STS"));
        return;
    }
    printf("%-5s %s\n      ", v == V_WARN ? _("warn") : _("FAIL"), _("clock"));
    /* TRANSLATORS: tokens signed with a wrong clock are refused by HelseID. */
    if (r->clock_skew_s > 0)
        printf(P_("this machine's clock is %lu second ahead of HelseID: set the time (NTP)",
                  "this machine's clock is %lu seconds ahead of HelseID: set the time (NTP)", a), a);
    else
        printf(P_("this machine's clock is %lu second behind HelseID: set the time (NTP)",
                  "this machine's clock is %lu seconds behind HelseID: set the time (NTP)", a), a);
    putchar('\n');
}

static int print_text(const struct preflight_report *r)
{
    enum verdict cv = clock_verdict(r);
    int failed = 0, total = (int)r->n + (r->clock_known ? 1 : 0);

    for (size_t i = 0; i < r->n; i++) {
        const struct preflight_result *x = &r->v[i];
        /* TRANSLATORS: status tags in the check list; keep them at most 5 characters. */
        printf("%-5s %s (%s)\n", x->ok ? _("ok") : _("FAIL"), x->label, x->host);
        if (!x->ok) {
            printf("      %s\n", x->message);
            failed++;
        }
    }
    print_clock(r, cv);
    if (cv == V_FAIL)
        failed++;
    if (failed)
        printf(P_("%d of %d check failed\n", "%d of %d checks failed\n", total), failed, total);
    else if (cv == V_WARN)
        printf(P_("%d check passed, with a warning\n", "all %d checks passed, with a warning\n", total), total);
    else
        printf(P_("%d check passed\n", "all %d checks passed\n", total), total);
    return failed ? 1 : 0;
}

static int print_json(const struct endpoints *ep, const struct preflight_report *r)
{
    cJSON *root = cJSON_CreateObject(), *arr, *c, *clock;
    enum verdict cv = clock_verdict(r);
    bool all_ok = cv != V_FAIL;
    char *s;

    if (!root)
        return 1;
    cJSON_AddStringToObject(root, "environment", endpoint_env_name(ep->env));
    arr = cJSON_AddArrayToObject(root, "checks");
    for (size_t i = 0; i < r->n; i++) {
        const struct preflight_result *x = &r->v[i];
        c = cJSON_CreateObject();
        if (!c)
            break;
        cJSON_AddStringToObject(c, "name", x->label);
        cJSON_AddStringToObject(c, "host", x->host);
        cJSON_AddBoolToObject(c, "ok", x->ok);
        cJSON_AddStringToObject(c, "cause", http_cause_name(x->cause));
        cJSON_AddStringToObject(c, "failed_at", preflight_stage_name(x->failed_at));
        cJSON_AddNumberToObject(c, "status", (double)x->status);
        cJSON_AddNumberToObject(c, "elapsed_ms", (double)x->elapsed_ms);
        if (!x->ok)
            cJSON_AddStringToObject(c, "message", x->message);
        cJSON_AddItemToArray(arr, c);
        all_ok = all_ok && x->ok;
    }
    clock = cJSON_AddObjectToObject(root, "clock");
    cJSON_AddBoolToObject(clock, "known", r->clock_known);
    if (r->clock_known) {
        cJSON_AddNumberToObject(clock, "skew_s", (double)r->clock_skew_s);
        cJSON_AddStringToObject(clock, "verdict", cv == V_OK ? "ok" : cv == V_WARN ? "warn" : "fail");
    }
    cJSON_AddNumberToObject(root, "wall_ms", (double)r->wall_ms);
    cJSON_AddBoolToObject(root, "ok", all_ok);
    s = cJSON_Print(root);
    if (s) {
        puts(s);
        free(s);
    }
    cJSON_Delete(root);
    return all_ok ? 0 : 1;
}

int cmd_check(const struct options *o, int argc, char **argv)
{
    struct endpoints ep;
    struct preflight_target t[5];
    char urls[5][1024];
    struct preflight_report rep;
    struct http_config cfg = { 0 };
    struct error e = { 0 };
    size_t n;
    int status;

    if (argc > 1) {
        fprintf(stderr, "%s: ", PACKAGE);
        fprintf(stderr, _("unexpected operand '%s'"), argv[1]);
        fputc('\n', stderr);
        return 2;
    }
    endpoints_init(&ep);
    preflight_report_init(&rep);
    if (resolve(o, &ep, &e) < 0)
        goto fail;
    n = preflight_targets(&ep, t, urls);
    cfg.ca_file = ep.ca_file;
    cfg.trace = o->verbose ? stderr : NULL;
    if (o->timeout > 0)
        cfg.timeout_ms = (long)o->timeout * 1000;
    if (preflight_run(&cfg, t, n, true, &rep, &e) < 0)
        goto fail;
    status = o->json ? print_json(&ep, &rep) : print_text(&rep);
    preflight_report_clear(&rep);
    endpoints_clear(&ep);
    return status;
fail:
    fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    preflight_report_clear(&rep);
    endpoints_clear(&ep);
    return error_exit_status(e.code);
}
