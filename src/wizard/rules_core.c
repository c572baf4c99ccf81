#include "config.h"
#include "wizard/rules_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/client_status.h"
#include "core/i18n.h"
#include "core/ident.h"
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

/* Enhetsregisteret is asked only about a number that passes mod 11 in this
 * environment: a half-typed or wrong number costs no request. */
static const struct org_entity *owner_facts(const struct wizard_core *c, const char *orgnr)
{
    enum ident_reason warning;
    enum ident_env env = c->env.env == RULES_ENV_PROD ? IDENT_ENV_PROD : IDENT_ENV_TEST;

    if (!c->lookups.org)
        return c->owner_lookup;
    if (!orgnr || orgnr_check(orgnr, env, &warning) != IDENT_OK)
        return NULL;
    return c->lookups.org(c->lookups.ctx, orgnr);
}

static void run_step(const struct wizard *w, const struct helseid_config *desired, int step,
                     struct diags *out)
{
    const struct wizard_core *c = w->rules->ctx;
    const struct org_entity *units = NULL;
    const char *units_failure = NULL;
    size_t n_units = 0;
    struct rules_input in = {
        .site = w->site,
        .desired = desired,
        .saved = w->site->config,
        .live = c->live,
        .catalog = c->catalog,
        .env = &c->env,
        .owner_lookup = step == STEP_OWNER ? owner_facts(c, desired->owner_orgnr)
                                           : c->owner_lookup,
        .create_new = w->create_new,
        .sfm_empty_confirmed = w->sfm_confirm_empty,
        .lang = c->lang,
    };
    struct diagnostics d;
    struct error e;

    diagnostics_init(&d);
    /* Næringskode hints: the owner's sub-units in one paged list, not one look-up
     * per unit (2,000 units stay instant). */
    if (step == STEP_SUBUNITS && c->lookups.subunits && desired->owner_orgnr &&
        *desired->owner_orgnr) {
        if (c->lookups.subunits(c->lookups.ctx, desired->owner_orgnr, &units, &n_units,
                                &units_failure) == 0) {
            in.unit_lookups = units;
            in.n_unit_lookups = n_units;
        } else {
            diags_add(out, "subunits", DIAG_WARN,
                      _("the industry code hints are missing; the sub-units are still sent"),
                      _("cannot read the sub-units from Enhetsregisteret: %s"),
                      units_failure ? units_failure : _("look-up failed"));
        }
    }
    if (rules_run(&in, step, &d, &e) < 0) {
        diags_add(out, NULL, DIAG_ERROR, NULL, "%s", e.msg);
        goto out;
    }
    for (size_t i = 0; i < d.n; i++) {
        char field[128];
        enum diag_level level = (enum diag_level)d.v[i].severity;

        map_field(d.v[i].field, field, sizeof(field));
        /* An unreachable host fails `check`, but nothing is sent before the hand-off
         * (step 7): the wizard goes on offline with a warning and the hand-off itself
         * reports the network. */
        if (step == STEP_PREFLIGHT && level == DIAG_ERROR && d.v[i].field && strncmp(d.v[i].field, "host.", 5) == 0)
            level = DIAG_WARN;
        if (diags_add(out, field[0] ? field : NULL, level,
                      d.v[i].hint, "%s", d.v[i].message) == 0) {
            diags_suggest_last(out, d.v[i].suggestion);
            diags_rule_last(out, d.v[i].rule);
        }
    }
out:
    diagnostics_clear(&d);
}

static void preflight(const struct wizard *w, struct diags *out)
{
    const struct wizard_core *c = w->rules->ctx;

    run_step(w, &w->cfg, STEP_PREFLIGHT, out);
    /* Remote facts are optional: say what is missing and why, never block. */
    if (c->offline_cause)
        diags_add(out, "network", DIAG_WARN,
                  _("the wizard works without them; Enhetsregisteret and HelseID facts are missing"),
                  _("the network checks did not run: %s"), c->offline_cause);
    if (c->live_failure)
        diags_add(out, "helseid", DIAG_WARN,
                  _("the sub-units and the service status from HelseID are missing; check the client with 'status'"),
                  _("cannot read the client from HelseID: %s"), c->live_failure);
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

/* Every scope of the service approved: ok; any on the client but not all approved:
 * pending; none on it: not requested. */
static enum live_state service_live(const struct wizard *w, const char *service_id)
{
    const struct wizard_core *c = w->rules->ctx;
    size_t on = 0, ok = 0, n = 0;

    if (!c->live)
        return LIVE_UNKNOWN;
    for (size_t i = 0; i < c->catalog->n_services; i++) {
        const struct catalog_service *s = &c->catalog->services[i];

        if (strcmp(s->id, service_id) != 0)
            continue;
        for (size_t j = 0; j < s->n_scopes; j++, n++) {
            const struct scope_state *st = client_status_scope(c->live, s->scopes[j].scope);

            on += st != NULL;
            ok += st && st->status == ITEM_OK;
        }
        for (size_t k = 0; k < s->n_options; k++)
            for (size_t j = 0; j < s->options[k].n_scopes; j++) {
                const struct scope_state *st =
                    client_status_scope(c->live, s->options[k].scopes[j].scope);

                on += st != NULL;
                ok += st && st->status == ITEM_OK;
            }
    }
    if (!n && !on)
        return LIVE_UNKNOWN;
    if (!on)
        return LIVE_NOT_REQUESTED;
    return ok == on ? LIVE_OK : LIVE_PENDING;
}

static const struct org_entity *owner_entity(const struct wizard *w, const char *orgnr)
{
    return owner_facts(w->rules->ctx, orgnr);
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
        .service_live = service_live,
        .owner_entity = owner_entity,
    };
    return 0;
}

void wizard_core_clear(struct wizard_core *c)
{
    free(c->services);
    free(c->options);
    memset(c, 0, sizeof(*c));
}
