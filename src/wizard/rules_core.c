#include "config.h"
#include "wizard/rules_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/client_status.h"
#include "core/i18n.h"
#include "core/ident.h"
#include "core/site.h"

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

/* Næringskode hints: the owner's sub-units in one paged list, not one look-up per
 * unit (2,000 units stay instant). */
static void subunit_facts(const struct wizard_core *c, const struct helseid_config *desired,
                          struct rules_input *in, struct diags *out)
{
    const struct org_entity *units = NULL;
    const char *failure = NULL;
    size_t n_units = 0;
    int got;

    if (!c->lookups.subunits || !desired->owner_orgnr || !*desired->owner_orgnr)
        return;
    got = c->lookups.subunits(c->lookups.ctx, desired->owner_orgnr, &units, &n_units, &failure);
    if (got == 0) {
        in->unit_lookups = units;
        in->n_unit_lookups = n_units;
    } else if (got > 0) {       /* asked in the screen's poll loop: the answer comes later */
        diags_add(out, "subunits", DIAG_INFO, NULL,
                  _("asking Enhetsregisteret for the sub-units of %s …"), desired->owner_orgnr);
    } else {
        diags_add(out, "subunits", DIAG_WARN,
                  _("the industry code hints are missing; the sub-units are still sent"),
                  _("cannot read the sub-units from Enhetsregisteret: %s"),
                  failure ? failure : _("look-up failed"));
    }
}

/* Remote facts are optional: say what is missing and why, never block. */
static void preflight_facts(const struct wizard_core *c, size_t first, struct diags *out)
{
    /* An unreachable host fails `check`, but nothing is sent before the hand-off
     * (step 7): the wizard goes on offline with a warning and the hand-off itself
     * reports the network. */
    for (size_t i = first; i < out->n; i++)
        if (out->v[i].level == DIAG_ERROR && out->v[i].field &&
            strncmp(out->v[i].field, "host.", 5) == 0)
            out->v[i].level = DIAG_WARN;
    if (c->offline_cause)
        diags_add(out, "network", DIAG_WARN,
                  _("the wizard works without them; Enhetsregisteret and HelseID facts are missing"),
                  _("the network checks did not run: %s"), c->offline_cause);
    if (c->live_failure)
        diags_add(out, "helseid", DIAG_WARN,
                  _("the sub-units and the service status from HelseID are missing; check the client with 'status'"),
                  _("cannot read the client from HelseID: %s"), c->live_failure);
}

static void check(const struct wizard *w, enum rules_step step,
                  const struct helseid_config *desired, struct diags *out)
{
    const struct wizard_core *c = w->rules->ctx;
    struct rules_input in = {
        .site = w->site,
        .desired = desired,
        .saved = w->site->config,
        .live = c->live,
        .catalog = c->catalog,
        .env = &c->env,
        .owner_lookup = step == RULES_STEP_OWNER ? owner_facts(c, desired->owner_orgnr)
                                                 : c->owner_lookup,
        .create_new = w->create_new,
        .sfm_empty_confirmed = w->sfm_confirm_empty,
        .lang = c->lang,
    };
    size_t first;
    struct error e;

    if (step == RULES_STEP_SUBUNITS)
        subunit_facts(c, desired, &in, out);
    first = out->n;
    if (rules_run(&in, (int)step, out, &e) < 0)
        diags_add(out, NULL, DIAG_ERROR, NULL, "%s", e.msg);
    else if (step == RULES_STEP_PREFLIGHT)
        preflight_facts(c, first, out);
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

static const char *saved_key_problem(const struct wizard *w)
{
    const struct wizard_core *c = w->rules->ctx;

    return c->saved_key_problem;
}

static const char *sfm_previous(const struct wizard *w)
{
    const struct wizard_core *c = w->rules->ctx;

    return rules_sfm_previous(c->catalog, w->site->config, c->live);
}

static bool sfm_in_use(const struct wizard *w)
{
    const struct wizard_core *c = w->rules->ctx;

    return rules_sfm_in_use(c->catalog, w->site->config, c->live);
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
        return error_nomem(e);
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
        .check = check,
        .service_live = service_live,
        .owner_entity = owner_entity,
        .sfm_service = catalog_sfm_service(cat) ? catalog_sfm_service(cat)->id : NULL,
        .sfm_previous = sfm_previous,
        .sfm_in_use = sfm_in_use,
        .saved_key_problem = saved_key_problem,
    };
    return 0;
}

void wizard_core_clear(struct wizard_core *c)
{
    free(c->services);
    free(c->options);
    memset(c, 0, sizeof(*c));
}
