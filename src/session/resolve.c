#include "config.h"
#include "session/resolve.h"

#include <locale.h>

#include "core/i18n.h"
#include "core/site.h"
#include "net/preflight.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int cli_resolve_endpoints(const struct options *o, const struct site *site,
                          struct endpoints *ep, struct demo_sim *demo, struct error *e)
{
    struct endpoints_layer from_site = { 0 }, env, flags = { 0 };
    const struct endpoints_layer *layers[4] = { &from_site, &env, &flags, NULL };

    if (site && site->config)
        from_site.env = site->config->env;
    endpoints_layer_from_environ(&env);
    flags.env = o->env;
    flags.authority = o->authority;
    flags.selvbetjening_api = o->selvbetjening_api;
    flags.selvbetjening_web = o->selvbetjening_web;
    flags.brreg = o->brreg;
    flags.ca_file = o->ca_file;
    if (endpoints_resolve(ep, layers, 3, e) < 0)
        return -1;
    if (ep->env == ENDPOINT_ENV_DEMO && !ep->authority && demo) {
        /* The demo environment is the bundled simulator, started for this command;
         * URLs given as flags or in the environment still win. */
        if (demo_sim_start(demo, e) < 0)
            return -1;
        layers[0] = &from_site;
        layers[1] = &demo->urls;
        layers[2] = &env;
        layers[3] = &flags;
        endpoints_clear(ep);
        endpoints_init(ep);
        if (endpoints_resolve(ep, layers, 4, e) < 0)
            return -1;
        /* A person's browser gets the portal's pages over plain HTTP on loopback
         * (no certificate warning, no trust change), unless the portal was given. */
        if (demo->web_browser && ep->selvbetjening_web &&
            strcmp(ep->selvbetjening_web, demo->selvbetjening_web) == 0 &&
            !(ep->portal_browser = strdup(demo->web_browser)))
            return error_nomem(e);
    }
    if (!ep->authority || !ep->selvbetjening_api)
        return error_set(e, ERR_USAGE, "%s",
                         _("no HelseID or Selvbetjening address for this environment: give --authority and --selvbetjening-api"));
    return 0;
}

enum rules_envkind cli_rules_env(enum endpoint_env env)
{
    switch (env) {
    case ENDPOINT_ENV_PROD: return RULES_ENV_PROD;
    case ENDPOINT_ENV_DEMO: return RULES_ENV_DEMO;
    case ENDPOINT_ENV_TEST: break;
    }
    return RULES_ENV_TEST;
}

const char *cli_rules_today(char *buf, size_t cap)
{
    time_t now = time(NULL);
    struct tm tm;

    if (!localtime_r(&now, &tm) || strftime(buf, cap, "%Y-%m-%d", &tm) == 0)
        return NULL;
    return buf;
}

struct reach_result *cli_rules_reach(const struct preflight_report *rep, struct rules_env *env)
{
    struct reach_result *reach = calloc(rep->n ? rep->n : 1, sizeof *reach);

    if (!reach)
        return NULL;
    for (size_t i = 0; i < rep->n; i++) {
        const struct preflight_result *x = &rep->v[i];
        reach[i] = (struct reach_result){ x->host, x->ok, x->message, x->label, x->port,
                                          x->failed_at > PREFLIGHT_STAGE_TCP };
    }
    env->reach = reach;
    env->n_reach = rep->n;
    env->clock_known = rep->clock_known;
    env->clock_skew_s = rep->clock_skew_s;
    return reach;
}

const char *cli_catalog_lang(const struct options *o)
{
    const char *l;

    if (o->lang)
        return o->lang;
    l = setlocale(LC_MESSAGES, NULL);
    return l ? l : "en";
}
