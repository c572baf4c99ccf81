#include "config.h"
#include "wizard/rules_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/site.h"

/* The rules name services "service.ID" (and options "service.ID.OPT"); the views use
 * "ID" and "ID/OPT". Everything else is the same id. */
static void map_field(const char *in, char *out, size_t n)
{
    const char *dot;

    if (!in) {
        out[0] = '\0';
        return;
    }
    if (strncmp(in, "service.", 8) == 0) {
        in += 8;
        dot = strchr(in, '.');
        if (dot)
            snprintf(out, n, "%.*s/%s", (int)(dot - in), in, dot + 1);
        else
            snprintf(out, n, "%s", in);
        return;
    }
    snprintf(out, n, "%s", in);
}

static void run_step(const struct wizard *w, const struct helseid_config *desired, int step,
                     struct diags *out)
{
    const struct wizard_core *c = w->rules->ctx;
    struct rules_input in = {
        .site = w->site,
        .desired = desired,
        .saved = w->site->config,
        .live = NULL,
        .catalog = c->catalog,
        .env = &c->env,
        .owner_lookup = c->owner_lookup,
        .create_new = w->create_new,
        .sfm_empty_confirmed = w->sfm_confirm_empty,
        .lang = c->lang,
    };
    struct diagnostics d;
    struct error e;

    diagnostics_init(&d);
    if (rules_run(&in, step, &d, &e) < 0) {
        diags_add(out, NULL, DIAG_ERROR, NULL, "%s", e.msg);
        goto out;
    }
    for (size_t i = 0; i < d.n; i++) {
        char field[128];

        map_field(d.v[i].field, field, sizeof(field));
        diags_add(out, field[0] ? field : NULL, (enum diag_level)d.v[i].severity, d.v[i].hint,
                  "%s", d.v[i].message);
    }
out:
    diagnostics_clear(&d);
}

static void preflight(const struct wizard *w, struct diags *out)
{
    run_step(w, &w->cfg, STEP_PREFLIGHT, out);
}

static void owner(const struct wizard *w, const char *orgnr, struct diags *out)
{
    struct helseid_config tmp = w->cfg;     /* shallow: only the owner differs */

    tmp.owner_orgnr = (char *)orgnr;
    run_step(w, &tmp, STEP_OWNER, out);
}

static void subunits(const struct wizard *w, struct diags *out)
{
    run_step(w, &w->cfg, STEP_SUBUNITS, out);
}

static void services_check(const struct wizard *w, struct diags *out)
{
    run_step(w, &w->cfg, STEP_SERVICES, out);
}

static void sfm(const struct wizard *w, const char *sfm_id, bool confirmed, struct diags *out)
{
    struct helseid_config tmp = w->cfg;
    struct wizard w2 = *w;

    tmp.sfm_id = sfm_id && *sfm_id ? (char *)sfm_id : NULL;
    w2.sfm_confirm_empty = confirmed;
    run_step(&w2, &tmp, STEP_SETTINGS, out);
}

static enum rules_envkind env_kind(const char *env)
{
    if (env && strcmp(env, "prod") == 0)
        return RULES_ENV_PROD;
    if (env && strcmp(env, "demo") == 0)
        return RULES_ENV_DEMO;
    return RULES_ENV_TEST;
}

int wizard_core_init(struct wizard_core *c, const struct catalog *cat, const char *env,
                     const char *lang, struct error *e)
{
    size_t n_opt = 0, n_svc = 0, k = 0;

    memset(c, 0, sizeof(*c));
    c->catalog = cat;
    c->lang = lang;
    rules_env_init(&c->env);
    c->env.env = env_kind(env);
    for (size_t i = 0; i < cat->n_services; i++)
        if (cat->services[i].display != DISPLAY_HIDDEN) {
            n_svc++;
            n_opt += cat->services[i].n_options;
        }
    c->services = calloc(n_svc ? n_svc : 1, sizeof(*c->services));
    c->options = calloc(n_opt ? n_opt : 1, sizeof(*c->options));
    if (!c->services || !c->options) {
        wizard_core_clear(c);
        return error_set(e, ERR_NOMEM, _("out of memory"));
    }
    n_svc = 0;
    for (size_t i = 0; i < cat->n_services; i++) {
        const struct catalog_service *s = &cat->services[i];
        struct wizard_service *ws;

        if (s->display == DISPLAY_HIDDEN)
            continue;
        ws = &c->services[n_svc++];
        ws->id = s->id;
        ws->label = l10n_get(&s->label, lang);
        ws->info = l10n_get(&s->help, lang);
        ws->options = &c->options[k];
        ws->n_options = s->n_options;
        for (size_t j = 0; j < s->n_options; j++, k++) {
            c->options[k].id = s->options[j].id;
            c->options[k].label = l10n_get(&s->options[j].label, lang);
            c->options[k].info = l10n_get(&s->options[j].help, lang);
            c->options[k].radio = s->options[j].kind == OPTION_RADIO;
        }
    }
    c->rules = (struct wizard_rules){
        .ctx = c,
        .services = c->services,
        .n_services = n_svc,
        .preflight = preflight,
        .owner = owner,
        .subunits = subunits,
        .services_check = services_check,
        .sfm = sfm,
    };
    return 0;
}

void wizard_core_clear(struct wizard_core *c)
{
    free(c->services);
    free(c->options);
    memset(c, 0, sizeof(*c));
}
